// Every model sync of the organization, 50 at a time, with its last run.
import { Anchor, Badge, Button, Table, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { usePagedList } from "../../api/pagination";
import { useCan } from "../../api/session";
import { LoadMore } from "../../shell/LoadMore";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { modeLabel, type ModelSync } from "./api";
import { LastRun } from "./SyncStatusBadge";

export function SyncList() {
  const canAdd = useCan("POST", "/api/syncs");
  const list = usePagedList<ModelSync>(["syncs", "list"], "/api/syncs");
  const add = canAdd && (
    <Button component={Link} to="/syncs/new">
      New model sync
    </Button>
  );
  return (
    <>
      <PageHeader title="Model syncs" description="A model's records written into an object of a target, on a schedule or when you press Run." actions={add} />
      {list.isPending && <Loading what="model syncs" />}
      {list.isError && <LoadFailed error={list.error} retry={() => list.refetch()} />}
      {list.isSuccess && list.items.length === 0 && (
        <EmptyState
          title="No model syncs yet"
          next={canAdd ? "A sync takes a model (Models page) and writes its records into a target connection. Build one step by step." : "A member or admin of your organization builds syncs; ask one of them."}
          action={add}
        />
      )}
      {list.items.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table striped highlightOnHover aria-label="Model syncs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Mode</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Last run</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/syncs/${s.id}`}>
                      {s.name}
                    </Anchor>
                    {s.active === false && (
                      <Badge ml="xs" size="xs" variant="default">
                        paused
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{modeLabel(s.mode)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.target.object}</Text>
                  </Table.Td>
                  <Table.Td>
                    <LastRun syncId={s.id} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.isSuccess && list.items.length > 0 && <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} shown={list.items.length} />}
    </>
  );
}
