// One bulk sync: run / resync / edit / pause / delete, its runs (live) and their history chart.
import { Stack, Title } from "@mantine/core";
import { lazy, Suspense } from "react";
import { useParams } from "react-router-dom";
import { useCan } from "../../api/session";
import { RunsTable } from "../../shell/RunsTable";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { useSyncActions } from "../../shell/SyncActions";
import type { Execution } from "../syncs/api";
import { scheduleText } from "../syncs/ScheduleEditor";
import { StatusBadge } from "../syncs/SyncStatusBadge";
import { useBulkExecutions, useBulkSync, type BulkExecution } from "./api";

const HistoryChart = lazy(() => import("../syncs/HistoryChart"));

/// A bulk run in the model-sync run's shape, for the badge and the chart.
export function asExecution(e: BulkExecution): Execution {
  return { id: e.id, status: e.status === "errors" ? "completed" : e.status, created_at: e.created_at, started_at: e.started_at, completed_at: e.completed_at, counts: { total: e.record_count ?? 0, error: e.error_count ?? 0 } };
}

export default function BulkPage() {
  const { id } = useParams();
  const sync = useBulkSync(id);
  const runs = useBulkExecutions(id);
  const canRun = useCan("POST", `/api/bulk/syncs/${id}/executions`);
  const running = runs.data?.some((e) => !["completed", "failed", "canceled", "interrupted", "errors"].includes(e.status)) ?? false;
  const { actions, dialogs } = useSyncActions({
    apiPath: `/api/bulk/syncs/${id}`,
    queryKey: ["bulk", id ?? ""],
    listKey: ["bulk"],
    runRoute: (run) => `/runs/bulk/${id}/${run}`,
    editRoute: `/bulk/${id}/edit`,
    listRoute: "/bulk",
    active: sync.data?.active ?? true,
    running,
    what: "bulk sync",
    resyncExplained: "A full resync copies every record of the selected objects again, not only what changed since the last run.",
    deleteExplained: "Its schedule stops and its history goes; the copied tables stay.",
  });
  if (sync.isPending) return <Loading what="the bulk sync" />;
  if (sync.isError) return <LoadFailed error={sync.error} retry={() => sync.refetch()} />;
  const s = sync.data;
  return (
    <>
      <PageHeader title={s.name} description={`${s.mode ?? "snapshot"} · ${scheduleText(s.schedule)}${s.active === false ? " (paused)" : ""}${s.destination_configuration?.schema ? ` · into schema ${String(s.destination_configuration.schema)}` : ""}`} actions={actions} />
      {dialogs}
      <Stack>
        <Title order={2} size="h4">
          History
        </Title>
        {runs.isPending && <Loading what="the runs" />}
        {runs.isError && <LoadFailed error={runs.error} retry={() => runs.refetch()} />}
        {runs.isSuccess && runs.data.length === 0 && <EmptyState title="No runs yet" next={canRun ? "Press Run now to copy the selected objects." : "The bulk sync has not run yet."} />}
        {runs.isSuccess && runs.data.length > 0 && (
          <>
            <Suspense fallback={<Loading what="the chart" />}>
              <HistoryChart runs={runs.data.map(asExecution)} />
            </Suspense>
            <RunsTable
              label="Runs of this bulk sync"
              runs={runs.data.map((e) => ({
                id: e.id,
                to: `/runs/bulk/${id}/${e.id}`,
                createdAt: e.created_at,
                status: <StatusBadge execution={asExecution(e)} />,
                records: e.record_count ?? 0,
                errors: e.error_count ?? 0,
                startedAt: e.started_at,
                completedAt: e.completed_at,
              }))}
            />
          </>
        )}
      </Stack>
    </>
  );
}
