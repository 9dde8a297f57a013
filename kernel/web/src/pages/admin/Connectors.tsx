// The connectors this server loaded (GET /api/connection_types), with their
// versions and the connector SDK version each was built against, and the plugin
// files it refused, with the reason (e.g. an SDK version it does not support) and
// the connector ABI and SDK versions each declares, when its manifest could be read.
import { Badge, Group, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMemo, useState } from "react";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { Scroll } from "./Scroll";
import { useConnectorCatalog, type RefusedPlugin } from "./api";

function Loaded({ types }: { types: NonNullable<ReturnType<typeof useConnectorCatalog>["data"]>["data"] }) {
  const [search, setSearch] = useState("");
  const shown = useMemo(() => {
    const text = search.trim().toLowerCase();
    return text ? types.filter((t) => t.name.toLowerCase().includes(text) || t.id.toLowerCase().includes(text)) : types;
  }, [types, search]);
  return (
    <Paper withBorder p="md" component="section" aria-label="Loaded connectors">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Text fw={600}>Loaded ({types.length})</Text>
        {types.length > 10 && <TextInput aria-label="Search connectors" placeholder="Search connectors" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />}
      </Group>
      {types.length === 0 ? (
        <EmptyState title="No connector is loaded" next="Put connector plugins (.so files) in the server's PLUGIN_DIR and restart it; refused ones are listed below with the reason." />
      ) : (
        <Scroll label="Loaded connector list" minWidth={520}>
          <Table striped aria-label="Loaded connectors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Connector</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>SDK version</Table.Th>
                <Table.Th>Can be</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    <Text size="sm">{t.name}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {t.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t.version}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t.sdk_version}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {Object.entries(t.capabilities ?? {})
                        .filter(([, on]) => on)
                        .map(([name]) => (
                          <Badge key={name} variant="light" size="sm">
                            {name}
                          </Badge>
                        ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      )}
    </Paper>
  );
}

/// What a refused plugin declares: its ABI and SDK versions, or plainly that its manifest could not be read.
function Declared({ plugin }: { plugin: RefusedPlugin }) {
  if (!plugin.manifest_read)
    return (
      <Text size="sm" c="dimmed">
        Not read: the file could not be read as a connector (see why)
      </Text>
    );
  return (
    <Stack gap={0}>
      <Text size="sm">ABI {plugin.abi_version}</Text>
      <Text size="sm">SDK {plugin.sdk_version ?? "not given"}</Text>
    </Stack>
  );
}

function Refused({ refused }: { refused: RefusedPlugin[] }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Refused plugins">
      <Text fw={600} mb="sm">
        Refused plugins ({refused.length})
      </Text>
      {refused.length === 0 ? (
        <EmptyState title="No plugin was refused" next="Every plugin file in PLUGIN_DIR loaded. A plugin built against a connector SDK this server does not support would be listed here with the reason." />
      ) : (
        <Scroll label="Refused plugin list" minWidth={520}>
          <Table striped aria-label="Refused plugins">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Built with</Table.Th>
                <Table.Th>Why it was refused</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {refused.map((r) => (
                <Table.Tr key={r.file}>
                  <Table.Td style={{ wordBreak: "break-all" }}>
                    <Text size="sm" ff="monospace">
                      {r.file}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Declared plugin={r} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.reason}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      )}
    </Paper>
  );
}

export function Connectors() {
  const catalog = useConnectorCatalog();
  return (
    <>
      <PageHeader title="Connectors" description="The connector plugins this server loaded, and the ones it refused with the reason." />
      {catalog.isPending && <Loading what="the connectors" />}
      {catalog.isError && <LoadFailed error={catalog.error} retry={() => catalog.refetch()} />}
      {catalog.data && (
        <Stack gap="md">
          <Loaded types={catalog.data.data} />
          <Refused refused={catalog.data.refused ?? []} />
        </Stack>
      )}
    </>
  );
}
