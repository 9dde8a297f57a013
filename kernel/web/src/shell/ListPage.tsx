// A list page of the organization's things, 50 at a time: the title with its "add"
// action for those who may add, loading and failure, an empty state that says what to
// do next, the table (key columns only at 390 px) and "Load more".
import { Button } from "@mantine/core";
import { Link } from "react-router-dom";
import { usePagedList } from "../api/pagination";
import { useCan } from "../api/session";
import { DataTable, type Column } from "./DataTable";
import { LoadMore } from "./LoadMore";
import { EmptyState, LoadFailed, Loading, PageHeader } from "./States";

interface Props<T> {
  title: string;
  description: string;
  /// The API's list (GET, paginated) and the query key it is cached under.
  path: "/api/connections" | "/api/models" | "/api/syncs" | "/api/bulk/syncs";
  queryKey: string[];
  /// The add button: its label and route; shown to those the server lets POST to `path`.
  add: { label: string; to: string };
  empty: { title: string; next: string; nextForViewers: string };
  columns: Column<T>[];
}

export function ListPage<T extends { id: string }>({ title, description, path, queryKey, add, empty, columns }: Props<T>) {
  const canAdd = useCan("POST", path);
  const list = usePagedList<T>(queryKey, path);
  const action = canAdd && (
    <Button component={Link} to={add.to}>
      {add.label}
    </Button>
  );
  return (
    <>
      <PageHeader title={title} description={description} actions={action} />
      {list.isPending && <Loading what={title.toLowerCase()} />}
      {list.isError && <LoadFailed error={list.error} retry={() => list.refetch()} />}
      {list.isSuccess && list.items.length === 0 && <EmptyState title={empty.title} next={canAdd ? empty.next : empty.nextForViewers} action={action} />}
      {list.items.length > 0 && <DataTable label={title} items={list.items} columns={columns} rowKey={(item) => item.id} />}
      {list.isSuccess && list.items.length > 0 && <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} shown={list.items.length} />}
    </>
  );
}
