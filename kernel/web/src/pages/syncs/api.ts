// What the model sync, run and home pages read and write, in the SDK's shapes
// (polytomic api/types: ModelSyncResponse, Target, ModelSyncField, Identity, Filter,
// Override, Schedule, TargetObject, TargetResponse, GetExecutionResponseSchema).
import { useQuery } from "@tanstack/react-query";
import { request } from "../../api/client";
import type { ScheduleValue } from "./ScheduleEditor";

export type ModelSyncMode = "create" | "update" | "updateOrCreate" | "replace" | "append" | "remove" | "snapshot";

export interface Source {
  model_id: string;
  field: string;
}

export interface ModelSyncField {
  source?: Source;
  target: string;
  override_value?: string;
  sync_mode?: string;
  new?: boolean;
}

export interface Target {
  connection_id: string;
  object?: string;
  configuration?: Record<string, unknown>;
  filter_logic?: string;
}

export interface Identity {
  source: Source;
  target: string;
  function: "Equality" | "ISubstring" | "OneOf" | "DomainMatch" | "HostnameMatch";
}

export interface Filter {
  field?: Source;
  function: string;
  value?: unknown;
  label?: string;
}

export interface Override {
  field?: Source;
  function?: string;
  value?: unknown;
  override?: unknown;
}

export interface ModelSync {
  id: string;
  name: string;
  active?: boolean;
  mode: ModelSyncMode;
  model_ids?: string[];
  target: Target;
  fields?: ModelSyncField[];
  identity?: Identity;
  filters?: Filter[];
  filter_logic?: string;
  overrides?: Override[];
  schedule?: ScheduleValue;
  sync_all_records?: boolean;
  updated_at?: string;
}

export type ModelSyncBody = Omit<ModelSync, "id" | "model_ids" | "updated_at">;

export interface SupportedMode {
  id?: ModelSyncMode;
  requires_identity?: boolean;
}

export interface TargetObject {
  id: string;
  name?: string;
  modes?: SupportedMode[];
}

export interface TargetField {
  id: string;
  name?: string;
  type?: string;
  source_type?: string;
  required?: boolean;
  createable?: boolean;
  updateable?: boolean;
  supports_identity?: boolean;
  identity_functions?: { id?: string; label?: string }[];
}

export interface TargetResponse {
  id?: string;
  name?: string;
  fields?: TargetField[];
}

export interface ExecutionCounts {
  total?: number;
  insert?: number;
  update?: number;
  upserts?: number;
  delete?: number;
  error?: number;
  warnings?: number;
}

export interface Execution {
  id: string;
  status: string;
  type?: string;
  trigger?: string;
  created_at?: string;
  started_at?: string;
  completed_at?: string;
  counts?: ExecutionCounts;
  errors?: string[];
}

export interface SyncStatus {
  current_execution?: Execution;
  last_execution?: Execution;
  next_execution_time?: string;
}

export const TERMINAL = ["completed", "failed", "canceled", "interrupted"];

export function isTerminal(status: string | undefined) {
  return status !== undefined && TERMINAL.includes(status);
}

/// One sentence per mode, in the product's words (reference §3 and API.md).
export const MODES: { value: ModelSyncMode; label: string; explained: string }[] = [
  { value: "create", label: "Create", explained: "Adds records whose identity is not in the target yet; records already there are left alone." },
  { value: "update", label: "Update", explained: "Changes records that already exist in the target (matched on the identity); never adds new ones." },
  { value: "updateOrCreate", label: "Update or create", explained: "Updates records that exist and adds the ones that do not (an upsert)." },
  { value: "replace", label: "Replace", explained: "Upserts like update or create, and clears mapped target fields that the model leaves empty." },
  { value: "snapshot", label: "Snapshot", explained: "Makes the target hold exactly the model: adds and updates, and deletes target records the model no longer has." },
  { value: "append", label: "Append", explained: "Inserts every record on every run, with no identity to match on." },
  { value: "remove", label: "Remove", explained: "Deletes the target records whose identity is in the model." },
];

export function modeLabel(mode: string | undefined) {
  return MODES.find((m) => m.value === mode)?.label ?? mode ?? "";
}

export const STATUS_COLOR: Record<string, string> = {
  completed: "green",
  failed: "red",
  canceled: "gray",
  canceling: "orange",
  interrupted: "orange",
  running: "blue",
  processing: "blue",
  queued: "cyan",
  scheduled: "cyan",
  created: "cyan",
  waiting: "cyan",
};

/// The outcome a run's colour shows: completed with per-record errors is its own outcome.
export function outcomeOf(e: Execution): "completed" | "with errors" | "failed" | "canceled" | "running" {
  if (e.status === "completed") return (e.counts?.error ?? 0) > 0 ? "with errors" : "completed";
  if (e.status === "failed" || e.status === "interrupted") return "failed";
  if (e.status === "canceled" || e.status === "canceling") return "canceled";
  return "running";
}

/// Every item of a paginated list (for pickers: the API pages at 50).
export async function allPages<T>(path: string): Promise<T[]> {
  const all: T[] = [];
  let token = "";
  for (let page = 0; page < 100; ++page) {
    const answer = await request<{ data: T[]; pagination?: { next_page_token?: string | null } }>("GET", `${path}?limit=50${token ? `&page_token=${encodeURIComponent(token)}` : ""}`);
    all.push(...(answer.data ?? []));
    token = answer.pagination?.next_page_token ?? "";
    if (!token) break;
  }
  return all;
}

export function useSync(id: string | undefined) {
  return useQuery({
    queryKey: ["syncs", id],
    enabled: Boolean(id),
    queryFn: async () => (await request<{ data: ModelSync }>("GET", `/api/syncs/${id}`)).data,
  });
}

export function useSyncStatus(id: string | undefined, live = true) {
  return useQuery({
    queryKey: ["syncs", id, "status"],
    enabled: Boolean(id),
    queryFn: async () => (await request<{ data: SyncStatus }>("GET", `/api/syncs/${id}/status`)).data,
    refetchInterval: (q) => (live && q.state.data?.current_execution ? 1000 : false),
  });
}

/// The newest runs of a sync (one page of the API's, up to 50).
export function useExecutions(syncId: string | undefined, live = false) {
  return useQuery({
    queryKey: ["syncs", syncId, "executions"],
    enabled: Boolean(syncId),
    queryFn: async () => (await request<{ data: Execution[] }>("GET", `/api/syncs/${syncId}/executions?limit=50`)).data,
    refetchInterval: (q) => (live && q.state.data?.some((e) => !isTerminal(e.status)) ? 1500 : false),
  });
}

export function useTargetObjects(connectionId: string | undefined) {
  return useQuery({
    queryKey: ["connections", connectionId, "targetobjects"],
    enabled: Boolean(connectionId),
    queryFn: async () => (await request<{ data: TargetObject[] }>("GET", `/api/connections/${connectionId}/modelsync/targetobjects`)).data,
    staleTime: 60_000,
  });
}

export function useTargetFields(connectionId: string | undefined, object: string | undefined) {
  return useQuery({
    queryKey: ["connections", connectionId, "target", object],
    enabled: Boolean(connectionId && object),
    retry: false,
    queryFn: async () =>
      (await request<{ data: TargetResponse }>("GET", `/api/connections/${connectionId}/modelsync/target/fields?target=${encodeURIComponent(object!)}`)).data,
    staleTime: 60_000,
  });
}

/// Starts a run (POST /api/syncs/{id}/executions {resync?}).
export function startRun(syncId: string, resync = false) {
  return request<{ data: { id: string; status: string } }>("POST", `/api/syncs/${syncId}/executions`, resync ? { resync: true } : {});
}

export { duration, when } from "../../shell/RunsTable";
