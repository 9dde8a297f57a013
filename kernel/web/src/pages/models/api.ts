// What the model pages read and write.
import { useQuery } from "@tanstack/react-query";
import { request } from "../../api/client";

export interface ModelField {
  id: string;
  name: string;
  type: string;
  remote_type?: string;
}

export interface Model {
  id: string;
  name: string;
  connection_id: string;
  type: "query" | "table";
  configuration: { query?: string; table?: string };
  identifier?: string;
  fields: ModelField[];
  updated_at?: string;
}

export interface SourceObject {
  id: string;
  name: string;
}

export function useModel(id: string | undefined) {
  return useQuery({
    queryKey: ["models", id],
    enabled: Boolean(id),
    queryFn: async () => (await request<{ data: Model }>("GET", `/api/models/${id}`)).data,
  });
}

/// The tables and views discovered at a connection (GET /api/connections/{id}/schemas).
export function useSourceObjects(connectionId: string | undefined) {
  return useQuery({
    queryKey: ["connections", connectionId, "schemas"],
    enabled: Boolean(connectionId),
    queryFn: async () => (await request<{ data: SourceObject[] }>("GET", `/api/connections/${connectionId}/schemas`)).data,
    staleTime: 60_000,
  });
}

interface QueryAnswer {
  id: string;
  status: string;
  fields?: unknown[];
  results?: unknown[];
  error?: string;
}

/// Rows of a SQL query, through the query runner (POST /api/connections/{id}/query, then GET /api/queries/{id} until done).
export async function runQuery(connectionId: string, query: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
  let answer = (await request<{ data: QueryAnswer }>("POST", `/api/connections/${connectionId}/query`, { query })).data;
  const deadline = Date.now() + 60_000;
  while (answer.status !== "done" && answer.status !== "failed" && !answer.error) {
    if (signal?.aborted) throw new Error("canceled");
    if (Date.now() > deadline) throw new Error("the query did not finish within a minute");
    await new Promise((r) => setTimeout(r, 400));
    answer = (await request<{ data: QueryAnswer }>("GET", `/api/queries/${answer.id}`)).data;
  }
  if (answer.error) throw new Error(answer.error);
  return rowsOf(answer.fields ?? [], answer.results ?? []);
}

function rowsOf(fields: unknown[], results: unknown[]): Record<string, unknown>[] {
  const names = fields.map((f) => (typeof f === "string" ? f : String((f as { name?: string }).name ?? "")));
  return results.map((row) => {
    if (Array.isArray(row)) return Object.fromEntries(row.map((v, i) => [names[i] ?? String(i), v]));
    return row as Record<string, unknown>;
  });
}

/// Sample rows of a table (GET /api/connections/{id}/schemas/{table}/records).
export async function tableRows(connectionId: string, table: string): Promise<Record<string, unknown>[]> {
  return (await request<{ data: Record<string, unknown>[] }>("GET", `/api/connections/${connectionId}/schemas/${encodeURIComponent(table)}/records?limit=20`)).data;
}
