// Every connection of the organization, 50 at a time.
import { Anchor, Badge, Button, Table, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { usePagedList } from "../../api/pagination";
import { useCan } from "../../api/session";
import { LoadMore } from "../../shell/LoadMore";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import type { Connection } from "./api";

export function statusColor(status?: string) {
  return status === "healthy" || status === "ok" ? "green" : status === "error" || status === "unhealthy" ? "red" : "gray";
}

export function ConnectionList() {
  const canAdd = useCan("POST", "/api/connections");
  const list = usePagedList<Connection>(["connections"], "/api/connections");
  const add = canAdd && (
    <Button component={Link} to="/connections/new">
      Add connection
    </Button>
  );
  return (
    <>
      <PageHeader title="Connections" description="The databases and tools Polytomic reads from and writes to." actions={add} />
      {list.isPending && <Loading what="connections" />}
      {list.isError && <LoadFailed error={list.error} retry={() => list.refetch()} />}
      {list.isSuccess && list.items.length === 0 && (
        <EmptyState
          title="No connections yet"
          next={canAdd ? "Add one from the catalog of connectors: a database to read models from, or a tool to sync into." : "A member or admin of your organization adds connections; ask one of them."}
          action={add}
        />
      )}
      {list.items.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table striped highlightOnHover aria-label="Connections">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/connections/${c.id}`}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.type.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColor(c.status)} variant="light" title={c.status_error}>
                      {c.status ?? "unknown"}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.isSuccess && list.items.length > 0 && (
        <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} shown={list.items.length} />
      )}
    </>
  );
}
