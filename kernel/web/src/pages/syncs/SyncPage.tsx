// One model sync: what it does, run / full resync / edit / pause / delete, its runs
// (live), and its history as a chart (the chart library loads with this page only).
import { Anchor, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router-dom";
import { useCan } from "../../api/session";
import { RunsTable } from "../../shell/RunsTable";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { useSyncActions } from "../../shell/SyncActions";
import { modeLabel, MODES, useExecutions, useSync, useSyncStatus, when } from "./api";
import { scheduleText } from "./ScheduleEditor";
import { StatusBadge } from "./SyncStatusBadge";

const HistoryChart = lazy(() => import("./HistoryChart"));

export default function SyncPage() {
  const { id } = useParams();
  const sync = useSync(id);
  const status = useSyncStatus(id);
  const live = Boolean(status.data?.current_execution);
  const runs = useExecutions(id, true);
  const canRun = useCan("POST", `/api/syncs/${id}/executions`);
  const { actions, dialogs } = useSyncActions({
    apiPath: `/api/syncs/${id}`,
    queryKey: ["syncs", id ?? ""],
    listKey: ["syncs"],
    runRoute: (run) => `/runs/syncs/${id}/${run}`,
    editRoute: `/syncs/${id}/edit`,
    listRoute: "/syncs",
    active: sync.data?.active ?? true,
    running: live,
    what: "sync",
    resyncExplained: "A full resync writes every record of the model again, not only those that changed since the last run.",
    deleteExplained: "Its schedule stops and its run history goes. The target's records stay.",
  });

  if (sync.isPending) return <Loading what="the sync" />;
  if (sync.isError) return <LoadFailed error={sync.error} retry={() => sync.refetch()} />;
  const s = sync.data;
  return (
    <>
      <PageHeader title={s.name} description={`${modeLabel(s.mode)} into ${s.target.object ?? ""}. ${MODES.find((m) => m.value === s.mode)?.explained ?? ""}`} actions={actions} />
      {dialogs}
      <Stack>
        <Paper withBorder p="md">
          <Group gap="xl" wrap="wrap">
            <div>
              <Text size="xs" c="dimmed">
                Now
              </Text>
              {status.data?.current_execution ? (
                <Anchor component={Link} to={`/runs/syncs/${id}/${status.data.current_execution.id}`}>
                  <StatusBadge execution={status.data.current_execution} />
                </Anchor>
              ) : (
                <Text size="sm">idle</Text>
              )}
            </div>
            <div>
              <Text size="xs" c="dimmed">
                Schedule
              </Text>
              <Text size="sm" data-testid="sync-schedule">
                {scheduleText(s.schedule)}
                {s.active === false ? " (paused)" : ""}
              </Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">
                Next run
              </Text>
              <Text size="sm">{status.data?.next_execution_time ? when(status.data.next_execution_time) : "—"}</Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">
                Fields
              </Text>
              <Text size="sm">{(s.fields ?? []).map((f) => `${f.source?.field ?? `"${f.override_value}"`} → ${f.target}`).join(", ")}</Text>
            </div>
          </Group>
        </Paper>

        <Title order={2} size="h4">
          History
        </Title>
        {runs.isPending && <Loading what="the runs" />}
        {runs.isError && <LoadFailed error={runs.error} retry={() => runs.refetch()} />}
        {runs.isSuccess && runs.data.length === 0 && <EmptyState title="No runs yet" next={canRun ? "Press Run now to write the model's records into the target." : "The sync has not run yet."} />}
        {runs.isSuccess && runs.data.length > 0 && (
          <>
            <Suspense fallback={<Loading what="the chart" />}>
              <HistoryChart runs={runs.data} />
            </Suspense>
            <RunsTable
              label="Runs of this sync"
              runs={runs.data.map((e) => ({
                id: e.id,
                to: `/runs/syncs/${id}/${e.id}`,
                createdAt: e.created_at,
                status: <StatusBadge execution={e} />,
                records: e.counts?.total ?? 0,
                errors: e.counts?.error ?? 0,
                changes: `${e.counts?.insert ?? 0} / ${e.counts?.update ?? 0} / ${e.counts?.delete ?? 0}`,
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
