// A sync's runs, newest first, each linked to its page: when, status, records,
// errors, duration (and, for model syncs, inserted / updated / deleted). At 390 px
// the run and its status stay; the rest is on the run's page.
import { Anchor } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { DataTable, type Column } from "./DataTable";

export interface RunRow {
  id: string;
  /// The run's page.
  to: string;
  createdAt?: string;
  status: ReactNode;
  records: number;
  errors: number;
  /// "inserted / updated / deleted" where the sync counts them.
  changes?: string;
  startedAt?: string;
  completedAt?: string;
}

/// Seconds from start to end (to now while it runs); undefined before it starts.
export function duration(e: { started_at?: string; completed_at?: string }): number | undefined {
  if (!e.started_at) return undefined;
  const end = e.completed_at ? Date.parse(e.completed_at) : Date.now();
  return Math.max(0, (end - Date.parse(e.started_at)) / 1000);
}

export function when(at: string | undefined) {
  return at ? new Date(at).toLocaleString() : "—";
}

export function RunsTable({ label, runs }: { label: string; runs: RunRow[] }) {
  const seconds = (r: RunRow) => duration({ started_at: r.startedAt, completed_at: r.completedAt });
  const columns: Column<RunRow>[] = [
    {
      title: "Run",
      key: true,
      cell: (r) => (
        <Anchor component={Link} to={r.to}>
          {when(r.createdAt)}
        </Anchor>
      ),
    },
    { title: "Status", key: true, cell: (r) => r.status },
    { title: "Records", cell: (r) => r.records },
    ...(runs.some((r) => r.changes !== undefined) ? [{ title: "Inserted / updated / deleted", cell: (r: RunRow) => r.changes ?? "—" }] : []),
    { title: "Errors", cell: (r) => r.errors },
    { title: "Duration", cell: (r) => (seconds(r) === undefined ? "—" : `${seconds(r)!.toFixed(1)} s`) },
  ];
  return <DataTable label={label} items={runs} columns={columns} rowKey={(r) => r.id} />;
}
