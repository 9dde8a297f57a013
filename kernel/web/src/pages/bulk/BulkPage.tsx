// One bulk sync: run / resync / pause / delete, its runs (live) and their history chart.
import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { request } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useCan } from "../../api/session";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { duration, when, type Execution } from "../syncs/api";
import { StatusBadge } from "../syncs/SyncStatusBadge";
import { startBulkRun, useBulkExecutions, useBulkSync, type BulkExecution } from "./api";

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
  const canEdit = useCan("PUT", `/api/bulk/syncs/${id}`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const running = runs.data?.some((e) => !["completed", "failed", "canceled", "interrupted", "errors"].includes(e.status));
  const run = useMutation({
    mutationFn: (resync: boolean) => startBulkRun(id!, resync),
    onSuccess: (answer) => navigate(`/runs/bulk/${id}/${answer.data.id}`),
  });
  const activate = useMutation({
    mutationFn: (active: boolean) => request("POST", `/api/bulk/syncs/${id}/activate`, { active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["bulk", id] }),
  });
  const remove = useMutation({
    mutationFn: () => request("DELETE", `/api/bulk/syncs/${id}`),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ["bulk"] });
      navigate("/bulk", { replace: true });
    },
  });
  if (sync.isPending) return <Loading what="the bulk sync" />;
  if (sync.isError) return <LoadFailed error={sync.error} retry={() => sync.refetch()} />;
  const s = sync.data;
  const actions = (
    <>
      {canRun && (
        <>
          <Button onClick={() => run.mutate(false)} loading={run.isPending && run.variables === false} disabled={running}>
            Run now
          </Button>
          <Button variant="default" onClick={() => run.mutate(true)} loading={run.isPending && run.variables === true} disabled={running}>
            Full resync
          </Button>
        </>
      )}
      {canEdit && (
        <>
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
      <PageHeader title={s.name} description={`${s.mode ?? "snapshot"} · ${s.schedule?.frequency ?? "manual"}${s.destination_configuration?.schema ? ` · into schema ${String(s.destination_configuration.schema)}` : ""}`} actions={actions} />
      {run.isError && (
        <Alert color="red" role="alert" mb="md" title="The run did not start">
          {messageOf(run.error)}
        </Alert>
      )}
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
            <Table.ScrollContainer minWidth={480}>
              <Table striped aria-label="Runs of this bulk sync">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Run</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Records</Table.Th>
                    <Table.Th>Errors</Table.Th>
                    <Table.Th>Duration</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {runs.data.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/runs/bulk/${id}/${e.id}`}>
                          {when(e.created_at)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge execution={asExecution(e)} />
                      </Table.Td>
                      <Table.Td>{e.record_count ?? 0}</Table.Td>
                      <Table.Td>{e.error_count ?? 0}</Table.Td>
                      <Table.Td>{duration(e) === undefined ? "—" : `${duration(e)!.toFixed(1)} s`}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete this bulk sync?">
        <Stack>
          <Text size="sm">Its schedule stops and its history goes; the copied tables stay.</Text>
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
