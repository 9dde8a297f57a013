// rjsf's validator on @cfworker/json-schema, which interprets a schema instead of
// compiling it to code: AJV (validator-ajv8) builds functions with new Function,
// which the page's Content-Security-Policy (script-src 'self', no 'unsafe-eval')
// refuses, and a connector's schema is known only at run time, so it cannot be
// compiled at build time either.
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import {
  createErrorHandler,
  toErrorList,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type CustomValidator,
  type ErrorSchema,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidatorType,
} from "@rjsf/utils";

// Keywords that only say a part below failed: the part's own error says what.
const SUMMARIES = new Set(["properties", "items", "allOf", "$ref", "additionalItems", "unevaluatedProperties", "dependentSchemas"]);

function withDefinitions(schema: RJSFSchema, root?: RJSFSchema): Schema {
  if (!root || root === schema) return schema as Schema;
  return { ...(schema as object), definitions: root.definitions, $defs: (root as Record<string, unknown>).$defs } as Schema;
}

function run(schema: Schema, data: unknown): OutputUnit[] {
  return new Validator(schema, "7", false).validate(data === undefined ? {} : data).errors;
}

/// "#/a/b" -> ".a.b", as rjsf names a field.
function propertyOf(unit: OutputUnit): string {
  const pointer = unit.instanceLocation.replace(/^#/, "");
  let path = pointer.split("/").filter(Boolean).map((p) => "." + decodeURIComponent(p.replace(/~1/g, "/").replace(/~0/g, "~"))).join("");
  if (unit.keyword === "required") {
    const missing = unit.error.match(/"([^"]+)"/);
    if (missing) path += "." + missing[1];
  }
  return path;
}

function messageOf(unit: OutputUnit): string {
  if (unit.keyword === "required") return "is required";
  return unit.error.replace(/^Instance /, "").replace(/\.$/, "");
}

function toRjsfErrors(units: OutputUnit[]): RJSFValidationError[] {
  return units
    .filter((unit) => !SUMMARIES.has(unit.keyword))
    .map((unit) => {
      const property = propertyOf(unit);
      const message = messageOf(unit);
      return { name: unit.keyword, property, message, stack: `${property.slice(1) || "form"} ${message}`, schemaPath: unit.keywordLocation };
    });
}

export const schemaValidator: ValidatorType = {
  validateFormData(formData: unknown, schema: RJSFSchema, customValidate?: CustomValidator, transformErrors?: ErrorTransformer, uiSchema?: UiSchema) {
    let errors = toRjsfErrors(run(schema as Schema, formData));
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema(errors) as ErrorSchema;
    const validation = { errors, errorSchema };
    if (!customValidate) return validation;
    const handler = customValidate(formData, createErrorHandler(formData), uiSchema);
    return validationDataMerge(validation, unwrapErrorHandler(handler));
  },
  toErrorList(errorSchema?: ErrorSchema, fieldPath: string[] = []) {
    return toErrorList(errorSchema, fieldPath);
  },
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema) {
    try {
      return run(withDefinitions(schema, rootSchema), formData).length === 0;
    } catch {
      return false;
    }
  },
  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown) {
    try {
      return { errors: run(schema as Schema, formData) as unknown as Result[] };
    } catch (error) {
      return { validationError: error as Error };
    }
  },
};
