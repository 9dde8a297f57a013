// One model sync: what it does, run / full resync / edit / pause, its runs (live),
// and its history as a chart (the chart library loads with this page only).
import { Alert, Anchor, Button, Group, Modal, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { request } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useCan } from "../../api/session";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { duration, modeLabel, MODES, startRun, useExecutions, useSync, useSyncStatus, when } from "./api";
import { StatusBadge } from "./SyncStatusBadge";

const HistoryChart = lazy(() => import("./HistoryChart"));

export default function SyncPage() {
  const { id } = useParams();
  const sync = useSync(id);
  const status = useSyncStatus(id);
  const live = Boolean(status.data?.current_execution);
  const runs = useExecutions(id, true);
  const canRun = useCan("POST", `/api/syncs/${id}/executions`);
  const canEdit = useCan("PUT", `/api/syncs/${id}`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirmResync, setConfirmResync] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const run = useMutation({
    mutationFn: (resync: boolean) => startRun(id!, resync),
    onSuccess: (answer) => {
      queryClient.invalidateQueries({ queryKey: ["syncs", id] });
      navigate(`/runs/syncs/${id}/${answer.data.id}`);
    },
  });
  const activate = useMutation({
    mutationFn: (active: boolean) => request("POST", `/api/syncs/${id}/activate`, { active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["syncs", id] }),
  });
  const remove = useMutation({
    mutationFn: () => request("DELETE", `/api/syncs/${id}`),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ["syncs"] });
      notifications.show({ message: "Sync deleted", color: "green", closeButtonProps: { "aria-label": "Close the message" } });
      navigate("/syncs", { replace: true });
    },
  });

  if (sync.isPending) return <Loading what="the sync" />;
  if (sync.isError) return <LoadFailed error={sync.error} retry={() => sync.refetch()} />;
  const s = sync.data;
  const actions = (
    <>
      {canRun && (
        <>
          <Button onClick={() => run.mutate(false)} loading={run.isPending && run.variables === false} disabled={live}>
            Run now
          </Button>
          <Button variant="default" onClick={() => setConfirmResync(true)} disabled={live}>
            Full resync
          </Button>
        </>
      )}
      {canEdit && (
        <>
          <Button variant="default" component={Link} to={`/syncs/${id}/edit`}>
            Edit
          </Button>
          <Button variant="subtle" onClick={() => activate.mutate(!(s.active ?? true))} loading={activate.isPending}>
            {s.active === false ? "Resume schedule" : "Pause schedule"}
          </Button>
          <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        </>
      )}
    </>
  );
  return (
    <>
      <PageHeader title={s.name} description={`${modeLabel(s.mode)} into ${s.target.object ?? ""}. ${MODES.find((m) => m.value === s.mode)?.explained ?? ""}`} actions={actions} />
      {run.isError && (
        <Alert color="red" role="alert" mb="md" title="The run did not start">
          {messageOf(run.error)}
        </Alert>
      )}
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
              <Text size="sm">{s.schedule?.frequency ?? "manual"}{s.active === false ? " (paused)" : ""}</Text>
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
            <Table.ScrollContainer minWidth={560}>
              <Table striped aria-label="Runs of this sync">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Run</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Records</Table.Th>
                    <Table.Th>Inserted / updated / deleted</Table.Th>
                    <Table.Th>Errors</Table.Th>
                    <Table.Th>Duration</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {runs.data.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/runs/syncs/${id}/${e.id}`}>
                          {when(e.created_at)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge execution={e} />
                      </Table.Td>
                      <Table.Td>{e.counts?.total ?? 0}</Table.Td>
                      <Table.Td>
                        {e.counts?.insert ?? 0} / {e.counts?.update ?? 0} / {e.counts?.delete ?? 0}
                      </Table.Td>
                      <Table.Td>{e.counts?.error ?? 0}</Table.Td>
                      <Table.Td>{duration(e) === undefined ? "—" : `${duration(e)!.toFixed(1)} s`}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>

      <Modal opened={confirmResync} onClose={() => setConfirmResync(false)} title="Run a full resync?">
        <Stack>
          <Text size="sm">A full resync writes every record of the model again, not only those that changed since the last run.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmResync(false)}>
              Not now
            </Button>
            <Button
              onClick={() => {
                setConfirmResync(false);
                run.mutate(true);
              }}
            >
              Resync everything
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete this sync?">
        <Stack>
          <Text size="sm">Its schedule stops and its run history goes. The target's records stay.</Text>
          {remove.isError && (
            <Alert color="red" role="alert">
              {messageOf(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
