// Every bulk sync of the organization, 50 at a time.
import { Text } from "@mantine/core";
import { ListPage } from "../../shell/ListPage";
import { scheduleText } from "../syncs/ScheduleEditor";
import { SyncName } from "../syncs/SyncStatusBadge";
import type { BulkSync } from "./api";

export function BulkList() {
  return (
    <ListPage<BulkSync>
      title="Bulk syncs"
      description="Whole objects (tables) of a source copied into a destination."
      path="/api/bulk/syncs"
      queryKey={["bulk", "list"]}
      add={{ label: "New bulk sync", to: "/bulk/new" }}
      empty={{
        title: "No bulk syncs yet",
        next: "Pick a source connection, the objects and fields to copy, and a destination.",
        nextForViewers: "A member or admin of your organization builds bulk syncs; ask one of them.",
      }}
      columns={[
        { title: "Name", key: true, cell: (s) => <SyncName to={`/bulk/${s.id}`} name={s.name} active={s.active} /> },
        { title: "Mode", cell: (s) => <Text size="sm">{s.mode}</Text> },
        { title: "Schedule", key: true, cell: (s) => <Text size="sm">{scheduleText(s.schedule)}</Text> },
      ]}
    />
  );
}
