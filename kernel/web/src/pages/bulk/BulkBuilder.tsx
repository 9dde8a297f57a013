// The bulk sync builder and editor (/bulk/new, /bulk/:id/edit): source, destination
// (and the schema the tables go to), the objects and their fields (search, select
// all), mode, schedule; save, or save and run. An existing bulk sync keeps its
// connections (the API refuses a change) and opens with its objects and fields.
// Refusals from the server are shown at their field.
import { Alert, Badge, Button, Checkbox, Collapse, Group, NativeSelect, Paper, Radio, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { request } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useCan } from "../../api/session";
import { LoadFailed, Loading, PageHeader } from "../../shell/States";
import { formErrors } from "../../shell/useFormErrors";
import type { Connection } from "../connections/api";
import { SCHEDULE_FIELDS, ScheduleEditor, scheduleBody, scheduleOf, type ScheduleValue } from "../syncs/ScheduleEditor";
import { startBulkRun, useBulkSchemas, useBulkSync, type BulkSync, type BulkSyncBody, type BulkSyncMode, type SourceSchema } from "./api";

interface Destination {
  modes?: { id?: BulkSyncMode; label?: string; description?: string }[];
}

const MODE_FALLBACK = [
  { id: "snapshot" as const, label: "Snapshot", description: "Every run copies every record; the tables end equal to the source." },
  { id: "replicate" as const, label: "Replicate", description: "Each run copies what changed since the last, on a tracking field." },
];

export default function BulkBuilder() {
  const { id } = useParams();
  const existing = useBulkSync(id);
  const existingSchemas = useBulkSchemas(id);
  const canWrite = useCan(id ? "PUT" : "POST", id ? `/api/bulk/syncs/${id}` : "/api/bulk/syncs");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const connections = useQuery({ queryKey: ["connections", "all"], queryFn: async () => (await request<{ data: Connection[] }>("GET", "/api/connections")).data });
  const [name, setName] = useState("");
  const [source, setSource] = useState("");
  const [destination, setDestination] = useState("");
  const [schema, setSchema] = useState("");
  const [mode, setMode] = useState<BulkSyncMode>("snapshot");
  const [schedule, setSchedule] = useState<ScheduleValue>({ frequency: "manual" });
  const [active, setActive] = useState(true);
  const [search, setSearch] = useState("");
  /// object id -> its selected field ids (absent: the object is not copied).
  const [selected, setSelected] = useState<Record<string, Set<string>>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  // An existing bulk sync fills the form once: its settings, and the objects and fields it copies.
  useEffect(() => {
    const s = existing.data;
    if (!s || !existingSchemas.data || loaded) return;
    setName(s.name);
    setSource(s.source_connection_id);
    setDestination(s.destination_connection_id);
    setSchema(typeof s.destination_configuration?.schema === "string" ? s.destination_configuration.schema : "");
    setMode(s.mode ?? "snapshot");
    setSchedule(scheduleOf(s.schedule));
    setActive(s.active ?? true);
    setSelected(Object.fromEntries(existingSchemas.data.filter((o) => o.enabled !== false).map((o) => [o.id, new Set((o.fields ?? []).filter((f) => f.enabled !== false).map((f) => f.id))])));
    setLoaded(true);
  }, [existing.data, existingSchemas.data, loaded]);

  const offered = useQuery({
    queryKey: ["connections", source, "bulksync-source"],
    enabled: Boolean(source),
    queryFn: async () => (await request<{ data: { schemas?: SourceSchema[] } }>("GET", `/api/connections/${source}/bulksync/source?include_fields=true`)).data.schemas ?? [],
  });
  const target = useQuery({
    queryKey: ["connections", destination, "bulksync-target"],
    enabled: Boolean(destination),
    retry: false,
    queryFn: async () => (await request<{ data: Destination }>("GET", `/api/connections/${destination}/bulksync/target`)).data,
  });
  const schemas = offered.data ?? [];
  const needle = search.trim().toLowerCase();
  const shown = useMemo(
    () => schemas.filter((s) => !needle || (s.name ?? s.id).toLowerCase().includes(needle) || (s.fields ?? []).some((f) => (f.name ?? f.id).toLowerCase().includes(needle))),
    [schemas, needle],
  );
  const allFields = (s: SourceSchema) => new Set((s.fields ?? []).map((f) => f.id));
  const allShownSelected = shown.length > 0 && shown.every((s) => selected[s.id]);
  const someShownSelected = shown.some((s) => selected[s.id]);

  const toggleObject = (s: SourceSchema, on: boolean) => {
    const next = { ...selected };
    if (on) next[s.id] = allFields(s);
    else delete next[s.id];
    setSelected(next);
  };
  const toggleAllShown = (on: boolean) => {
    const next = { ...selected };
    for (const s of shown) {
      if (on) next[s.id] = next[s.id] ?? allFields(s);
      else delete next[s.id];
    }
    setSelected(next);
  };
  const toggleField = (s: SourceSchema, field: string, on: boolean) => {
    const fields = new Set(selected[s.id] ?? []);
    if (on) fields.add(field);
    else fields.delete(field);
    setSelected({ ...selected, [s.id]: fields });
  };

  const body = (): BulkSyncBody => ({
    name,
    active,
    mode,
    source_connection_id: source,
    destination_connection_id: destination,
    destination_configuration: schema.trim() ? { schema: schema.trim() } : {},
    schedule: scheduleBody(schedule),
    schemas: schemas
      .filter((s) => selected[s.id])
      .map((s) => {
        const fields = selected[s.id];
        return fields.size === (s.fields ?? []).length ? s.id : { id: s.id, fields: [...fields].map((id) => ({ id, enabled: true })) };
      }),
  });

  const save = useMutation({
    mutationFn: async ({ run }: { run: boolean }) => {
      const saved = (id ? await request<{ data: BulkSync }>("PUT", `/api/bulk/syncs/${id}`, body()) : await request<{ data: BulkSync }>("POST", "/api/bulk/syncs", body())).data;
      const execution = run ? (await startBulkRun(saved.id)).data : undefined;
      return { saved, execution };
    },
    onSuccess: ({ saved, execution }) => {
      queryClient.invalidateQueries({ queryKey: ["bulk"] });
      queryClient.invalidateQueries({ queryKey: ["bulk", saved.id] });
      notifications.show({ message: `Saved ${saved.name}`, color: "green", closeButtonProps: { "aria-label": "Close the message" } });
      navigate(execution ? `/runs/bulk/${saved.id}/${execution.id}` : `/bulk/${saved.id}`);
    },
  });
  const errors = formErrors(save.error, ["name", "source_connection_id", "destination_connection_id", "destination_configuration", "schema", "mode", "schemas", ...SCHEDULE_FIELDS]);

  if (existing.isError) return <LoadFailed error={existing.error} retry={() => existing.refetch()} />;
  if (existingSchemas.isError) return <LoadFailed error={existingSchemas.error} retry={() => existingSchemas.refetch()} />;
  if (connections.isPending || (id && !loaded)) return <Loading what="the bulk sync builder" />;
  if (connections.isError) return <LoadFailed error={connections.error} retry={() => connections.refetch()} />;
  if (!canWrite)
    return (
      <>
        <PageHeader title={id ? "Bulk sync" : "New bulk sync"} />
        <Text size="sm" c="dimmed">
          Building or changing a bulk sync needs the member or admin role.
        </Text>
      </>
    );
  const connectionOptions = (first: string) => [{ value: "", label: first }, ...(connections.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.type.name})` }))];
  const modes = target.data?.modes?.length ? target.data.modes : MODE_FALLBACK;
  const count = Object.keys(selected).length;

  return (
    <>
      <PageHeader title={id ? `Edit ${existing.data?.name ?? "bulk sync"}` : "New bulk sync"} description="Copies whole objects (tables) of a source into a destination, on a schedule." />
      <form
        aria-label="Bulk sync"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ run: false });
        }}
      >
        <Stack maw={900}>
          <Paper withBorder p="md">
            <Stack>
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.at("name")} />
              <NativeSelect
                label="Source"
                description={id ? "Where the objects are read (fixed: a new source needs a new bulk sync)." : "Where the objects are read."}
                required
                disabled={Boolean(id)}
                value={source}
                onChange={(e) => {
                  setSource(e.currentTarget.value);
                  setSelected({});
                }}
                data={connectionOptions("Choose the source connection")}
                error={errors.at("source_connection_id") ?? (offered.isError ? messageOf(offered.error) : undefined)}
              />
              <NativeSelect
                label="Destination"
                description={id ? "Where the copies go (fixed: a new destination needs a new bulk sync)." : "Where the copies go."}
                required
                disabled={Boolean(id)}
                value={destination}
                onChange={(e) => setDestination(e.currentTarget.value)}
                data={connectionOptions("Choose the destination connection")}
                error={errors.at("destination_connection_id") ?? (target.isError ? messageOf(target.error) : undefined)}
              />
              <TextInput
                label="Destination schema"
                description="Where the tables go (created when missing); the source's own schema names when empty."
                value={schema}
                onChange={(e) => setSchema(e.currentTarget.value)}
                error={errors.at("schema") ?? errors.at("destination_configuration")}
              />
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Stack>
              <Group justify="space-between" wrap="wrap">
                <Text fw={500}>Objects and fields</Text>
                <Text size="sm" c="dimmed" role="status">
                  {count} of {schemas.length} objects selected
                </Text>
              </Group>
              {!source && <Text size="sm" c="dimmed">Choose a source to see its objects.</Text>}
              {source && offered.isPending && <Loading what="the source's objects" />}
              {source && offered.isSuccess && (
                <>
                  <Group wrap="wrap" align="flex-end">
                    <TextInput label="Search objects and fields" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={280} />
                    <Checkbox
                      label={needle ? `Select all ${shown.length} found` : "Select all"}
                      checked={allShownSelected}
                      indeterminate={!allShownSelected && someShownSelected}
                      onChange={(e) => toggleAllShown(e.currentTarget.checked)}
                    />
                  </Group>
                  {errors.at("schemas") && (
                    <Text size="sm" c="red.8" role="alert">
                      {errors.at("schemas")}
                    </Text>
                  )}
                  <Stack gap={4} role="group" aria-label="Objects of the source">
                    {shown.map((s) => {
                      const fields = selected[s.id];
                      const all = (s.fields ?? []).length;
                      return (
                        <Paper key={s.id} withBorder p="xs">
                          <Group justify="space-between" wrap="nowrap">
                            <Checkbox label={s.name ?? s.id} checked={Boolean(fields)} indeterminate={Boolean(fields) && fields.size < all} onChange={(e) => toggleObject(s, e.currentTarget.checked)} />
                            <UnstyledButton onClick={() => setOpen(open === s.id ? null : s.id)} aria-expanded={open === s.id} aria-label={`Fields of ${s.name ?? s.id}`}>
                              <Badge variant="default" size="sm">
                                {fields ? `${fields.size}/${all}` : all} fields {open === s.id ? "▴" : "▾"}
                              </Badge>
                            </UnstyledButton>
                          </Group>
                          <Collapse in={open === s.id}>
                            <Group gap="md" mt="xs" pl="lg" wrap="wrap">
                              {(s.fields ?? [])
                                .filter((f) => !needle || (s.name ?? s.id).toLowerCase().includes(needle) || (f.name ?? f.id).toLowerCase().includes(needle))
                                .map((f) => (
                                  <Checkbox
                                    key={f.id}
                                    size="xs"
                                    label={`${f.name ?? f.id} (${f.type ?? "?"})`}
                                    aria-label={`${s.name ?? s.id}: ${f.name ?? f.id}`}
                                    checked={Boolean(fields?.has(f.id))}
                                    onChange={(e) => {
                                      if (!fields) toggleObject(s, true);
                                      else toggleField(s, f.id, e.currentTarget.checked);
                                    }}
                                  />
                                ))}
                            </Group>
                          </Collapse>
                        </Paper>
                      );
                    })}
                    {shown.length === 0 && <Text size="sm" c="dimmed">No object or field matches “{search}”.</Text>}
                  </Stack>
                </>
              )}
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Stack>
              <Radio.Group label="Mode" value={mode} onChange={(v) => setMode(v as BulkSyncMode)} error={errors.at("mode")}>
                <Stack mt="xs" gap="sm">
                  {modes.map((m) => (
                    <Radio key={m.id} value={m.id ?? ""} label={m.label ?? m.id} description={m.description} />
                  ))}
                </Stack>
              </Radio.Group>
              <ScheduleEditor value={schedule} onChange={setSchedule} errorAt={errors.at} selfId={id} />
            </Stack>
          </Paper>

          {errors.general && (
            <Alert color="red" title="Not saved" role="alert">
              {errors.general}
            </Alert>
          )}
          <Group>
            <Button type="submit" variant="default" loading={save.isPending && !save.variables?.run} disabled={!source || !destination || count === 0}>
              Save
            </Button>
            <Button onClick={() => save.mutate({ run: true })} loading={save.isPending && save.variables?.run} disabled={!source || !destination || count === 0}>
              Save and run
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
