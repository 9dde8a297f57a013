// A table whose key columns show at every width and whose other columns only from
// 768 px up (Mantine's visibleFrom="sm" classes): at 390 px no page scrolls sideways,
// and what a hidden column held is on the row's own page, one link away.
import { Table } from "@mantine/core";
import type { ReactNode } from "react";

export interface Column<T> {
  title: string;
  cell: (item: T) => ReactNode;
  /// Shown at every width (the name, the status); the others only on wide screens.
  key?: boolean;
}

interface Props<T> {
  label: string;
  items: T[];
  columns: Column<T>[];
  rowKey: (item: T) => string;
  striped?: boolean;
}

export function DataTable<T>({ label, items, columns, rowKey, striped = true }: Props<T>) {
  const visible = (c: Column<T>) => (c.key ? undefined : "sm");
  return (
    <Table striped={striped} highlightOnHover aria-label={label} className="data-table">
      <Table.Thead>
        <Table.Tr>
          {columns.map((c) => (
            <Table.Th key={c.title} visibleFrom={visible(c)}>
              {c.title}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={rowKey(item)}>
            {columns.map((c) => (
              <Table.Td key={c.title} visibleFrom={visible(c)}>
                {c.cell(item)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
