// A run's console log (GET .../executions/{id}/console: {entries, next_cursor}),
// newest first, with older pages on request; live while the run goes on.
import { Badge, Button, Center, Code, Group, Stack, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { request } from "../../api/client";
import { LoadFailed, Loading } from "../../shell/States";

interface Entry {
  id: string;
  timestamp?: string;
  level?: string;
  message?: string;
}

const LEVEL_COLOR: Record<string, string> = { error: "red", warning: "orange", warn: "orange", info: "blue", debug: "gray" };

export function ConsoleLog({ path, finished }: { path: string; finished: boolean }) {
  const log = useInfiniteQuery({
    queryKey: ["console", path],
    initialPageParam: "",
    queryFn: async ({ pageParam }) => (await request<{ data: { entries?: Entry[]; next_cursor?: string | null } }>("GET", pageParam ? `${path}?cursor=${pageParam}` : path)).data,
    getNextPageParam: (last) => last.next_cursor || undefined,
    refetchInterval: finished ? false : 1500,
  });
  if (log.isPending) return <Loading what="the console log" />;
  if (log.isError) return <LoadFailed error={log.error} retry={() => log.refetch()} />;
  const entries = log.data.pages.flatMap((p) => p.entries ?? []);
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed" p="md">
        Nothing logged {finished ? "for this run" : "yet"}.
      </Text>
    );
  return (
    <Stack gap={4} role="log" aria-label="Console log" data-testid="console-log">
      {entries.map((e) => (
        <Group key={e.id} gap="xs" wrap="nowrap" align="flex-start">
          <Badge size="xs" variant="dot" color={LEVEL_COLOR[(e.level ?? "").toLowerCase()] ?? "gray"} miw={56}>
            {e.level}
          </Badge>
          <Text size="xs" c="dimmed" miw={70}>
            {e.timestamp ? new Date(e.timestamp).toLocaleTimeString() : ""}
          </Text>
          <Code style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", background: "transparent" }}>{e.message}</Code>
        </Group>
      ))}
      {log.hasNextPage && (
        <Center>
          <Button size="xs" variant="default" onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
            Older entries
          </Button>
        </Center>
      )}
    </Stack>
  );
}
