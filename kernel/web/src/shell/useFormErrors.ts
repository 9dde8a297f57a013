// Server refusals at their field, the one way every form places them: give a form's
// inputs error={errors.at("name")} and show errors.general (when there is one) for
// what no field of the form shows. A validation error names its fields
// (metadata.fields, "configuration.password" is found as "password"); a refusal that
// names none (a connector's failed check) may still belong to a field: `placeMessage`
// says which, and the message is shown there.
import { useMemo } from "react";
import { ApiError, messageOf } from "../api/errors";

export interface FormErrors {
  /// The server's message for the input named `name`, if it refused that one.
  at: (name: string) => string | undefined;
  /// What no input shows (the message, and the fields the form does not have); undefined when every refusal is at an input.
  general?: string;
  error?: ApiError;
}

/// `placeMessage(message)`: the input a field-less refusal belongs to, and the words to show there.
export type PlaceMessage = (message: string) => { field: string; message: string } | undefined;

export function formErrors(error: unknown, fieldNames: readonly string[] = [], placeMessage?: PlaceMessage): FormErrors {
  if (!error) return { at: () => undefined };
  const api = error instanceof ApiError ? error : undefined;
  const fields = api?.fields ?? {};
  const named = Object.keys(fields).length > 0;
  const whole = named || !placeMessage ? undefined : placeMessage(messageOf(error));
  const at = (name: string) => (whole ? (whole.field === name ? whole.message : undefined) : api?.fieldError(name));
  const shows = (key: string) => fieldNames.some((n) => key === n || key.endsWith("." + n));
  const unplaced = Object.entries(fields).filter(([key]) => !shows(key));
  const allPlaced = whole !== undefined || (named && unplaced.length === 0);
  const general = allPlaced ? undefined : [messageOf(error), ...unplaced.map(([k, v]) => `${k}: ${v}`)].join("; ");
  return { at, general, error: api };
}

/// formErrors, computed again only when the refusal changes.
export function useFormErrors(error: unknown, fieldNames: readonly string[] = [], placeMessage?: PlaceMessage): FormErrors {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => formErrors(error, fieldNames, placeMessage), [error, fieldNames.join(","), placeMessage]);
}
