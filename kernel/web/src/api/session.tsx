// Who is signed in (GET /api/me), and what their role lets them do. The server
// decides (auth/Role.cpp); canCall mirrors its rule so a viewer sees no control
// the server would refuse.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { api, setCsrfToken, unwrap } from "./client";
import { ApiError } from "./errors";

export type Role = "admin" | "member" | "viewer";

export interface Me {
  id?: string;
  email?: string;
  role: Role;
  organization_id?: string;
  organization_name?: string;
  csrf_token?: string;
}

export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<Me | null> => {
      try {
        const answer = await unwrap(api.GET("/api/me", {}));
        const me = (answer as { data: Me }).data;
        setCsrfToken(me.csrf_token);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null; // not signed in
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

const ADMIN_ONLY = ["/api/organization", "/api/organizations", "/api/audit", "/api/settings", "/api/webhooks", "/api/permissions", "/api/notifications"];

/// The role the server requires for a call (kernel/auth/Role.cpp requiredRole).
export function requiredRole(method: string, path: string): Role {
  const read = method === "GET" || method === "HEAD";
  if (read && path === "/api/organization") return "viewer";
  if (ADMIN_ONLY.some((prefix) => path.startsWith(prefix))) return "admin";
  return read ? "viewer" : "member";
}

/// A user's own key: its route is guarded at viewer (kernel/http/IdentityHandlers.cpp), and
/// the handler lets only an admin make anyone else's.
const USER_KEY = /^\/api\/organizations\/[^/]+\/users\/([^/]+)\/keys$/;

export function canCall(me: Pick<Me, "role" | "id"> | null | undefined, method: string, path: string): boolean {
  if (!me) return false;
  const userKey = method === "POST" ? USER_KEY.exec(path) : null;
  if (userKey) return me.role === "admin" || (me.id !== undefined && userKey[1] === me.id);
  return RANK[me.role] >= RANK[requiredRole(method, path)];
}

/// useCan("POST", "/api/connections"): whether to show a control that makes that call.
export function useCan(method: string, path: string): boolean {
  const { data } = useMe();
  return canCall(data, method, path);
}

/// Renders its children only for a caller whose role allows the call.
export function Can({ method, path, children }: { method: string; path: string; children: ReactNode }) {
  return useCan(method, path) ? <>{children}</> : null;
}
