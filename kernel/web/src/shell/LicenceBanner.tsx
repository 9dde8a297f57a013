// The licence's banner (GET /api/license "banner"): evaluation mode, expiry soon,
// grace period. Shown on every page while the server has one.
import { useQuery } from "@tanstack/react-query";
import { request } from "../api/client";
import { StatusAlert } from "./StatusAlert";

interface Licence {
  status?: string;
  banner?: string | null;
  executions_allowed?: boolean;
}

export function useLicence() {
  return useQuery({
    queryKey: ["license"],
    queryFn: async () => (await request<{ data: Licence }>("GET", "/api/license")).data,
    staleTime: 5 * 60_000,
  });
}

export function LicenceBanner() {
  const { data } = useLicence();
  if (!data?.banner) return null;
  const blocked = data.executions_allowed === false;
  return (
    <StatusAlert color={blocked ? "red" : "yellow"} radius={0} aria-label="Licence" title={blocked ? "Syncs cannot run" : undefined}>
      {data.banner}
    </StatusAlert>
  );
}
