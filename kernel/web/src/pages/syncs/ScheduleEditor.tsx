// When a sync runs: every schedule the API takes (the SDK's Schedule: manual,
// continuous, hourly, daily, weekly, custom cron, after other syncs), each explained
// in one sentence, with the server's refusal at the field it names. The model sync
// builder and the bulk sync form share it.
import { Checkbox, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { allPages, type ModelSync } from "./api";

export interface ScheduleValue {
  frequency: string;
  minute?: string;
  hour?: string;
  day_of_week?: string;
  day_of_month?: string;
  month?: string;
  /// A five-field cron expression (the server's own field for custom schedules).
  cron?: string;
  run_after?: { sync_ids?: string[]; bulk_sync_ids?: string[] };
  run_after_success_only?: boolean;
}

export const FREQUENCIES: { value: string; label: string; explained: string }[] = [
  { value: "manual", label: "Manually", explained: "Runs only when someone presses Run now (or the API starts a run)." },
  { value: "continuous", label: "Continuously", explained: "Starts the next run as soon as the last one ends." },
  { value: "hourly", label: "Every hour", explained: "Runs once an hour, at the minute you pick." },
  { value: "daily", label: "Every day", explained: "Runs once a day at the hour and minute you pick (UTC)." },
  { value: "weekly", label: "Every week", explained: "Runs once a week on the day, hour and minute you pick (UTC)." },
  { value: "custom", label: "Custom (cron)", explained: "Runs whenever a cron expression matches: minute, hour, day of month, month, day of week, in UTC." },
  { value: "runafter", label: "After other syncs", explained: "Runs each time one of the syncs or bulk syncs you pick finishes a run." },
];

export const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const CRON_FIELDS = ["minute", "hour", "day_of_month", "month", "day_of_week"] as const;
/// Every field name the server may refuse in a schedule (for formErrors' placed fields).
export const SCHEDULE_FIELDS = ["schedule", "frequency", ...CRON_FIELDS, "cron", "run_after", "sync_ids", "bulk_sync_ids", "run_after_success_only"] as const;

/// A stored schedule as the editor holds it: a custom one stored as fields gets its cron text.
export function scheduleOf(stored: ScheduleValue | undefined): ScheduleValue {
  const s: ScheduleValue = { frequency: "manual", ...(stored ?? {}) };
  if (s.frequency === "custom" && !s.cron) s.cron = CRON_FIELDS.map((f) => s[f] || "*").join(" ");
  return s;
}

/// What is sent: only the fields the frequency reads.
export function scheduleBody(s: ScheduleValue): ScheduleValue {
  const { frequency } = s;
  const minute = s.minute ?? "0", hour = s.hour ?? "0";
  if (frequency === "hourly") return { frequency, minute };
  if (frequency === "daily") return { frequency, hour, minute };
  if (frequency === "weekly") return { frequency, day_of_week: s.day_of_week ?? "1", hour, minute };
  if (frequency === "custom") {
    // The server reads `cron`; the five fields beside it are the SDK's own Schedule shape, for its readers.
    const cron = (s.cron ?? "").trim();
    const parts = cron.split(/\s+/);
    return parts.length === 5 ? { frequency, cron, ...Object.fromEntries(CRON_FIELDS.map((f, i) => [f, parts[i]])) } : { frequency, cron };
  }
  if (frequency === "runafter") return { frequency, run_after: { sync_ids: s.run_after?.sync_ids ?? [], bulk_sync_ids: s.run_after?.bulk_sync_ids ?? [] }, run_after_success_only: Boolean(s.run_after_success_only) };
  return { frequency };
}

const at2 = (n: string | undefined) => (n ?? "0").padStart(2, "0");

/// The schedule in a sentence.
export function scheduleText(s: ScheduleValue | undefined): string {
  const v = scheduleOf(s);
  switch (v.frequency) {
    case "manual": return "Only when you press Run";
    case "continuous": return "Continuously: again as soon as a run ends";
    case "hourly": return `Every hour at minute ${v.minute ?? "0"}`;
    case "daily": return `Every day at ${at2(v.hour)}:${at2(v.minute)} UTC`;
    case "weekly": return `Every ${DAYS[Number(v.day_of_week ?? "1")] ?? v.day_of_week} at ${at2(v.hour)}:${at2(v.minute)} UTC`;
    case "custom": return `Cron "${v.cron}" (UTC)`;
    case "runafter": {
      const n = (v.run_after?.sync_ids?.length ?? 0) + (v.run_after?.bulk_sync_ids?.length ?? 0);
      return `After ${n} other sync${n === 1 ? "" : "s"}${v.run_after_success_only ? ", when they succeed" : ""}`;
    }
    default: return v.frequency;
  }
}

/// The schedule under another frequency: plain numbers (minute 5, hour 6) carry over,
/// cron ranges and steps ("*/15") do not, as the hourly/daily/weekly pickers offer none.
function switched(value: ScheduleValue, frequency: string): ScheduleValue {
  const plain = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? v : undefined);
  const next: ScheduleValue = { ...value, frequency, cron: undefined };
  for (const f of CRON_FIELDS) next[f] = frequency === "custom" ? value[f] : plain(value[f]);
  return scheduleOf(next);
}

const numbers = (count: number, step = 1) => Array.from({ length: count }, (_, i) => String(i * step));
/// The choices, with a stored value that is none of them kept (e.g. minute 7).
const withValue = (choices: string[], value: string | undefined) => (value && !choices.includes(value) ? [value, ...choices] : choices);

interface Props {
  value: ScheduleValue;
  onChange: (next: ScheduleValue) => void;
  /// The server's message for a field it names ("minute" finds "schedule.minute").
  errorAt: (name: string) => string | undefined;
  /// The sync being edited: not offered to run after itself.
  selfId?: string;
}

export function ScheduleEditor({ value, onChange, errorAt, selfId }: Props) {
  const set = (patch: Partial<ScheduleValue>) => onChange({ ...value, ...patch });
  const f = value.frequency;
  const explained = FREQUENCIES.find((x) => x.value === f)?.explained;
  // A cron expression is refused field by field (schedule.minute ...) or whole (schedule.cron, schedule).
  const cronError = errorAt("cron") ?? CRON_FIELDS.map((n) => (errorAt(n) ? `${n.replace(/_/g, " ")}: ${errorAt(n)}` : undefined)).find(Boolean) ?? errorAt("schedule");
  return (
    <Stack maw={640}>
      <NativeSelect
        label="Run"
        description={explained}
        value={f}
        onChange={(e) => onChange(switched(value, e.currentTarget.value))}
        data={FREQUENCIES.map((x) => ({ value: x.value, label: x.label }))}
        error={errorAt("frequency") ?? (f !== "custom" && f !== "runafter" ? errorAt("schedule") : undefined)}
      />
      {f === "weekly" && <NativeSelect label="Day" value={value.day_of_week ?? "1"} onChange={(e) => set({ day_of_week: e.currentTarget.value })} data={DAYS.map((d, i) => ({ value: String(i), label: d }))} error={errorAt("day_of_week")} />}
      {(f === "daily" || f === "weekly") && <NativeSelect label="Hour (UTC)" value={value.hour ?? "0"} onChange={(e) => set({ hour: e.currentTarget.value })} data={withValue(numbers(24), value.hour)} error={errorAt("hour")} />}
      {(f === "hourly" || f === "daily" || f === "weekly") && <NativeSelect label="Minute" value={value.minute ?? "0"} onChange={(e) => set({ minute: e.currentTarget.value })} data={withValue(numbers(12, 5), value.minute)} error={errorAt("minute")} />}
      {f === "custom" && (
        <TextInput
          label="Cron expression"
          description='Five fields, UTC: minute hour day-of-month month day-of-week, e.g. "*/15 9-17 * * 1-5" (every 15 minutes, 9:00 to 17:45, Monday to Friday).'
          required
          value={value.cron ?? ""}
          onChange={(e) => set({ cron: e.currentTarget.value })}
          error={cronError}
        />
      )}
      {f === "runafter" && <RunAfter value={value} set={set} error={errorAt("run_after") ?? errorAt("sync_ids") ?? errorAt("bulk_sync_ids")} selfId={selfId} />}
      <Text size="sm" c="dimmed" data-testid="schedule-text">
        {scheduleText(scheduleBody(value))}.
      </Text>
    </Stack>
  );
}

interface Named {
  id: string;
  name: string;
}

function RunAfter({ value, set, error, selfId }: { value: ScheduleValue; set: (patch: Partial<ScheduleValue>) => void; error?: string; selfId?: string }) {
  const syncs = useQuery({ queryKey: ["syncs", "all"], queryFn: () => allPages<ModelSync>("/api/syncs") });
  const bulk = useQuery({ queryKey: ["bulk", "all"], queryFn: () => allPages<Named>("/api/bulk/syncs") });
  const after = value.run_after ?? {};
  const group = (label: string, items: Named[] | undefined, chosen: string[] | undefined, key: "sync_ids" | "bulk_sync_ids") => (
    <Checkbox.Group label={label} value={chosen ?? []} onChange={(ids) => set({ run_after: { ...after, [key]: ids } })}>
      <Stack gap={4} mt={4} style={{ maxHeight: 220, overflowY: "auto" }}>
        {(items ?? []).filter((s) => s.id !== selfId).map((s) => <Checkbox key={s.id} value={s.id} label={s.name} size="sm" />)}
        {items?.filter((s) => s.id !== selfId).length === 0 && (
          <Text size="sm" c="dimmed">
            None yet.
          </Text>
        )}
      </Stack>
    </Checkbox.Group>
  );
  return (
    <Stack gap="sm">
      {group("After these model syncs", syncs.data, after.sync_ids, "sync_ids")}
      {group("After these bulk syncs", bulk.data, after.bulk_sync_ids, "bulk_sync_ids")}
      {error && (
        <Text size="sm" c="red.8" role="alert">
          {error}
        </Text>
      )}
      <Checkbox label="Only when that run succeeded" checked={Boolean(value.run_after_success_only)} onChange={(e) => set({ run_after_success_only: e.currentTarget.checked })} />
    </Stack>
  );
}
