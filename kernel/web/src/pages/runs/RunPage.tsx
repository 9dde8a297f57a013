// One run of a model sync, live: status, counts, the per-record logs (inserts,
// updates, deletes, errors with the target's message), the console log; cancel,
// run again, full resync.
import { Alert, Anchor, Button, Group, Paper, Stack, Tabs, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { request } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useCan } from "../../api/session";
import { LoadFailed, Loading, PageHeader } from "../../shell/States";
import { duration, isTerminal, startRun, useSync, when, type Execution } from "../syncs/api";
import { StatusBadge } from "../syncs/SyncStatusBadge";
import { ConsoleLog } from "./ConsoleLog";
import { RecordLog } from "./RecordLog";

export function Count({ label, value, testId }: { label: string; value: number | string; testId?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

export default function RunPage() {
  const { syncId, execId } = useParams();
  const sync = useSync(syncId);
  const base = `/api/syncs/${syncId}/executions/${execId}`;
  const run = useQuery({
    queryKey: ["syncs", syncId, "executions", execId],
    queryFn: async () => (await request<{ data: Execution }>("GET", base)).data,
    refetchInterval: (q) => (isTerminal(q.state.data?.status) ? false : 1000),
  });
  const canRun = useCan("POST", `/api/syncs/${syncId}/executions`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<string | null>("errors");

  const cancel = useMutation({
    mutationFn: () => request("POST", `${base}/cancel`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["syncs", syncId] }),
  });
  const again = useMutation({
    mutationFn: (resync: boolean) => startRun(syncId!, resync),
    onSuccess: (answer) => {
      queryClient.invalidateQueries({ queryKey: ["syncs", syncId] });
      navigate(`/runs/syncs/${syncId}/${answer.data.id}`);
    },
  });

  if (run.isPending) return <Loading what="the run" />;
  if (run.isError) return <LoadFailed error={run.error} retry={() => run.refetch()} />;
  const e = run.data;
  const finished = isTerminal(e.status);
  const c = e.counts ?? {};
  const seconds = duration(e);
  const actions = canRun && (
    <>
      {!finished && (
        <Button color="red" variant="light" onClick={() => cancel.mutate()} loading={cancel.isPending} disabled={e.status === "canceling"}>
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
      <PageHeader title={`Run of ${sync.data?.name ?? "a sync"}`} description={`Started ${when(e.started_at ?? e.created_at)}${e.trigger ? ` (${e.trigger})` : ""}`} actions={actions} />
      <Stack>
        <Group gap="sm">
          <Text size="sm">Status</Text>
          <StatusBadge execution={e} />
          {!finished && (
            <Text size="xs" c="dimmed" role="status">
              updating live
            </Text>
          )}
          <Anchor component={Link} to={`/syncs/${syncId}`} size="sm">
            The sync and its history
          </Anchor>
        </Group>
        {(cancel.isError || again.isError) && (
          <Alert color="red" role="alert">
            {messageOf(cancel.error ?? again.error)}
          </Alert>
        )}
        <div className="run-counts" role="group" aria-label="Counts" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(110px, 1fr))", gap: 8 }}>
          <Count label="Records" value={c.total ?? 0} testId="count-total" />
          <Count label="Inserted" value={c.insert ?? 0} testId="count-insert" />
          <Count label="Updated" value={c.update ?? 0} testId="count-update" />
          <Count label="Deleted" value={c.delete ?? 0} testId="count-delete" />
          <Count label="Errors" value={c.error ?? 0} testId="count-error" />
          <Count label="Duration" value={seconds === undefined ? "—" : `${seconds.toFixed(1)} s`} />
        </div>
        {(e.errors ?? []).length > 0 && (
          <Alert color={e.status === "failed" ? "red" : "orange"} title={e.status === "failed" ? "The run failed" : undefined} aria-label={e.status === "failed" ? undefined : "Errors of this run"}>
            <Text size="sm" lineClamp={6}>
              {(e.errors ?? []).slice(0, 5).join("\n")}
              {(e.errors ?? []).length > 5 ? ` … and ${(e.errors ?? []).length - 5} more in the Errors tab` : ""}
            </Text>
          </Alert>
        )}
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="errors">Errors ({c.error ?? 0})</Tabs.Tab>
            <Tabs.Tab value="inserts">Inserts ({c.insert ?? 0})</Tabs.Tab>
            <Tabs.Tab value="updates">Updates ({c.update ?? 0})</Tabs.Tab>
            <Tabs.Tab value="deletes">Deletes ({c.delete ?? 0})</Tabs.Tab>
            <Tabs.Tab value="console">Console log</Tabs.Tab>
          </Tabs.List>
          {["errors", "inserts", "updates", "deletes"].map((kind) => (
            <Tabs.Panel value={kind} key={kind} pt="sm">
              <RecordLog listPath={`${base}/${kind}`} kind={kind} finished={finished} />
            </Tabs.Panel>
          ))}
          <Tabs.Panel value="console" pt="sm">
            <ConsoleLog path={`${base}/console`} finished={finished} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}
