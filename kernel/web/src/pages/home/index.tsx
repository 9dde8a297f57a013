// Home: what failed recently (the API's events of the last 48 hours: failed runs and
// runs that completed with record errors), with links to each run; for a new
// organization, the first steps in order (a connection, a model, a sync).
import { Anchor, Badge, Button, Group, List, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useQueries, useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { request } from "../../api/client";
import { useCan } from "../../api/session";
import { LoadFailed, Loading, PageHeader } from "../../shell/States";
import { DataTable } from "../../shell/DataTable";
import { when } from "../syncs/api";

interface Event {
  id: string;
  type: string;
  created_at: string;
  event?: { execution_id?: string; sync_id?: string; bulk_sync_id?: string; sync_name?: string; name?: string; error?: string; error_count?: number };
}

const FAILURES = ["sync.failed", "sync.completed_with_errors", "bulk_sync.failed", "bulk_sync.completed_with_error"];

function useCount(path: string) {
  return useQuery({
    queryKey: ["home", "count", path],
    queryFn: async () => (await request<{ data: unknown[] }>("GET", `${path}?limit=1`)).data.length,
  });
}

function FirstSteps({ connections, models, syncs }: { connections: number; models: number; syncs: number }) {
  const canAdd = useCan("POST", "/api/connections");
  const steps = [
    { done: connections > 0, title: "Add a connection", what: "The database or application your records come from, and the one they go to.", to: "/connections/new", action: "Add a connection" },
    { done: models > 0, title: "Write a model", what: "A SQL query or a table of a source connection: the records to sync.", to: "/models/new", action: "New model" },
    { done: syncs > 0, title: "Build a sync", what: "A model sync writes a model into a target; a bulk sync copies whole tables.", to: "/syncs/new", action: "New model sync" },
  ];
  const next = steps.find((s) => !s.done);
  return (
    <Paper withBorder p="md" data-testid="first-steps">
      <Stack>
        <Title order={2} size="h4">
          Get started
        </Title>
        <Text size="sm">{canAdd ? "Three steps to the first synced record:" : "Nothing is set up yet. A member or admin of your organization adds connections, models and syncs; you will see them here."}</Text>
        <List spacing="sm" center>
          {steps.map((s, i) => (
            <List.Item
              key={s.title}
              icon={
                <ThemeIcon size={24} radius="xl" variant="default" aria-hidden>
                  {s.done ? "✓" : i + 1}
                </ThemeIcon>
              }
            >
              <Text size="sm" fw={500}>
                {s.title} {s.done && <Badge size="xs" color="green" variant="dot">done</Badge>}
              </Text>
              <Text size="xs" c="dimmed">
                {s.what}
              </Text>
            </List.Item>
          ))}
        </List>
        {canAdd && next && (
          <Group>
            <Button component={Link} to={next.to}>
              {next.action}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function RecentFailures() {
  const results = useQueries({
    queries: FAILURES.map((type) => ({
      queryKey: ["events", type],
      queryFn: async () => (await request<{ data: Event[] }>("GET", `/api/events?type=${type}&limit=20`)).data,
      refetchInterval: 30_000,
    })),
  });
  if (results.some((r) => r.isPending)) return <Loading what="recent failures" />;
  const failed = results.find((r) => r.isError);
  if (failed) return <LoadFailed error={failed.error} retry={() => failed.refetch()} />;
  const events = results
    .flatMap((r) => r.data ?? [])
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .slice(0, 20);
  if (events.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="no-failures">
        Nothing failed in the last 48 hours.
      </Text>
    );
  const of = (e: (typeof events)[number]) => {
    const p = e.event ?? {};
    const bulk = e.type.startsWith("bulk_sync.");
    return { p, bulk, syncId: bulk ? p.bulk_sync_id ?? p.sync_id : p.sync_id, failedRun: e.type.endsWith(".failed") };
  };
  return (
    <DataTable
      label="Recent failures"
      items={events}
      rowKey={(e) => e.id}
      columns={[
        { title: "When", cell: (e) => <Text size="sm">{when(e.created_at)}</Text> },
        {
          title: "Sync",
          key: true,
          cell: (e) => {
            const { p, bulk, syncId } = of(e);
            return (
              <>
                <Anchor component={Link} to={p.execution_id ? `/runs/${bulk ? "bulk" : "syncs"}/${syncId}/${p.execution_id}` : `/${bulk ? "bulk" : "syncs"}/${syncId}`}>
                  {p.sync_name ?? p.name ?? syncId}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {bulk ? "bulk sync" : "model sync"}
                </Text>
              </>
            );
          },
        },
        {
          title: "What",
          key: true,
          cell: (e) => {
            const { p, failedRun } = of(e);
            return (
              <>
                <Badge color={failedRun ? "red" : "orange"} variant="dot">
                  {failedRun ? "failed" : "completed with errors"}
                </Badge>
                <Text size="xs" lineClamp={2}>
                  {p.error ?? (p.error_count ? `${p.error_count} records refused` : "")}
                </Text>
              </>
            );
          },
        },
      ]}
    />
  );
}

export default function HomePage() {
  const connections = useCount("/api/connections");
  const models = useCount("/api/models");
  const syncs = useCount("/api/syncs");
  const bulk = useCount("/api/bulk/syncs");
  const counts = [connections, models, syncs, bulk];
  const failed = counts.find((c) => c.isError);
  const loaded = counts.every((c) => c.isSuccess);
  const anySync = (syncs.data ?? 0) + (bulk.data ?? 0);
  return (
    <>
      <PageHeader title="Home" description="What failed recently, and where to go next." />
      {failed && <LoadFailed error={failed.error} retry={() => failed.refetch()} />}
      {!loaded && !failed && <Loading what="your organization" />}
      {loaded && (
        <Stack>
          {anySync === 0 && <FirstSteps connections={connections.data ?? 0} models={models.data ?? 0} syncs={anySync} />}
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Recent failures
            </Title>
            <RecentFailures />
          </Paper>
        </Stack>
      )}
    </>
  );
}
