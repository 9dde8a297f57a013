// What the bulk sync pages read and write, in the SDK's shapes (BulkSyncResponse,
// BulkSchedule, BulkSchema, BulkSyncExecution, BulkSyncSource, BulkSyncDest).
import { useQuery } from "@tanstack/react-query";
import { request } from "../../api/client";
import type { ScheduleValue } from "../syncs/ScheduleEditor";

export type BulkSyncMode = "snapshot" | "replicate";

export type BulkSchedule = ScheduleValue;

export interface BulkSync {
  id: string;
  name: string;
  active?: boolean;
  mode?: BulkSyncMode;
  source_connection_id: string;
  destination_connection_id: string;
  destination_configuration?: Record<string, unknown>;
  schedule?: BulkSchedule;
}

export interface BulkSchemaItem {
  id: string;
  enabled?: boolean;
  fields?: { id: string; enabled?: boolean }[];
}

export interface BulkSyncBody {
  name: string;
  active?: boolean;
  mode: BulkSyncMode;
  source_connection_id: string;
  destination_connection_id: string;
  destination_configuration: Record<string, unknown>;
  schedule: BulkSchedule;
  schemas: (string | BulkSchemaItem)[];
}

export interface SourceSchema {
  id: string;
  name?: string;
  fields?: { id: string; name?: string; type?: string }[];
}

export interface BulkSchemaExecution {
  schema?: string;
  output_name?: string;
  status?: string;
  status_message?: string;
  record_count?: number;
  error_count?: number;
  started_at?: string;
  completed_at?: string;
}

export interface BulkExecution {
  id: string;
  status: string;
  status_message?: string;
  is_resync?: boolean;
  record_count?: number;
  error_count?: number;
  warning_count?: number;
  created_at?: string;
  started_at?: string;
  completed_at?: string;
  schemas?: BulkSchemaExecution[];
}

export function useBulkSync(id: string | undefined) {
  return useQuery({
    queryKey: ["bulk", id],
    enabled: Boolean(id),
    queryFn: async () => (await request<{ data: BulkSync }>("GET", `/api/bulk/syncs/${id}`)).data,
  });
}

/// The objects a bulk sync copies (GET .../schemas: each object with every field, enabled or not).
export function useBulkSchemas(id: string | undefined) {
  return useQuery({
    queryKey: ["bulk", id, "schemas"],
    enabled: Boolean(id),
    queryFn: async () => (await request<{ data: BulkSchemaItem[] }>("GET", `/api/bulk/syncs/${id}/schemas`)).data,
  });
}

export function useBulkExecutions(id: string | undefined) {
  return useQuery({
    queryKey: ["bulk", id, "executions"],
    enabled: Boolean(id),
    queryFn: async () => (await request<{ data: BulkExecution[] }>("GET", `/api/bulk/syncs/${id}/executions?limit=50`)).data,
    refetchInterval: (q) => (q.state.data?.some((e) => !["completed", "failed", "canceled", "interrupted"].includes(e.status)) ? 1500 : false),
  });
}

export function startBulkRun(id: string, resync = false) {
  return request<{ data: BulkExecution }>("POST", `/api/bulk/syncs/${id}/executions`, resync ? { resync: true } : {});
}
