// Every model of the organization, 50 at a time.
import { Anchor, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { ListPage } from "../../shell/ListPage";
import type { Model } from "./api";

export function ModelList() {
  return (
    <ListPage<Model>
      title="Models"
      description="The records a sync reads: a SQL query or a table of a source connection."
      path="/api/models"
      queryKey={["models"]}
      add={{ label: "New model", to: "/models/new" }}
      empty={{
        title: "No models yet",
        next: "Write a SQL query or pick a table of a connection; a model sync then writes its records to a target.",
        nextForViewers: "A member or admin of your organization adds models; ask one of them.",
      }}
      columns={[
        {
          title: "Name",
          key: true,
          cell: (m) => (
            <Anchor component={Link} to={`/models/${m.id}`}>
              {m.name}
            </Anchor>
          ),
        },
        { title: "Kind", cell: (m) => <Text size="sm">{m.type === "query" ? "SQL query" : `table ${m.configuration.table ?? ""}`}</Text> },
        { title: "Identifier", cell: (m) => <Text size="sm">{m.identifier ?? "—"}</Text> },
        { title: "Fields", key: true, cell: (m) => <Text size="sm">{m.fields.length}</Text> },
      ]}
    />
  );
}
