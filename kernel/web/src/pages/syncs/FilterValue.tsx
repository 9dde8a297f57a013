// The filter functions the engine supports (kernel/plugins/RecordMapper.cpp's
// catalogue) and the value each takes: one, two (Between), a list (one of), none
// (is empty), a date (on or after). Filters and overrides of the model sync builder use it.
import { Group, Textarea, TextInput } from "@mantine/core";

export type ValueKind = "one" | "two" | "list" | "none" | "date";

export const FILTER_FUNCTIONS: { value: string; label: string; kind: ValueKind }[] = [
  { value: "Equality", label: "is", kind: "one" },
  { value: "Inequality", label: "is not", kind: "one" },
  { value: "GreaterThan", label: "greater than", kind: "one" },
  { value: "GreaterThanEqual", label: "at least", kind: "one" },
  { value: "LessThan", label: "less than", kind: "one" },
  { value: "LessThanEqual", label: "at most", kind: "one" },
  { value: "Between", label: "between (inclusive)", kind: "two" },
  { value: "StringContains", label: "contains", kind: "one" },
  { value: "StringDoesNotContain", label: "does not contain", kind: "one" },
  { value: "StringStartsWith", label: "starts with", kind: "one" },
  { value: "StringEndsWith", label: "ends with", kind: "one" },
  { value: "StringOneOf", label: "is one of", kind: "list" },
  { value: "StringNotOneOf", label: "is none of", kind: "list" },
  { value: "OnOrAfter", label: "on or after (date)", kind: "date" },
  { value: "OnOrBefore", label: "on or before (date)", kind: "date" },
  { value: "IsNull", label: "is empty", kind: "none" },
  { value: "IsNotNull", label: "is not empty", kind: "none" },
  { value: "True", label: "is true", kind: "none" },
  { value: "False", label: "is false", kind: "none" },
];

export const kindOf = (fn: string | undefined): ValueKind => FILTER_FUNCTIONS.find((f) => f.value === fn)?.kind ?? "one";
export const functionLabel = (fn: string | undefined) => FILTER_FUNCTIONS.find((f) => f.value === fn)?.label ?? fn ?? "";

/// A condition's value as the form holds it: `value` (one, the low end, or a date),
/// `high` (Between's high end), `list` (one of: a value per line).
export interface ConditionText {
  function: string;
  value: string;
  high?: string;
  list?: string;
}

/// A typed value as JSON would carry it: numbers stay numbers.
function typed(text: string): unknown {
  const t = text.trim();
  return t !== "" && !Number.isNaN(Number(t)) ? Number(t) : text;
}

const isTime = (fieldType: string | undefined) => /date|time/i.test(fieldType ?? "");

/// The value sent for a condition (undefined: the function takes none).
export function valueOfCondition(c: ConditionText, fieldType?: string): unknown {
  const kind = kindOf(c.function);
  if (kind === "none") return undefined;
  if (kind === "date") return c.value.trim();
  if (kind === "list") return (c.list ?? "").split("\n").map((v) => v.trim()).filter(Boolean);
  const one = (text: string) => (isTime(fieldType) ? text.trim() : typed(text));
  if (kind === "two") return [one(c.value), one(c.high ?? "")];
  return one(c.value);
}

/// A stored value in the form's terms.
export function conditionText(fn: string, value: unknown): Omit<ConditionText, "function"> {
  const text = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  const kind = kindOf(fn);
  if (kind === "two" && Array.isArray(value)) return { value: text(value[0]), high: text(value[1]) };
  if (kind === "list" && Array.isArray(value)) return { value: "", list: value.map(text).join("\n") };
  return { value: text(value) };
}

/// The value in words, for the review.
export function describeValue(c: ConditionText): string {
  const kind = kindOf(c.function);
  if (kind === "none") return "";
  if (kind === "two") return `${c.value} and ${c.high ?? ""}`;
  if (kind === "list") return (c.list ?? "").split("\n").map((v) => v.trim()).filter(Boolean).join(", ");
  return c.value;
}

interface Props {
  /// "Filter 2" or "Override 1": the start of each input's label.
  what: string;
  condition: ConditionText;
  change: (patch: Partial<ConditionText>) => void;
  /// The model field's type: dates and timestamps get a date input.
  fieldType?: string;
  error?: string;
}

/// The inputs a condition's function needs.
export function ConditionValue({ what, condition, change, fieldType, error }: Props) {
  const kind = kindOf(condition.function);
  const type = kind === "date" || (kind === "two" && isTime(fieldType)) ? "date" : undefined;
  if (kind === "none") return null;
  if (kind === "list")
    return <Textarea label={`${what}: values`} description="One value per line." rows={3} value={condition.list ?? ""} onChange={(e) => change({ list: e.currentTarget.value })} error={error} />;
  if (kind === "two")
    return (
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput type={type} label={`${what}: from`} value={condition.value} onChange={(e) => change({ value: e.currentTarget.value })} error={error} />
        <TextInput type={type} label={`${what}: to`} value={condition.high ?? ""} onChange={(e) => change({ high: e.currentTarget.value })} />
      </Group>
    );
  return <TextInput type={type} label={`${what}: ${kind === "date" ? "date" : "value"}`} value={condition.value} onChange={(e) => change({ value: e.currentTarget.value })} error={error} />;
}
