// A form generated from a JSON Schema (a connector's configuration, a destination's
// options): react-jsonschema-form with Mantine inputs, so it looks and reads like
// every other form here. Each input carries its label, description and errors (the
// schema's checks and the server's, given as extraErrors), so a refusal is shown at
// its field. Loaded with the pages that use it (its own chunk).
import { Checkbox, NativeSelect, NumberInput, PasswordInput, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import Form from "@rjsf/core";
import type {
  BaseInputTemplateProps,
  ErrorSchema,
  FieldTemplateProps,
  ObjectFieldTemplateProps,
  RegistryWidgetsType,
  RJSFSchema,
  UiSchema,
  WidgetProps,
} from "@rjsf/utils";
import type { ReactNode } from "react";
import { schemaValidator } from "./schemaValidator";

function errorText(rawErrors?: string[]) {
  return rawErrors && rawErrors.length ? rawErrors.join("; ") : undefined;
}

function descriptionOf(props: WidgetProps) {
  return (props.options.description as string | undefined) ?? props.schema.description;
}

function labelOf(props: WidgetProps) {
  return props.hideLabel ? undefined : props.label || props.name;
}

function BaseInput(props: BaseInputTemplateProps) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, options, schema, rawErrors, placeholder, autofocus } = props;
  const common = {
    id,
    label: labelOf(props),
    description: descriptionOf(props),
    required,
    disabled: disabled || readonly,
    error: errorText(rawErrors),
    placeholder,
    autoFocus: autofocus,
    onBlur: () => onBlur(id, value),
    onFocus: () => onFocus(id, value),
  };
  if (schema.type === "integer" || schema.type === "number") {
    return (
      <NumberInput
        {...common}
        value={value ?? ""}
        allowDecimal={schema.type === "number"}
        min={schema.minimum}
        max={schema.maximum}
        onChange={(v) => onChange(typeof v === "number" ? v : v === "" ? options.emptyValue : Number(v))}
      />
    );
  }
  return <TextInput {...common} value={value ?? ""} onChange={(e) => onChange(e.currentTarget.value === "" ? options.emptyValue : e.currentTarget.value)} />;
}

function PasswordWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, onChange, options, rawErrors, placeholder } = props;
  return (
    <PasswordInput
      id={id}
      label={labelOf(props)}
      description={descriptionOf(props)}
      required={required}
      disabled={disabled || readonly}
      error={errorText(rawErrors)}
      placeholder={placeholder}
      autoComplete="new-password"
      value={value ?? ""}
      onChange={(e) => onChange(e.currentTarget.value === "" ? options.emptyValue : e.currentTarget.value)}
    />
  );
}

function TextareaWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, onChange, options, rawErrors, placeholder } = props;
  return (
    <Textarea
      id={id}
      label={labelOf(props)}
      description={descriptionOf(props)}
      required={required}
      disabled={disabled || readonly}
      error={errorText(rawErrors)}
      placeholder={placeholder}
      autosize
      minRows={3}
      value={value ?? ""}
      onChange={(e) => onChange(e.currentTarget.value === "" ? options.emptyValue : e.currentTarget.value)}
    />
  );
}

function CheckboxWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, onChange, rawErrors } = props;
  return (
    <Checkbox
      id={id}
      label={props.label || props.name}
      description={descriptionOf(props)}
      disabled={disabled || readonly}
      error={errorText(rawErrors)}
      checked={Boolean(value)}
      onChange={(e) => onChange(e.currentTarget.checked)}
    />
  );
}

function SelectWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, onChange, options, rawErrors } = props;
  const choices = (options.enumOptions ?? []).map((o, i) => ({ value: String(i), label: String(o.label) }));
  const index = (options.enumOptions ?? []).findIndex((o) => o.value === value);
  return (
    <NativeSelect
      id={id}
      label={labelOf(props)}
      aria-label={labelOf(props) ? undefined : props.label || props.name}
      description={descriptionOf(props)}
      required={required}
      disabled={disabled || readonly}
      error={errorText(rawErrors)}
      data={[{ value: "", label: required ? "Choose one" : "(none)" }, ...choices]}
      value={index < 0 ? "" : String(index)}
      onChange={(e) => {
        const picked = e.currentTarget.value;
        onChange(picked === "" ? options.emptyValue : options.enumOptions?.[Number(picked)]?.value);
      }}
    />
  );
}

function FieldTemplate({ children, classNames, hidden }: FieldTemplateProps) {
  if (hidden) return <div hidden>{children}</div>;
  return <div className={classNames}>{children}</div>;
}

function ObjectFieldTemplate({ title, description, properties, idSchema }: ObjectFieldTemplateProps) {
  const root = idSchema.$id === "root";
  return (
    <Stack gap="sm">
      {!root && title && (
        <Title order={3} size="h5">
          {title}
        </Title>
      )}
      {!root && description && (
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      )}
      {properties.map((p) => p.content)}
    </Stack>
  );
}

const widgets: RegistryWidgetsType = { PasswordWidget, TextareaWidget, CheckboxWidget, SelectWidget };

const templates = {
  BaseInputTemplate: BaseInput,
  FieldTemplate,
  ObjectFieldTemplate,
  ButtonTemplates: { SubmitButton: () => null },
};

export interface SchemaFormProps<T> {
  schema: RJSFSchema;
  uiSchema?: UiSchema;
  formData: T;
  onChange: (data: T) => void;
  /// The server's refusals, field by field ({password: {__errors: ["..."]}}).
  extraErrors?: ErrorSchema;
  disabled?: boolean;
  idPrefix?: string;
  children?: ReactNode;
}

/// The schema's fields; the caller renders its own buttons outside (the form never submits itself).
export default function SchemaForm<T>({ schema, uiSchema, formData, onChange, extraErrors, disabled, idPrefix }: SchemaFormProps<T>) {
  return (
    <Form
      tagName="div"
      schema={schema}
      uiSchema={uiSchema}
      formData={formData}
      validator={schemaValidator}
      widgets={widgets}
      templates={templates}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      disabled={disabled}
      idPrefix={idPrefix}
      onChange={(e) => onChange(e.formData as T)}
    />
  );
}
