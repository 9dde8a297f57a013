// Server validation errors at their field: give a form's inputs
// error={errors.at("name")} and show errors.general for the rest.
import { ApiError, messageOf } from "../api/errors";

export function formErrors(error: unknown, fieldNames: string[] = []) {
  const api = error instanceof ApiError ? error : undefined;
  const at = (name: string) => api?.fieldError(name);
  // What no field of the form shows: the message itself, and fields the form does not have.
  const unplaced = api ? Object.entries(api.fields).filter(([key]) => !fieldNames.some((n) => key === n || key.endsWith("." + n))) : [];
  const general = error ? [messageOf(error), ...unplaced.map(([k, v]) => `${k}: ${v}`)].join("; ") : undefined;
  return { at, general, error: api };
}
