// Every model of the organization, 50 at a time.
import { Anchor, Button, Table, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { usePagedList } from "../../api/pagination";
import { useCan } from "../../api/session";
import { LoadMore } from "../../shell/LoadMore";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import type { Model } from "./api";

export function ModelList() {
  const canAdd = useCan("POST", "/api/models");
  const list = usePagedList<Model>(["models"], "/api/models");
  const add = canAdd && (
    <Button component={Link} to="/models/new">
      New model
    </Button>
  );
  return (
    <>
      <PageHeader title="Models" description="The records a sync reads: a SQL query or a table of a source connection." actions={add} />
      {list.isPending && <Loading what="models" />}
      {list.isError && <LoadFailed error={list.error} retry={() => list.refetch()} />}
      {list.isSuccess && list.items.length === 0 && (
        <EmptyState
          title="No models yet"
          next={canAdd ? "Write a SQL query or pick a table of a connection; a model sync then writes its records to a target." : "A member or admin of your organization adds models; ask one of them."}
          action={add}
        />
      )}
      {list.items.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table striped highlightOnHover aria-label="Models">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Identifier</Table.Th>
                <Table.Th>Fields</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/models/${m.id}`}>
                      {m.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.type === "query" ? "SQL query" : `table ${m.configuration.table ?? ""}`}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.identifier ?? "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.fields.length}</Text>
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
