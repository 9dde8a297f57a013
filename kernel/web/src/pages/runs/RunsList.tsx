// Runs: every sync's current or last run, model syncs and bulk syncs, with links to watch them.
import { Anchor, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
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
      {syncs.items.length > 0 && (
        <>
          <Title order={2} size="h4" mb="xs">
            Model syncs
          </Title>
          <DataTable
            label="Model sync runs"
            items={syncs.items}
            rowKey={(s) => s.id}
            columns={[
              {
                title: "Sync",
                key: true,
                cell: (s) => (
                  <Anchor component={Link} to={`/syncs/${s.id}`}>
                    {s.name}
                  </Anchor>
                ),
              },
              { title: "Current or last run", key: true, cell: (s) => <LastRun syncId={s.id} /> },
            ]}
          />
          <LoadMore hasMore={Boolean(syncs.hasNextPage)} loading={syncs.isFetchingNextPage} onMore={() => syncs.fetchNextPage()} shown={syncs.items.length} />
        </>
      )}
      {bulk.items.length > 0 && (
        <>
          <Title order={2} size="h4" mb="xs">
            Bulk syncs
          </Title>
          <DataTable
            label="Bulk sync runs"
            items={bulk.items}
            rowKey={(s) => s.id}
            columns={[
              {
                title: "Bulk sync",
                key: true,
                cell: (s) => (
                  <Anchor component={Link} to={`/bulk/${s.id}`}>
                    {s.name}
                  </Anchor>
                ),
              },
              { title: "Current or last run", key: true, cell: (s) => <BulkLastRun id={s.id} /> },
            ]}
          />
          <LoadMore hasMore={Boolean(bulk.hasNextPage)} loading={bulk.isFetchingNextPage} onMore={() => bulk.fetchNextPage()} shown={bulk.items.length} />
        </>
      )}
    </>
  );
}
