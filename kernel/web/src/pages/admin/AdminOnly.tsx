// What a caller below admin sees on a page whose API only admins may read: why,
// and whom to ask (instead of a request the server would refuse).
import { useMe } from "../../api/session";
import { EmptyState, PageHeader } from "../../shell/States";
import type { ReactNode } from "react";

export function AdminOnly({ title, what, children }: { title: string; what: string; children: ReactNode }) {
  const { data: me } = useMe();
  if (me?.role === "admin") return <>{children}</>;
  return (
    <>
      <PageHeader title={title} description={what} />
      <EmptyState title="Only admins see this page" next={`You are signed in as a ${me?.role ?? "viewer"}. An admin of your organization can show you this or change your role.`} />
    </>
  );
}
