// Every connection of the organization, 50 at a time.
import { Anchor, Badge, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { ListPage } from "../../shell/ListPage";
import type { Connection } from "./api";

export function statusColor(status?: string) {
  return status === "healthy" || status === "ok" ? "green" : status === "error" || status === "unhealthy" ? "red" : "gray";
}

export function ConnectionList() {
  return (
    <ListPage<Connection>
      title="Connections"
      description="The databases and tools Polytomic reads from and writes to."
      path="/api/connections"
      queryKey={["connections"]}
      add={{ label: "Add connection", to: "/connections/new" }}
      empty={{
        title: "No connections yet",
        next: "Add one from the catalog of connectors: a database to read models from, or a tool to sync into.",
        nextForViewers: "A member or admin of your organization adds connections; ask one of them.",
      }}
      columns={[
        {
          title: "Name",
          key: true,
          cell: (c) => (
            <Anchor component={Link} to={`/connections/${c.id}`}>
              {c.name}
            </Anchor>
          ),
        },
        { title: "Type", cell: (c) => <Text size="sm">{c.type.name}</Text> },
        {
          title: "Status",
          key: true,
          cell: (c) => (
            <Badge color={statusColor(c.status)} variant="dot" title={c.status_error}>
              {c.status ?? "unknown"}
            </Badge>
          ),
        },
      ]}
    />
  );
}
