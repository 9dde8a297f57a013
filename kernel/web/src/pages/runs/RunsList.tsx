// Runs: every sync's current or last run, model syncs and bulk syncs, with links to watch them.
import { Anchor, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { request } from "../../api/client";
import { usePagedList } from "../../api/pagination";
import { DataTable } from "../../shell/DataTable";
import { LoadMore } from "../../shell/LoadMore";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import type { BulkExecution, BulkSync } from "../bulk/api";
import { asExecution } from "../bulk/BulkPage";
import { when, type ModelSync } from "../syncs/api";
import { LastRun, StatusBadge } from "../syncs/SyncStatusBadge";

function BulkLastRun({ id }: { id: string }) {
  const status = useQuery({
    queryKey: ["bulk", id, "status"],
    queryFn: async () => (await request<{ data: { current_execution?: BulkExecution; last_execution?: BulkExecution } }>("GET", `/api/bulk/syncs/${id}/status`)).data,
  });
  const run = status.data?.current_execution ?? status.data?.last_execution;
  if (!run) return <Text size="sm" c="dimmed">{status.isPending ? "…" : "never run"}</Text>;
  return (
    <Anchor component={Link} to={`/runs/bulk/${id}/${run.id}`} aria-label={`Last run: ${run.status}, ${when(run.created_at)}`}>
      <StatusBadge execution={asExecution(run)} />
    </Anchor>
  );
}

/// One kind of sync, each with its current or last run, page by page.
function Section({ title, label, head, list, route, lastRun }: {
  title: string;
  label: string;
  head: string;
  list: ReturnType<typeof usePagedList<{ id: string; name: string }>>;
  route: string;
  lastRun: (s: { id: string }) => ReactNode;
}) {
  if (list.items.length === 0) return null;
  return (
    <>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <DataTable
        label={label}
        items={list.items}
        rowKey={(s) => s.id}
        columns={[
          {
            title: head,
            key: true,
            cell: (s) => (
              <Anchor component={Link} to={`${route}/${s.id}`}>
                {s.name}
              </Anchor>
            ),
          },
          { title: "Current or last run", key: true, cell: lastRun },
        ]}
      />
      <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} shown={list.items.length} />
    </>
  );
}

export function RunsList() {
  const syncs = usePagedList<ModelSync>(["syncs", "list"], "/api/syncs");
  const bulk = usePagedList<BulkSync>(["bulk", "list"], "/api/bulk/syncs");
  const empty = syncs.isSuccess && bulk.isSuccess && syncs.items.length === 0 && bulk.items.length === 0;
  return (
    <>
      <PageHeader title="Runs" description="The current or last run of every sync; open one to watch it live." />
      {(syncs.isPending || bulk.isPending) && <Loading what="runs" />}
      {syncs.isError && <LoadFailed error={syncs.error} retry={() => syncs.refetch()} />}
      {bulk.isError && <LoadFailed error={bulk.error} retry={() => bulk.refetch()} />}
      {empty && <EmptyState title="No runs yet" next="Runs appear here once a model sync or a bulk sync exists: build one on the Model syncs or Bulk syncs page." />}
      <Section title="Model syncs" label="Model sync runs" head="Sync" list={syncs} route="/syncs" lastRun={(s) => <LastRun syncId={s.id} />} />
      <Section title="Bulk syncs" label="Bulk sync runs" head="Bulk sync" list={bulk} route="/bulk" lastRun={(s) => <BulkLastRun id={s.id} />} />
    </>
  );
}
