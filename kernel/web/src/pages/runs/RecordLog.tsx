// A run's per-record log (inserts, updates, deletes or errors with the target's
// message): the signed files GET .../executions/{id}/{type} lists, read whole and
// shown in a virtualised list, so 10,000 entries render and scroll fast.
import { Group, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useDeferredValue, useMemo, useRef, useState } from "react";
import { request } from "../../api/client";
import { ApiError } from "../../api/errors";
import { LoadFailed, Loading } from "../../shell/States";

export interface RecordEntry {
  identity?: unknown;
  message?: string;
}

/// The link's path and query: the signature covers the path, so it is fetched from this origin.
function sameOrigin(url: string): string {
  const u = new URL(url, window.location.href);
  return u.pathname + u.search;
}

async function readLog(listPath: string): Promise<RecordEntry[]> {
  const files = (await request<{ data: { urls?: string[] } }>("GET", listPath)).data.urls ?? [];
  const all: RecordEntry[] = [];
  for (const url of files) {
    const response = await fetch(sameOrigin(url), { credentials: "same-origin" });
    if (!response.ok) throw ApiError.from(response.status, await response.json().catch(() => undefined));
    const entries = (await response.json()) as RecordEntry[];
    for (const e of entries) all.push(e);
  }
  return all;
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function RecordLog({ listPath, kind, finished }: { listPath: string; kind: string; finished: boolean }) {
  const log = useQuery({ queryKey: ["record-log", listPath, finished], queryFn: () => readLog(listPath), staleTime: finished ? Infinity : 0 });
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim().toLowerCase());
  const rows = useMemo(() => {
    const all = log.data ?? [];
    if (!deferred) return all;
    return all.filter((e) => show(e.identity).toLowerCase().includes(deferred) || (e.message ?? "").toLowerCase().includes(deferred));
  }, [log.data, deferred]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 44, overscan: 12 });

  if (log.isPending) return <Loading what={`the ${kind}`} />;
  if (log.isError) return <LoadFailed error={log.error} retry={() => log.refetch()} />;
  const total = log.data.length;
  if (total === 0)
    return (
      <Text size="sm" c="dimmed" p="md">
        No {kind} in this run{finished ? "" : " yet"}.
      </Text>
    );
  return (
    <div>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <TextInput aria-label={`Search the ${kind}`} placeholder="Search by identity or message" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={280} />
        <Text size="sm" c="dimmed" role="status" data-testid="record-count">
          {rows.length === total ? `${total} ${total === 1 ? kind.replace(/s$/, "") : kind}` : `${rows.length} of ${total} ${kind}`}
        </Text>
      </Group>
      <div ref={scroller} tabIndex={0} role="region" aria-label={`${kind} of this run`} data-testid={`record-log-${kind}`} style={{ height: 420, overflow: "auto", border: "1px solid #dee2e6", borderRadius: 4 }}>
        <ul role="list" aria-label={`${kind} records`} style={{ height: virtual.getTotalSize(), position: "relative", margin: 0, padding: 0, listStyle: "none" }}>
          {virtual.getVirtualItems().map((item) => {
            const entry = rows[item.index];
            return (
              <li
                key={item.key}
                data-index={item.index}
                ref={virtual.measureElement}
                style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${item.start}px)`, padding: "6px 10px", borderBottom: "1px solid #f1f3f5" }}
              >
                <Text size="sm" fw={500} component="span">
                  {show(entry.identity)}
                </Text>
                {entry.message && (
                  <Text size="sm" c={kind === "errors" ? "red.8" : "dimmed"} component="div" data-testid="record-message">
                    {entry.message}
                  </Text>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
