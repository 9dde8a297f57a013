// What the admin pages read and write, in the SDK's shapes (users, keys, webhooks,
// notifications) and the server's own documented routes (audit log, licence,
// connector catalog with its refused plugins).
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { api, request, unwrap } from "../../api/client";
import type { components } from "../../api/openapi";
import type { Role } from "../../api/session";

export const ROLES: { value: Role; label: string }[] = [
  { value: "admin", label: "Admin: everything, users, keys and settings" },
  { value: "member", label: "Member: builds and runs pipelines" },
  { value: "viewer", label: "Viewer: reads only" },
];

/// The SDK's User (role is the legacy name the server still answers).
export interface User {
  id: string;
  email: string;
  organization_id?: string;
  role: string;
  role_ids?: string[];
  created_at?: string;
}

export interface Webhook {
  id: string;
  endpoint: string;
  secret?: string;
  disabled?: boolean;
  created_at?: string;
  updated_at?: string;
}

export interface EventRecord {
  id: string;
  type: string;
  created_at: string;
  event?: Record<string, unknown>;
}

export interface AuditEntry {
  id: string;
  created_at: string;
  actor: { type: string; id: string | null; email: string | null };
  action: string;
  method: string;
  route: string;
  resource_id: string | null;
  status: number;
  detail: string | null;
}

export interface Licence {
  mode?: string;
  status?: string;
  banner?: string | null;
  message?: string;
  executions_allowed?: boolean;
  revoked?: boolean;
  deployment?: string;
  customer?: string;
  license_id?: string;
  issued_at?: string;
  expires_at?: string;
  grace_ends_at?: string;
  days_left?: number;
  entitlements?: { max_active_syncs?: number | null; connectors?: string[] | null };
  usage?: { active_syncs?: number };
}

/// A plugin file the server refused, with the ABI and SDK versions it declares (null when its manifest could not be read).
export type RefusedPlugin = components["schemas"]["RefusedPlugin"];

export interface ConnectorCatalog {
  data: { id: string; name: string; version?: string; sdk_version?: string; capabilities?: Record<string, boolean>; modes?: string[] }[];
  refused?: RefusedPlugin[];
}

/// Users: the API answers the whole list (the SDK takes no page token); the page pages it.
export function useUsers(enabled = true) {
  return useQuery({
    queryKey: ["users"],
    enabled,
    queryFn: async () => (await request<{ data: User[] }>("GET", "/api/organization/users")).data,
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: ["webhooks"],
    queryFn: async () => (await request<{ data: Webhook[] }>("GET", "/api/webhooks")).data,
  });
}

export function useEventTypes() {
  return useQuery({
    queryKey: ["events_types"],
    queryFn: async () => (await request<{ data: string[] }>("GET", "/api/events_types")).data,
    staleTime: 60 * 60_000,
  });
}

export function useConnectorCatalog() {
  return useQuery({
    queryKey: ["connection_types", "catalog"],
    // Typed from the OpenAPI document: the refused plugins' shape is the server's own (RefusedPlugin).
    queryFn: async (): Promise<ConnectorCatalog> => {
      const answer = await unwrap(api.GET("/api/connection_types", {}));
      return { data: (answer.data ?? []) as ConnectorCatalog["data"], refused: answer.refused ?? [] };
    },
    staleTime: 5 * 60_000,
  });
}

/// A readable time for an ISO timestamp, in the browser's zone.
export function when(iso?: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/// A passing message (top right), its close button labelled for screen readers.
export function tell(message: string, color: "teal" | "red" = "teal") {
  notifications.show({ color, message, closeButtonProps: { "aria-label": "Dismiss" } });
}
