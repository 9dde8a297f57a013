// One run of a bulk sync, live: status, records and errors per object, the run's
// log file; cancel, run again, full resync.
import { Alert, Anchor, Button, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router-dom";
import { request } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useCan } from "../../api/session";
import { LoadFailed, Loading, PageHeader } from "../../shell/States";
import { startBulkRun, useBulkSync, type BulkExecution } from "../bulk/api";
import { asExecution } from "../bulk/BulkPage";
import { duration, when } from "../syncs/api";
import { StatusBadge } from "../syncs/SyncStatusBadge";
import { Count } from "./RunPage";

const DONE = ["completed", "failed", "canceled", "interrupted", "errors"];

function BulkLog({ path, finished }: { path: string; finished: boolean }) {
  const log = useQuery({
    queryKey: ["bulk-log", path, finished],
    queryFn: async () => {
      const links = (await request<{ data: { URLs?: string[] } }>("GET", path)).data.URLs ?? [];
      const texts = [];
      for (const url of links) {
        const u = new URL(url, window.location.href);
        texts.push(await (await fetch(u.pathname + u.search, { credentials: "same-origin" })).text());
      }
      return texts.join("\n");
    },
    refetchInterval: finished ? false : 2000,
  });
  if (log.isPending) return <Loading what="the log" />;
  if (log.isError) return <LoadFailed error={log.error} retry={() => log.refetch()} />;
  return (
    <Code block style={{ maxHeight: 320, overflow: "auto", whiteSpace: "pre-wrap" }} tabIndex={0} aria-label="Console log" data-testid="console-log">
      {log.data || "Nothing logged yet."}
    </Code>
  );
}

export default function BulkRunPage() {
  const { syncId, execId } = useParams();
  const sync = useBulkSync(syncId);
  const base = `/api/bulk/syncs/${syncId}/executions/${execId}`;
  const run = useQuery({
    queryKey: ["bulk", syncId, "executions", execId],
    queryFn: async () => (await request<{ data: BulkExecution }>("GET", base)).data,
    refetchInterval: (q) => (DONE.includes(q.state.data?.status ?? "") ? false : 1000),
  });
  const canRun = useCan("POST", `/api/bulk/syncs/${syncId}/executions`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const cancel = useMutation({ mutationFn: () => request("POST", `${base}/cancel`), onSuccess: () => queryClient.invalidateQueries({ queryKey: ["bulk", syncId] }) });
  const again = useMutation({ mutationFn: (resync: boolean) => startBulkRun(syncId!, resync), onSuccess: (a) => navigate(`/runs/bulk/${syncId}/${a.data.id}`) });

  if (run.isPending) return <Loading what="the run" />;
  if (run.isError) return <LoadFailed error={run.error} retry={() => run.refetch()} />;
  const e = run.data;
  const finished = DONE.includes(e.status);
  const seconds = duration(e);
  const actions = canRun && (
    <>
      {!finished && (
        <Button color="red" variant="light" onClick={() => cancel.mutate()} loading={cancel.isPending}>
          Cancel run
        </Button>
      )}
      {finished && (
        <>
          <Button onClick={() => again.mutate(false)} loading={again.isPending && again.variables === false}>
            Run again
          </Button>
          <Button variant="default" onClick={() => again.mutate(true)} loading={again.isPending && again.variables === true}>
            Full resync
          </Button>
        </>
      )}
    </>
  );
  return (
    <>
      <PageHeader title={`Run of ${sync.data?.name ?? "a bulk sync"}`} description={`Started ${when(e.started_at ?? e.created_at)}${e.is_resync ? " (full resync)" : ""}`} actions={actions} />
      <Stack>
        <Group gap="sm">
          <Text size="sm">Status</Text>
          <StatusBadge execution={asExecution(e)} />
          <Anchor component={Link} to={`/bulk/${syncId}`} size="sm">
            The bulk sync and its history
          </Anchor>
        </Group>
        {(cancel.isError || again.isError) && (
          <Alert color="red" role="alert">
            {messageOf(cancel.error ?? again.error)}
          </Alert>
        )}
        {e.status_message && <Alert color={e.status === "failed" ? "red" : "blue"}>{e.status_message}</Alert>}
        <div className="run-counts" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(110px, 1fr))", gap: 8 }}>
          <Count label="Records" value={e.record_count ?? 0} testId="count-total" />
          <Count label="Errors" value={e.error_count ?? 0} testId="count-error" />
          <Count label="Duration" value={seconds === undefined ? "—" : `${seconds.toFixed(1)} s`} />
        </div>
        <Title order={2} size="h4">
          Objects
        </Title>
        <Table.ScrollContainer minWidth={420}>
          <Table striped aria-label="Objects of this run">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Object</Table.Th>
                <Table.Th>Copied to</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Records</Table.Th>
                <Table.Th>Errors</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(e.schemas ?? []).map((s) => (
                <Table.Tr key={s.schema}>
                  <Table.Td>{s.schema}</Table.Td>
                  <Table.Td>{s.output_name}</Table.Td>
                  <Table.Td>
                    <StatusBadge execution={{ status: s.status ?? "", counts: { error: s.error_count } }} />
                    {s.status_message && (
                      <Text size="xs" c="dimmed">
                        {s.status_message}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{s.record_count ?? 0}</Table.Td>
                  <Table.Td>{s.error_count ?? 0}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Title order={2} size="h4">
          Console log
        </Title>
        <BulkLog path={`${base}/logs`} finished={finished} />
      </Stack>
    </>
  );
}
