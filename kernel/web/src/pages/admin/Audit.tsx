// The audit log: every call that changed something, and every sign-in, newest
// first, 100 at a time. The API filters by action (exact, or a prefix ending in a
// dot) and actor; the time range is applied here, while pages load: entries come
// newest first, so the page skips those after "to" and stops before "from".
import { Badge, Button, Group, Paper, Select, Table, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { usePagedList } from "../../api/pagination";
import { LoadMore } from "../../shell/LoadMore";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { AdminOnly } from "./AdminOnly";
import { Scroll } from "./Scroll";
import { useUsers, when, type AuditEntry } from "./api";

const PAGE = 100;

/// datetime-local's value ("2026-12-01T14:30") as an instant, or undefined.
function instant(local: string): number | undefined {
  if (!local) return undefined;
  const t = new Date(local).getTime();
  return Number.isNaN(t) ? undefined : t;
}

type Setter = (value: string) => void;

interface FilterProps {
  action: string;
  setAction: Setter;
  actor: string;
  setActor: Setter;
  from: string;
  setFrom: Setter;
  to: string;
  setTo: Setter;
}

function Filters({ action, setAction, actor, setActor, from, setFrom, to, setTo }: FilterProps) {
  const users = useUsers();
  const actors = [{ value: "", label: "Anyone" }, ...(users.data ?? []).map((u) => ({ value: u.id, label: u.email }))];
  return (
    <Paper withBorder p="sm" mb="md" component="form" role="search" aria-label="Filter the audit log" onSubmit={(e: React.FormEvent) => e.preventDefault()}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput label="Action" description="e.g. user.create, or connection. for all" value={action} onChange={(e) => setAction(e.currentTarget.value)} style={{ flex: "1 1 200px" }} />
        <Select label="Actor" searchable limit={50} data={actors} value={actor} onChange={(v) => setActor(v ?? "")} allowDeselect={false} style={{ flex: "1 1 200px" }} />
        <TextInput label="From" type="datetime-local" value={from} onChange={(e) => setFrom(e.currentTarget.value)} style={{ flex: "1 1 180px" }} />
        <TextInput label="To" type="datetime-local" value={to} onChange={(e) => setTo(e.currentTarget.value)} style={{ flex: "1 1 180px" }} />
        <Button variant="default" onClick={() => { setAction(""); setActor(""); setFrom(""); setTo(""); }}>
          Clear filters
        </Button>
      </Group>
    </Paper>
  );
}

function AuditRow({ entry: a, index, measure }: { entry: AuditEntry; index: number; measure: (row: HTMLTableRowElement | null) => void }) {
  return (
    <Table.Tr data-index={index} ref={measure}>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{when(a.created_at)}</Table.Td>
      <Table.Td>{a.actor.email ?? a.actor.type}</Table.Td>
      <Table.Td>
        <code>{a.action}</code>
        {a.detail && <div className="audit-detail">{a.detail}</div>}
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap", fontSize: "var(--mantine-font-size-xs)" }}>
        <code>{a.resource_id ?? ""}</code>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={a.status < 300 ? "teal" : a.status < 500 ? "gray" : "red"}>
          {a.status}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

/// Virtualised against the window: a thousand loaded entries keep a few dozen rows in the page.
function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const body = useRef<HTMLTableSectionElement>(null);
  // Where the rows start in the page (the filters above them change height with the width).
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    if (body.current) setMargin(body.current.getBoundingClientRect().top + window.scrollY);
  });
  const virtualizer = useWindowVirtualizer({
    count: entries.length,
    estimateSize: () => 45,
    overscan: 15,
    scrollMargin: margin,
    getItemKey: (i) => entries[i].id,
  });
  const rows = virtualizer.getVirtualItems();
  const before = rows.length ? rows[0].start - margin : 0;
  const after = rows.length ? virtualizer.getTotalSize() - (rows[rows.length - 1].end - margin) : 0;
  return (
    <Scroll label="Audit log entries" minWidth={900}>
      <Table striped={false} aria-label="Audit log" aria-rowcount={entries.length + 1} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Resource</Table.Th>
            <Table.Th>Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={body}>
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {rows.map((row) => (
            <AuditRow key={row.key} entry={entries[row.index]} index={row.index} measure={virtualizer.measureElement} />
          ))}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </Table.Tbody>
      </Table>
    </Scroll>
  );
}

function AuditLog() {
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [typedAction] = useDebouncedValue(action.trim(), 300);
  const params: Record<string, string> = {};
  if (typedAction) params.action = typedAction;
  if (actor) params.actor_id = actor;
  const list = usePagedList<AuditEntry>(["audit", "log"], "/api/audit", params, PAGE);
  const fromAt = instant(from);
  const toAt = instant(to);
  const shown = useMemo(
    () => list.items.filter((a) => {
      const t = new Date(a.created_at).getTime();
      return (fromAt === undefined || t >= fromAt) && (toAt === undefined || t <= toAt);
    }),
    [list.items, fromAt, toAt],
  );
  const oldest = list.items.length ? new Date(list.items[list.items.length - 1].created_at).getTime() : undefined;
  // Past "from": no older page can hold a match.
  const more = Boolean(list.hasNextPage) && !(fromAt !== undefined && oldest !== undefined && oldest < fromAt);
  // Everything loaded is after "to": fetch on until the range starts (or the log ends).
  const skipping = toAt !== undefined && list.isSuccess && shown.length === 0 && more && oldest !== undefined && oldest > toAt;
  useEffect(() => {
    if (skipping && !list.isFetchingNextPage) list.fetchNextPage();
  }, [skipping, list.isFetchingNextPage]); // eslint-disable-line react-hooks/exhaustive-deps
  const filtered = Boolean(typedAction || actor || from || to);
  return (
    <>
      <Filters action={action} setAction={setAction} actor={actor} setActor={setActor} from={from} setFrom={setFrom} to={to} setTo={setTo} />
      {list.isPending && <Loading what="the audit log" />}
      {list.isError && <LoadFailed error={list.error} retry={() => list.refetch()} />}
      {list.isSuccess && shown.length === 0 && !skipping && (
        <EmptyState
          title={filtered ? "No entry matches" : "Nothing recorded yet"}
          next={filtered ? "Widen the filters: an action prefix ends with a dot (connection.), and the time range is in your browser's time zone." : "Every change made through the API or this UI, and every sign-in, is recorded here."}
        />
      )}
      {shown.length > 0 && <AuditTable entries={shown} />}
      {list.isSuccess && (shown.length > 0 || more) && <LoadMore hasMore={more} loading={list.isFetchingNextPage || skipping} onMore={() => list.fetchNextPage()} shown={shown.length} />}
    </>
  );
}

export function Audit() {
  const what = "Every change anyone made and every sign-in, newest first.";
  return (
    <AdminOnly title="Audit log" what={what}>
      <PageHeader title="Audit log" description={what} />
      <AuditLog />
    </AdminOnly>
  );
}
