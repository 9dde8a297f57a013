// The model sync builder, a guided flow: model -> target connection and object ->
// mode (each explained in a sentence) -> identity -> field mapping (auto-matched by
// name, with the target's types, required and createable fields) -> filters (AND/OR
// logic) -> overrides -> schedule -> review -> save (and run). A refusal from the
// server is shown at its field, and the flow goes back to the first step holding one.
import { ActionIcon, Alert, Badge, Button, Group, NativeSelect, Paper, Radio, SegmentedControl, Stack, Stepper, Table, Text, TextInput, Title } from "@mantine/core";
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
import type { Model } from "../models/api";
import { ConditionValue, conditionText, describeValue, FILTER_FUNCTIONS, functionLabel, valueOfCondition, type ConditionText } from "./FilterValue";
import { FREQUENCIES, SCHEDULE_FIELDS, ScheduleEditor, scheduleBody, scheduleOf, scheduleText, type ScheduleValue } from "./ScheduleEditor";
import { allPages, MODES, startRun, useSync, useTargetFields, useTargetObjects, type Filter, type ModelSync, type ModelSyncBody, type ModelSyncMode, type Override } from "./api";

const STEPS = ["Model", "Target", "Mode", "Identity", "Fields", "Filters", "Overrides", "Schedule", "Review"] as const;

/// Which step shows the server's error for a field it names.
function stepOf(field: string): number {
  if (field === "name" || field === "model_id") return 0;
  if (field.startsWith("target")) return 1;
  if (field === "mode") return 2;
  if (field.startsWith("identity")) return 3;
  if (field.startsWith("fields")) return 4;
  if (field.startsWith("filter")) return 5;
  if (field.startsWith("override")) return 6;
  if (field.startsWith("schedule") || (SCHEDULE_FIELDS as readonly string[]).includes(field)) return 7;
  return 8;
}

interface Row extends ConditionText {
  field: string;
  override?: string;
}

type Logic = "AND" | "OR" | "custom";

export default function SyncBuilder() {
  const { id } = useParams();
  const existing = useSync(id);
  const canWrite = useCan(id ? "PUT" : "POST", id ? `/api/syncs/${id}` : "/api/syncs");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const models = useQuery({ queryKey: ["models", "all"], queryFn: () => allPages<Model>("/api/models") });
  const connections = useQuery({ queryKey: ["connections", "all"], queryFn: async () => (await request<{ data: Connection[] }>("GET", "/api/connections")).data });

  const [step, setStep] = useState(0);
  const [name, setName] = useState("");
  const [modelId, setModelId] = useState("");
  const [connectionId, setConnectionId] = useState("");
  const [object, setObject] = useState("");
  const [mode, setMode] = useState<ModelSyncMode | "">("");
  const [identitySource, setIdentitySource] = useState("");
  const [identityTarget, setIdentityTarget] = useState("");
  const [mapping, setMapping] = useState<Record<string, string>>({}); // target field -> model field ("" = not written)
  const [filters, setFilters] = useState<Row[]>([]);
  const [logic, setLogic] = useState<Logic>("AND");
  const [customLogic, setCustomLogic] = useState("");
  const [overrides, setOverrides] = useState<Row[]>([]);
  const [schedule, setSchedule] = useState<ScheduleValue>({ frequency: "manual" });
  const [active, setActive] = useState(true);
  const [loaded, setLoaded] = useState(false);

  const model = models.data?.find((m) => m.id === modelId);
  const objects = useTargetObjects(connectionId || undefined);
  const target = useTargetFields(connectionId || undefined, object || undefined);
  const targetFields = target.data?.fields ?? [];
  const objectModes = objects.data?.find((o) => o.id === object)?.modes;
  const modeChoices = MODES.filter((m) => !objectModes || objectModes.some((s) => s.id === m.value));
  const needsIdentity = mode !== "" && mode !== "append";
  const modelFields = model?.fields ?? [];

  // An existing sync fills the flow once.
  useEffect(() => {
    const s = existing.data;
    if (!s || loaded) return;
    setName(s.name);
    setModelId(s.model_ids?.[0] ?? s.identity?.source.model_id ?? s.fields?.[0]?.source?.model_id ?? "");
    setConnectionId(s.target.connection_id);
    setObject(s.target.object ?? "");
    setMode(s.mode);
    setIdentitySource(s.identity?.source.field ?? "");
    setIdentityTarget(s.identity?.target ?? "");
    setMapping(Object.fromEntries((s.fields ?? []).map((f) => [f.target, f.source?.field ?? ""])));
    setFilters((s.filters ?? []).map((f) => ({ field: f.field?.field ?? "", function: f.function, ...conditionText(f.function, f.value) })));
    const fl = (s.filter_logic ?? "").trim();
    setLogic(fl === "" ? "AND" : /^\d+( OR \d+)*$/.test(fl) ? "OR" : /^\d+( AND \d+)*$/.test(fl) ? "AND" : "custom");
    setCustomLogic(fl);
    setOverrides((s.overrides ?? []).map((o) => ({ field: o.field?.field ?? "", function: o.function ?? "Equality", ...conditionText(o.function ?? "Equality", o.value), override: o.override === undefined ? "" : String(o.override) })));
    setSchedule(scheduleOf(s.schedule));
    setActive(s.active ?? true);
    setLoaded(true);
  }, [existing.data, loaded]);

  // Auto-match by name once the target's fields are known (case and separators ignored); what is set stays.
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  useEffect(() => {
    if (!targetFields.length || !modelFields.length) return;
    setMapping((current) => {
      const next = { ...current };
      for (const t of targetFields) {
        if (next[t.id] !== undefined) continue;
        const match = modelFields.find((m) => norm(m.name) === norm(t.name ?? t.id) || norm(m.name) === norm(t.id));
        next[t.id] = match && t.id !== identityTarget ? match.name : "";
      }
      return next;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target.data, model?.id]);

  // The identity: the model's identifier and the target's key, when nothing is picked yet.
  useEffect(() => {
    if (!identitySource && model?.identifier) setIdentitySource(model.identifier);
    if (!identityTarget && targetFields.length) {
      const key = targetFields.find((f) => f.supports_identity) ?? targetFields.find((f) => norm(f.id) === norm(model?.identifier ?? ""));
      if (key) setIdentityTarget(key.id);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model?.id, target.data]);

  const filterLogic = () => {
    if (filters.length < 2) return "";
    if (logic === "custom") return customLogic;
    return filters.map((_, i) => String(i + 1)).join(` ${logic} `);
  };

  const typeOf = (field: string) => modelFields.find((m) => m.name === field)?.type;
  /// {value} when the row's function takes one.
  const valueEntry = (row: Row) => {
    const value = valueOfCondition(row, typeOf(row.field));
    return value === undefined ? {} : { value };
  };

  const body = (): ModelSyncBody => {
    const src = (field: string) => ({ model_id: modelId, field });
    return {
      name,
      mode: mode as ModelSyncMode,
      active,
      target: { connection_id: connectionId, object },
      fields: Object.entries(mapping)
        .filter(([t, f]) => f && !(needsIdentity && t === identityTarget))
        .map(([t, f]) => ({ source: src(f), target: t })),
      identity: needsIdentity && (identitySource || identityTarget) ? { source: src(identitySource), target: identityTarget, function: "Equality" } : undefined,
      filters: filters.map((f): Filter => ({ field: src(f.field), function: f.function, ...valueEntry(f) })),
      filter_logic: filterLogic(),
      overrides: overrides.map((o): Override => ({ field: src(o.field), function: o.function, ...valueEntry(o), override: o.override ?? "" })),
      schedule: scheduleBody(schedule),
    };
  };

  const save = useMutation({
    mutationFn: async ({ run }: { run: boolean }) => {
      const saved = (id ? await request<{ data: ModelSync }>("PUT", `/api/syncs/${id}`, body()) : await request<{ data: ModelSync }>("POST", "/api/syncs", body())).data;
      const execution = run ? (await startRun(saved.id)).data : undefined;
      return { saved, execution };
    },
    onSuccess: ({ saved, execution }) => {
      queryClient.invalidateQueries({ queryKey: ["syncs"] });
      notifications.show({ message: `Saved ${saved.name}`, color: "green", closeButtonProps: { "aria-label": "Close the message" } });
      navigate(execution ? `/runs/syncs/${saved.id}/${execution.id}` : `/syncs/${saved.id}`);
    },
    onError: (error) => {
      const fields = formErrors(error).error?.fields ?? {};
      const steps = Object.keys(fields).map(stepOf);
      if (steps.length) setStep(Math.min(...steps));
    },
  });

  const errors = formErrors(save.error, ["name", "mode", "target.connection_id", "target.object", "identity", "identity.source", "identity.target", "identity.function", "fields", "filters", "filter_logic", "overrides", ...SCHEDULE_FIELDS]);
  const fieldsError = (prefix: string) => Object.entries(errors.error?.fields ?? {}).filter(([k]) => k === prefix || k.startsWith(prefix + "[") || k.startsWith(prefix + ".")).map(([k, v]) => (k === prefix ? v : `${k}: ${v}`)).join("; ") || undefined;

  /// The server names a mapping by its place in the body's fields[]: the same order as body().
  const fieldAt = (targetId: string) => {
    const i = (body().fields ?? []).findIndex((f) => f.target === targetId);
    return i < 0 ? undefined : errors.at(`fields[${i}].source`) ?? errors.at(`fields[${i}].target`) ?? errors.at(`fields[${i}]`);
  };
  const mappedSources = useMemo(() => Object.values(mapping).filter(Boolean), [mapping]);
  const missingRequired = targetFields.filter((f) => f.required && !mapping[f.id] && !(needsIdentity && f.id === identityTarget));

  if (existing.isError) return <LoadFailed error={existing.error} retry={() => existing.refetch()} />;
  if ((id && existing.isPending) || models.isPending || connections.isPending) return <Loading what="the sync builder" />;
  if (models.isError) return <LoadFailed error={models.error} retry={() => models.refetch()} />;
  if (connections.isError) return <LoadFailed error={connections.error} retry={() => connections.refetch()} />;
  if (!canWrite)
    return (
      <>
        <PageHeader title="Model sync" />
        <Text size="sm" c="dimmed">
          Building or changing a sync needs the member or admin role.
        </Text>
      </>
    );

  const ready: boolean[] = [
    Boolean(name.trim() && modelId),
    Boolean(connectionId && object),
    Boolean(mode),
    !needsIdentity || Boolean(identitySource && identityTarget),
    mappedSources.length > 0 || mode === "remove",
    true,
    true,
    true,
    true,
  ];
  const modelOptions = [{ value: "", label: "Choose a model field" }, ...modelFields.map((f) => ({ value: f.name, label: `${f.name} (${f.type})` }))];

  const rowEditor = (rows: Row[], setRows: (r: Row[]) => void, what: "Filter" | "Override", sources: { value: string; label: string }[]) =>
    rows.map((row, i) => {
      const change = (patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
      const at = errors.at(`${what === "Filter" ? "filters" : "overrides"}[${i}].field`);
      return (
        <Paper withBorder p="sm" key={i}>
          <Group align="flex-end" wrap="wrap" gap="xs">
            <Badge variant="default" aria-hidden>
              {i + 1}
            </Badge>
            <NativeSelect label={`${what} ${i + 1}: field`} value={row.field} onChange={(e) => change({ field: e.currentTarget.value })} data={sources} error={at} />
            <NativeSelect label={`${what} ${i + 1}: condition`} value={row.function} onChange={(e) => change({ function: e.currentTarget.value })} data={FILTER_FUNCTIONS.map((f) => ({ value: f.value, label: f.label }))} />
            <ConditionValue what={`${what} ${i + 1}`} condition={row} change={change} fieldType={typeOf(row.field)} error={errors.at(`${what === "Filter" ? "filters" : "overrides"}[${i}].value`)} />
            {what === "Override" && <TextInput label={`Override ${i + 1}: write instead`} value={row.override ?? ""} onChange={(e) => change({ override: e.currentTarget.value })} />}
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${what.toLowerCase()} ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              ×
            </ActionIcon>
          </Group>
        </Paper>
      );
    });

  const connectionName = connections.data?.find((c) => c.id === connectionId)?.name ?? "";

  return (
    <>
      <PageHeader title={id ? `Edit ${existing.data?.name ?? "sync"}` : "New model sync"} description="Writes a model's records into an object of a target connection." />
      <Stepper active={step} onStepClick={setStep} size="xs" allowNextStepsSelect={false} wrap aria-label="Steps of the sync builder">
        <Stepper.Step label="Model" description={model?.name}>
          <Stack maw={640}>
            <TextInput label="Sync name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.at("name")} />
            <NativeSelect
              label="Model"
              description="The records this sync writes."
              required
              value={modelId}
              onChange={(e) => {
                setModelId(e.currentTarget.value);
                setMapping({});
                setIdentitySource("");
              }}
              data={[{ value: "", label: models.data?.length ? "Choose a model" : "No models yet: add one on the Models page" }, ...(models.data ?? []).map((m) => ({ value: m.id, label: m.name }))]}
              error={errors.at("model_id")}
            />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Target" description={object}>
          <Stack maw={640}>
            <NativeSelect
              label="Target connection"
              description="Where the records go."
              required
              value={connectionId}
              onChange={(e) => {
                setConnectionId(e.currentTarget.value);
                setObject("");
                setMapping({});
                setIdentityTarget("");
              }}
              data={[{ value: "", label: "Choose a connection" }, ...(connections.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.type.name})` }))]}
              error={errors.at("target.connection_id")}
            />
            <NativeSelect
              label="Target object"
              description={objects.isFetching ? "Reading the objects of the connection…" : "The table or object the sync writes (from the connection)."}
              required
              value={object}
              disabled={!connectionId}
              onChange={(e) => {
                setObject(e.currentTarget.value);
                setMapping({});
                setIdentityTarget("");
              }}
              data={[{ value: "", label: connectionId ? "Choose an object" : "Choose a connection first" }, ...(objects.data ?? []).map((o) => ({ value: o.id, label: o.name ?? o.id }))]}
              error={errors.at("target.object") ?? (objects.isError ? messageOf(objects.error) : undefined)}
            />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Mode" description={MODES.find((m) => m.value === mode)?.label}>
          <Radio.Group label="How records are written" value={mode} onChange={(v) => setMode(v as ModelSyncMode)} error={errors.at("mode")} required>
            <Stack mt="xs" gap="sm">
              {modeChoices.map((m) => (
                <Radio key={m.value} value={m.value} label={m.label} description={m.explained} />
              ))}
            </Stack>
          </Radio.Group>
        </Stepper.Step>
        <Stepper.Step label="Identity" description={identityTarget}>
          {needsIdentity ? (
            <Stack maw={640}>
              <Text size="sm">The sync matches each model record with a target record where these two fields are equal.</Text>
              <NativeSelect label="Model field (identity)" required value={identitySource} onChange={(e) => setIdentitySource(e.currentTarget.value)} data={modelOptions} error={errors.at("identity.source") ?? errors.at("identity")} />
              <NativeSelect
                label="Target field (identity)"
                required
                value={identityTarget}
                onChange={(e) => setIdentityTarget(e.currentTarget.value)}
                data={[{ value: "", label: "Choose a target field" }, ...targetFields.map((f) => ({ value: f.id, label: `${f.name ?? f.id} (${f.type ?? "?"})${f.supports_identity ? " — key" : ""}` }))]}
                error={errors.at("identity.target") ?? errors.at("identity.function")}
              />
            </Stack>
          ) : (
            <Text size="sm">{mode === "append" ? "Append writes every record as new: it needs no identity." : "Choose a mode first."}</Text>
          )}
        </Stepper.Step>
        <Stepper.Step label="Fields" description={`${mappedSources.length} mapped`}>
          <Stack>
            <Text size="sm">Each target field takes a model field; fields with the same name are matched for you. Required fields must be mapped.</Text>
            {target.isPending && object && <Loading what="the target's fields" />}
            {target.isError && <Alert color="red" role="alert">{messageOf(target.error)}</Alert>}
            {fieldsError("fields") && (
              <Text size="sm" c="red.8" role="alert">
                {fieldsError("fields")}
              </Text>
            )}
            {missingRequired.length > 0 && (
              <Text size="sm" c="orange.9" role="status">
                Required and not mapped: {missingRequired.map((f) => f.name ?? f.id).join(", ")}
              </Text>
            )}
            <Table.ScrollContainer minWidth={360}>
              <Table aria-label="Field mapping">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Target field</Table.Th>
                    <Table.Th>Model field</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {targetFields.map((f) => {
                    const isIdentity = needsIdentity && f.id === identityTarget;
                    return (
                      <Table.Tr key={f.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {f.name ?? f.id}
                          </Text>
                          <Group gap={4}>
                            <Badge size="xs" variant="default">
                              {f.source_type ?? f.type}
                            </Badge>
                            {f.required && (
                              <Badge size="xs" color="red" variant="dot">
                                required
                              </Badge>
                            )}
                            {f.createable && (
                              <Badge size="xs" variant="default">
                                createable
                              </Badge>
                            )}
                            {f.updateable === false && (
                              <Badge size="xs" variant="default">
                                not updateable
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          {isIdentity ? (
                            <Text size="sm" c="dimmed">
                              the identity ({identitySource})
                            </Text>
                          ) : (
                            <NativeSelect
                              aria-label={`Model field for ${f.name ?? f.id}`}
                              value={mapping[f.id] ?? ""}
                              onChange={(e) => setMapping({ ...mapping, [f.id]: e.currentTarget.value })}
                              data={[{ value: "", label: "Not written" }, ...modelFields.map((m) => ({ value: m.name, label: `${m.name} (${m.type})` }))]}
                              error={fieldAt(f.id)}
                            />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Filters" description={filters.length ? `${filters.length}` : "none"}>
          <Stack maw={900}>
            <Text size="sm">Only model records that pass the filters are written. No filter: every record.</Text>
            {rowEditor(filters, setFilters, "Filter", modelOptions)}
            <Group>
              <Button variant="default" size="xs" onClick={() => setFilters([...filters, { field: modelFields[0]?.name ?? "", function: "Equality", value: "" }])}>
                Add a filter
              </Button>
            </Group>
            {filters.length > 1 && (
              <Stack gap="xs">
                <Text size="sm" fw={500} id="filter-logic-label">
                  Records must pass
                </Text>
                <SegmentedControl
                  aria-labelledby="filter-logic-label"
                  value={logic}
                  onChange={(v) => setLogic(v as Logic)}
                  data={[
                    { value: "AND", label: "all (AND)" },
                    { value: "OR", label: "any (OR)" },
                    { value: "custom", label: "custom" },
                  ]}
                />
                {logic === "custom" && (
                  <TextInput label="Filter logic" description="The filters by number, with AND, OR, NOT and parentheses: 1 AND (2 OR 3)" value={customLogic} onChange={(e) => setCustomLogic(e.currentTarget.value)} error={errors.at("filter_logic")} />
                )}
              </Stack>
            )}
            {(fieldsError("filters") || (logic !== "custom" && errors.at("filter_logic"))) && (
              <Text size="sm" c="red.8" role="alert">
                {fieldsError("filters") ?? errors.at("filter_logic")}
              </Text>
            )}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Overrides" description={overrides.length ? `${overrides.length}` : "none"}>
          <Stack maw={900}>
            <Text size="sm">An override writes another value into a mapped field when the model's value meets a condition (e.g. "unknown" instead of an empty name).</Text>
            {rowEditor(overrides, setOverrides, "Override", [{ value: "", label: "Choose a mapped field" }, ...mappedSources.map((s) => ({ value: s, label: s }))])}
            <Group>
              <Button variant="default" size="xs" disabled={mappedSources.length === 0} onClick={() => setOverrides([...overrides, { field: mappedSources[0] ?? "", function: "IsNull", value: "", override: "" }])}>
                Add an override
              </Button>
            </Group>
            {fieldsError("overrides") && (
              <Text size="sm" c="red.8" role="alert">
                {fieldsError("overrides")}
              </Text>
            )}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Schedule" description={FREQUENCIES.find((f) => f.value === schedule.frequency)?.label}>
          <ScheduleEditor value={schedule} onChange={setSchedule} errorAt={errors.at} selfId={id} />
        </Stepper.Step>
        <Stepper.Step label="Review">
          <Stack maw={720}>
            <Title order={2} size="h4">
              Review
            </Title>
            <Table aria-label="The sync as it will be saved" variant="vertical" withTableBorder>
              <Table.Tbody>
                {[
                  ["Name", name],
                  ["Model", model?.name ?? ""],
                  ["Target", `${connectionName} · ${object}`],
                  ["Mode", `${MODES.find((m) => m.value === mode)?.label ?? ""}: ${MODES.find((m) => m.value === mode)?.explained ?? ""}`],
                  ["Identity", needsIdentity ? `${identitySource} = ${identityTarget}` : "none"],
                  ["Fields", body().fields?.map((f) => `${f.source?.field} → ${f.target}`).join(", ") ?? ""],
                  ["Filters", filters.length ? `${filters.map((f, i) => `${i + 1}: ${f.field} ${functionLabel(f.function)} ${describeValue(f)}`).join("; ")}${filterLogic() ? ` (${filterLogic()})` : ""}` : "none: every record"],
                  ["Overrides", overrides.length ? overrides.map((o) => `${o.field} ${functionLabel(o.function)} ${describeValue(o)} → "${o.override}"`).join("; ") : "none"],
                  ["Schedule", scheduleText(scheduleBody(schedule))],
                ].map(([k, v]) => (
                  <Table.Tr key={k}>
                    <Table.Th w={120}>{k}</Table.Th>
                    <Table.Td>{v}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {missingRequired.length > 0 && (
              <Text size="sm" c="orange.9">
                Required target fields not mapped: {missingRequired.map((f) => f.name ?? f.id).join(", ")}. The target may refuse those records.
              </Text>
            )}
          </Stack>
        </Stepper.Step>
      </Stepper>

      {errors.general && (
        <Alert color="red" title="Not saved" role="alert" mt="md">
          {errors.general}
        </Alert>
      )}
      <Group mt="lg" justify="space-between">
        <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)}>
          Back
        </Button>
        {step < STEPS.length - 1 ? (
          <Button onClick={() => setStep(step + 1)} disabled={!ready[step]}>
            Next: {STEPS[step + 1]}
          </Button>
        ) : (
          <Group>
            <Button variant="default" onClick={() => save.mutate({ run: false })} loading={save.isPending && !save.variables?.run}>
              Save
            </Button>
            <Button onClick={() => save.mutate({ run: true })} loading={save.isPending && save.variables?.run}>
              Save and run
            </Button>
          </Group>
        )}
      </Group>
    </>
  );
}
