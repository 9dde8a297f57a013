// The catalog: every connection type this server has loaded, searchable.
import { Badge, Card, Group, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { useConnectionTypes } from "./api";

export function Catalog() {
  const types = useConnectionTypes();
  const [search, setSearch] = useState("");
  const navigate = useNavigate();
  const shown = (types.data ?? []).filter((t) => `${t.name} ${t.id}`.toLowerCase().includes(search.trim().toLowerCase()));
  return (
    <>
      <PageHeader title="Add a connection" description="Pick the kind of system to connect." />
      <TextInput label="Search connectors" placeholder="PostgreSQL, HubSpot…" value={search} onChange={(e) => setSearch(e.currentTarget.value)} mb="md" maw={360} />
      {types.isPending && <Loading what="the connectors" />}
      {types.isError && <LoadFailed error={types.error} retry={() => types.refetch()} />}
      {types.isSuccess && types.data.length === 0 && (
        <EmptyState title="No connectors are loaded" next="The server found no connector plugins in PLUGIN_DIR; an admin sees why under Admin → Connectors." />
      )}
      {types.isSuccess && types.data.length > 0 && shown.length === 0 && <EmptyState title="No connector matches" next="Try another name." />}
      <Stack gap="xs" role="list" aria-label="Connectors">
        {shown.map((t) => (
          <Card key={t.id} withBorder padding="sm" role="listitem">
            <UnstyledButton onClick={() => navigate(`/connections/new/${encodeURIComponent(t.id)}`)} aria-label={`Add a ${t.name} connection`}>
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={600}>{t.name}</Text>
                  <Text size="xs" c="dimmed">
                    {t.id} · version {t.version ?? "?"}
                  </Text>
                </div>
                <Group gap={4}>
                  {t.capabilities?.source && <Badge variant="light">source</Badge>}
                  {t.capabilities?.destination && (
                    <Badge variant="light" color="grape">
                      destination
                    </Badge>
                  )}
                  {t.use_oauth && (
                    <Badge variant="light" color="orange">
                      OAuth
                    </Badge>
                  )}
                </Group>
              </Group>
            </UnstyledButton>
          </Card>
        ))}
      </Stack>
    </>
  );
}
