// One model: its connection, a SQL query (CodeMirror) or a discovered table,
// "Preview" (the fields the server finds and the first rows), the identifier
// picked from those fields, save, delete. Server refusals show at their field.
import { Alert, Badge, Button, Group, NativeSelect, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { request } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useCan } from "../../api/session";
import { ConfirmDelete } from "../../shell/Confirm";
import { formErrors } from "../../shell/useFormErrors";
import { LoadFailed, Loading, PageHeader } from "../../shell/States";
import type { Connection } from "../connections/api";
import SqlEditor from "./SqlEditor";
import { runQuery, tableRows, useModel, useSourceObjects, type Model, type ModelField } from "./api";

type Kind = "query" | "table";

interface Preview {
  fields: ModelField[];
  rows: Record<string, unknown>[];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export default function ModelEditor() {
  const { id } = useParams();
  const existing = useModel(id);
  const canWrite = useCan(id ? "PUT" : "POST", id ? `/api/models/${id}` : "/api/models");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const connections = useQuery({
    queryKey: ["connections", "all"],
    queryFn: async () => (await request<{ data: Connection[] }>("GET", "/api/connections")).data,
  });

  const [name, setName] = useState("");
  const [connectionId, setConnectionId] = useState("");
  const [kind, setKind] = useState<Kind>("query");
  const [query, setQuery] = useState("");
  const [table, setTable] = useState("");
  const [identifier, setIdentifier] = useState("");
  const [preview, setPreview] = useState<Preview>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const objects = useSourceObjects(connectionId || undefined);

  useEffect(() => {
    const m = existing.data;
    if (!m) return;
    setName(m.name);
    setConnectionId(m.connection_id);
    setKind(m.type);
    setQuery(m.configuration.query ?? "");
    setTable(m.configuration.table ?? "");
    setIdentifier(m.identifier ?? "");
    setPreview({ fields: m.fields, rows: [] });
  }, [existing.data]);

  const configuration = () => (kind === "query" ? { query } : { table });
  const body = () => ({ name, connection_id: connectionId, configuration: configuration(), identifier: identifier || undefined });

  const runPreview = useMutation({
    mutationFn: async (): Promise<Preview> => {
      const draft = (await request<{ data: Model }>("POST", "/api/model-preview", { connection_id: connectionId, configuration: configuration() })).data;
      const rows = kind === "query" ? await runQuery(connectionId, query) : await tableRows(connectionId, table);
      return { fields: draft.fields, rows: rows.slice(0, 20) };
    },
    onSuccess: (found) => {
      setPreview(found);
      if (identifier && !found.fields.some((f) => f.name === identifier)) setIdentifier("");
    },
  });
  const save = useMutation({
    mutationFn: () => (id ? request<{ data: Model }>("PUT", `/api/models/${id}`, body()) : request<{ data: Model }>("POST", "/api/models", body())),
    onSuccess: (answer) => {
      queryClient.invalidateQueries({ queryKey: ["models"] });
      notifications.show({ message: `Saved ${answer.data.name}`, color: "green" });
      navigate(`/models/${answer.data.id}`, { replace: true });
    },
  });
  const remove = useMutation({
    mutationFn: () => request("DELETE", `/api/models/${id}`),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ["models"] });
      navigate("/models", { replace: true });
    },
  });

  if (existing.isError) return <LoadFailed error={existing.error} retry={() => existing.refetch()} />;
  if ((id && existing.isPending) || connections.isPending) return <Loading what="the model" />;
  if (connections.isError) return <LoadFailed error={connections.error} retry={() => connections.refetch()} />;

  const errors = formErrors(save.error ?? runPreview.error, ["name", "connection_id", "configuration", "query", "table", "identifier"]);
  const configurationError = errors.at("query") ?? errors.at("table") ?? errors.at("configuration");
  const disabled = !canWrite;
  return (
    <>
      <PageHeader title={id ? existing.data?.name ?? "Model" : "New model"} description="The records a sync reads, and the field that identifies each one." />
      <form
        aria-label="Model"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack maw={960}>
          <Paper withBorder p="md">
            <Stack>
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.at("name")} disabled={disabled} />
              <NativeSelect
                label="Connection"
                description="The database the model reads."
                required
                value={connectionId}
                onChange={(e) => {
                  setConnectionId(e.currentTarget.value);
                  setPreview(undefined);
                }}
                data={[{ value: "", label: "Choose a connection" }, ...(connections.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.type.name})` }))]}
                error={errors.at("connection_id")}
                disabled={disabled}
              />
              <div>
                <Text size="sm" fw={500} id="model-kind-label" mb={4}>
                  Read
                </Text>
                <SegmentedControl
                  aria-labelledby="model-kind-label"
                  value={kind}
                  onChange={(v) => setKind(v as Kind)}
                  data={[
                    { value: "query", label: "A SQL query" },
                    { value: "table", label: "A table" },
                  ]}
                  disabled={disabled}
                />
              </div>
              {kind === "query" ? (
                <div>
                  <Text size="sm" fw={500} mb={4} id="model-sql-label">
                    SQL query
                  </Text>
                  <SqlEditor label="SQL query" value={query} onChange={setQuery} readOnly={disabled} tables={(objects.data ?? []).map((o) => o.id)} />
                  {configurationError && (
                    <Text size="sm" c="red" role="alert" mt={4}>
                      {configurationError}
                    </Text>
                  )}
                </div>
              ) : (
                <NativeSelect
                  label="Table"
                  description={objects.isPending && connectionId ? "Reading the connection's tables…" : "A table or view the connection found."}
                  required
                  value={table}
                  onChange={(e) => setTable(e.currentTarget.value)}
                  data={[{ value: "", label: connectionId ? "Choose a table" : "Choose a connection first" }, ...(objects.data ?? []).map((o) => ({ value: o.id, label: o.name }))]}
                  error={configurationError ?? (objects.isError ? messageOf(objects.error) : undefined)}
                  disabled={disabled || !connectionId}
                />
              )}
              <Group>
                <Button variant="default" onClick={() => runPreview.mutate()} loading={runPreview.isPending} disabled={!connectionId || (kind === "query" ? !query.trim() : !table)}>
                  Preview
                </Button>
                {runPreview.isSuccess && (
                  <Text size="sm" c="dimmed" role="status">
                    {preview?.fields.length ?? 0} fields, {preview?.rows.length ?? 0} rows shown
                  </Text>
                )}
              </Group>
            </Stack>
          </Paper>

          {preview && (
            <Paper withBorder p="md">
              <Stack>
                <Title order={2} size="h4">
                  Fields and first rows
                </Title>
                <NativeSelect
                  label="Identifier"
                  description="The field whose value is unique for each record: syncs match target records on it."
                  value={identifier}
                  onChange={(e) => setIdentifier(e.currentTarget.value)}
                  data={[{ value: "", label: "Choose the identifying field" }, ...preview.fields.map((f) => ({ value: f.name, label: `${f.name} (${f.type})` }))]}
                  error={errors.at("identifier")}
                  disabled={disabled}
                />
                <Table.ScrollContainer minWidth={480}>
                  <Table striped withTableBorder aria-label="Preview of the model's records">
                    <Table.Thead>
                      <Table.Tr>
                        {preview.fields.map((f) => (
                          <Table.Th key={f.name}>
                            <Group gap={4} wrap="nowrap">
                              {f.name}
                              <Badge size="xs" variant="light">
                                {f.type}
                              </Badge>
                            </Group>
                          </Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.rows.map((row, i) => (
                        <Table.Tr key={i}>
                          {preview.fields.map((f) => (
                            <Table.Td key={f.name}>{cell(row[f.name])}</Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                {preview.rows.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {id && !runPreview.isSuccess ? "Press Preview to see the first rows." : "The query returned no rows."}
                  </Text>
                )}
              </Stack>
            </Paper>
          )}

          {errors.general && (
            <Alert color="red" title={save.isError ? "Not saved" : "No preview"} role="alert">
              {errors.general}
            </Alert>
          )}
          {canWrite && (
            <Group justify="space-between">
              <Button type="submit" loading={save.isPending}>
                {id ? "Save" : "Save model"}
              </Button>
              {id && (
                <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                  Delete
                </Button>
              )}
            </Group>
          )}
          {!canWrite && (
            <Text size="sm" c="dimmed">
              You can read this model; changing it needs the member or admin role.
            </Text>
          )}
        </Stack>
      </form>
      <ConfirmDelete what="model" body="Syncs that read it must be changed or removed first." opened={confirmDelete} onClose={() => setConfirmDelete(false)} remove={remove} />
    </>
  );
}
