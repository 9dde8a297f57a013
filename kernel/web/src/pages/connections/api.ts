// What the connection pages read and write (GET|POST /api/connections, the types' schemas).
import { useQuery } from "@tanstack/react-query";
import { request } from "../../api/client";

export interface ConnectionType {
  id: string;
  name: string;
  version?: string;
  sdk_version?: string;
  use_oauth?: boolean;
  capabilities?: { source?: boolean; destination?: boolean; query?: boolean };
}

export interface Connection {
  id: string;
  name: string;
  type: { id: string; name: string };
  configuration: Record<string, unknown>;
  status?: string;
  status_error?: string;
  created_at?: string;
  updated_at?: string;
}

export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  required?: string[];
  properties?: Record<string, JsonSchema & { secret?: boolean; format?: string; multiline?: boolean }>;
  [key: string]: unknown;
}

/// The value the API shows for a stored secret, and takes back to keep it.
export const REDACTED = "********";

export function useConnectionTypes() {
  return useQuery({
    queryKey: ["connection_types"],
    queryFn: async () => (await request<{ data: ConnectionType[] }>("GET", "/api/connection_types")).data,
    staleTime: 5 * 60_000,
  });
}

export function useConnectionSchema(type: string | undefined) {
  return useQuery({
    queryKey: ["connection_types", type, "schema"],
    enabled: Boolean(type),
    // The SDK's getConnectionTypeSchema: the JSON Schema itself, no envelope.
    queryFn: () => request<JsonSchema>("GET", `/api/connection_types/${encodeURIComponent(type!)}`),
    staleTime: 5 * 60_000,
  });
}

export function useConnection(id: string | undefined) {
  return useQuery({
    queryKey: ["connections", id],
    enabled: Boolean(id),
    queryFn: async () => (await request<{ data: Connection }>("GET", `/api/connections/${id}`)).data,
  });
}

export function secretFields(schema: JsonSchema | undefined): string[] {
  return Object.entries(schema?.properties ?? {})
    .filter(([, p]) => p.secret)
    .map(([name]) => name);
}

/// Where a connector's check message belongs: the one field of the form it names
/// ("password authentication failed" -> password), or none (shown above the form).
export function fieldOfMessage(message: string, schema: JsonSchema | undefined): string | undefined {
  const properties = Object.entries(schema?.properties ?? {});
  const text = message.toLowerCase();
  const rules: [RegExp, (name: string, p: JsonSchema & { secret?: boolean }) => boolean][] = [
    [/password|credential|secret|token|api key|authenticat/, (n, p) => Boolean(p.secret) || /password|secret|token|key/.test(n)],
    [/database "[^"]*" does not exist|unknown database|no such database/, (n) => /database|dbname/.test(n)],
    [/role "[^"]*" does not exist|user "[^"]*"|unknown user/, (n) => /user/.test(n)],
    [/could not translate host|name or service not known|connection refused|could not connect|timed? ?out|no route to host|host/, (n) => /host|url|endpoint/.test(n)],
  ];
  for (const [pattern, fits] of rules) {
    if (!pattern.test(text)) continue;
    let found = properties.filter(([n, p]) => fits(n, p));
    // Several fields fit (password, connection_url): the one the message names.
    if (found.length > 1) found = found.filter(([n]) => text.includes(n.replace(/_/g, " ")) || text.includes(n));
    if (found.length === 1) return found[0][0];
  }
  const named = properties.filter(([n, p]) => new RegExp(`\\b${n}\\b`).test(text) || (p.title && text.includes(p.title.toLowerCase())));
  return named.length === 1 ? named[0][0] : undefined;
}
