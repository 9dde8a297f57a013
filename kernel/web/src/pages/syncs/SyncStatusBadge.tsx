// A run's status as a coloured badge, and a sync's last run as a link to it.
import { Anchor, Badge, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { STATUS_COLOR, useSyncStatus, type Execution } from "./api";

export function StatusBadge({ execution }: { execution: Pick<Execution, "status" | "counts"> }) {
  const withErrors = execution.status === "completed" && (execution.counts?.error ?? 0) > 0;
  return (
    <Badge color={withErrors ? "orange" : STATUS_COLOR[execution.status] ?? "gray"} variant="dot" data-testid="run-status">
      {withErrors ? "completed with errors" : execution.status}
    </Badge>
  );
}

export function LastRun({ syncId }: { syncId: string }) {
  const status = useSyncStatus(syncId, false);
  const run = status.data?.current_execution ?? status.data?.last_execution;
  if (!run) return <Text size="sm" c="dimmed">{status.isPending ? "…" : "never run"}</Text>;
  return (
    <Anchor component={Link} to={`/runs/syncs/${syncId}/${run.id}`} aria-label={`Last run: ${run.status}`}>
      <StatusBadge execution={run} />
    </Anchor>
  );
}

/// A sync's name linked to its page, marked when its schedule is paused.
export function SyncName({ to, name, active }: { to: string; name: string; active?: boolean }) {
  return (
    <>
      <Anchor component={Link} to={to}>
        {name}
      </Anchor>
      {active === false && (
        <Badge ml="xs" size="xs" variant="default">
          paused
        </Badge>
      )}
    </>
  );
}
