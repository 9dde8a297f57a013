// Every model sync of the organization, 50 at a time, with its last run.
import { Text } from "@mantine/core";
import { ListPage } from "../../shell/ListPage";
import { modeLabel, type ModelSync } from "./api";
import { scheduleText } from "./ScheduleEditor";
import { LastRun, SyncName } from "./SyncStatusBadge";

export function SyncList() {
  return (
    <ListPage<ModelSync>
      title="Model syncs"
      description="A model's records written into an object of a target, on a schedule or when you press Run."
      path="/api/syncs"
      queryKey={["syncs", "list"]}
      add={{ label: "New model sync", to: "/syncs/new" }}
      empty={{
        title: "No model syncs yet",
        next: "A sync takes a model (Models page) and writes its records into a target connection. Build one step by step.",
        nextForViewers: "A member or admin of your organization builds syncs; ask one of them.",
      }}
      columns={[
        { title: "Name", key: true, cell: (s) => <SyncName to={`/syncs/${s.id}`} name={s.name} active={s.active} /> },
        { title: "Mode", cell: (s) => <Text size="sm">{modeLabel(s.mode)}</Text> },
        { title: "Target", cell: (s) => <Text size="sm">{s.target.object}</Text> },
        { title: "Schedule", cell: (s) => <Text size="sm">{scheduleText(s.schedule)}</Text> },
        { title: "Last run", key: true, cell: (s) => <LastRun syncId={s.id} /> },
      ]}
    />
  );
}
