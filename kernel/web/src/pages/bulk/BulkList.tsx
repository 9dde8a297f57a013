// Every bulk sync of the organization, 50 at a time.
import { Anchor, Badge, Button, Table, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { usePagedList } from "../../api/pagination";
import { useCan } from "../../api/session";
import { LoadMore } from "../../shell/LoadMore";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import type { BulkSync } from "./api";

export function BulkList() {
  const canAdd = useCan("POST", "/api/bulk/syncs");
  const list = usePagedList<BulkSync>(["bulk", "list"], "/api/bulk/syncs");
  const add = canAdd && (
    <Button component={Link} to="/bulk/new">
      New bulk sync
    </Button>
  );
  return (
    <>
      <PageHeader title="Bulk syncs" description="Whole objects (tables) of a source copied into a destination." actions={add} />
      {list.isPending && <Loading what="bulk syncs" />}
      {list.isError && <LoadFailed error={list.error} retry={() => list.refetch()} />}
      {list.isSuccess && list.items.length === 0 && (
        <EmptyState
          title="No bulk syncs yet"
          next={canAdd ? "Pick a source connection, the objects and fields to copy, and a destination." : "A member or admin of your organization builds bulk syncs; ask one of them."}
          action={add}
        />
      )}
      {list.items.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table striped highlightOnHover aria-label="Bulk syncs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Mode</Table.Th>
                <Table.Th>Schedule</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/bulk/${s.id}`}>
                      {s.name}
                    </Anchor>
                    {s.active === false && (
                      <Badge ml="xs" size="xs" variant="default">
                        paused
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.mode}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.schedule?.frequency ?? "manual"}</Text>
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
