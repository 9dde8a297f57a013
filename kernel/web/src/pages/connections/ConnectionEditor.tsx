// One connection: a new one of a type (/connections/new/:type) or an existing one
// (/connections/:id). The configuration form comes from the connector's JSON
// Schema; secret fields are write-only (a stored secret is never shown: left empty,
// it is kept). "Test" and "Save" show the connector's message at the field it
// concerns. OAuth types have "Connect" instead of "Save" when new, and "Sign in
// again" once made (the reconnect state: the provider refused the refresh token).
import { Alert, Button, Group, Modal, Paper, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { ErrorSchema, RJSFSchema, UiSchema } from "@rjsf/utils";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { request } from "../../api/client";
import { ApiError, messageOf } from "../../api/errors";
import { formErrors } from "../../shell/useFormErrors";
import { useCan } from "../../api/session";
import SchemaForm from "../../forms/SchemaForm";
import { LoadFailed, Loading, PageHeader } from "../../shell/States";
import { StatusAlert } from "../../shell/StatusAlert";
import { REDACTED, fieldOfMessage, secretFields, useConnection, useConnectionSchema, useConnectionTypes, type Connection, type JsonSchema } from "./api";

type Configuration = Record<string, unknown>;

/// What the form shows of a stored configuration: secrets blank (write-only).
function editable(configuration: Configuration, secrets: string[]): Configuration {
  const out: Configuration = {};
  for (const [name, value] of Object.entries(configuration)) if (!secrets.includes(name) && value !== REDACTED) out[name] = value;
  return out;
}

/// What is sent: a blank secret of a stored connection keeps the stored one.
function outgoing(form: Configuration, secrets: string[], stored?: Configuration): Configuration {
  const out: Configuration = { ...form };
  for (const name of secrets) if ((out[name] === undefined || out[name] === "") && stored && stored[name] === REDACTED) out[name] = REDACTED;
  return out;
}

function uiSchemaOf(schema: JsonSchema, secrets: string[], stored?: Configuration): UiSchema {
  const ui: UiSchema = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (secrets.includes(name))
      ui[name] = {
        "ui:widget": "password",
        "ui:placeholder": stored?.[name] === REDACTED ? "Stored: leave empty to keep it" : undefined,
      };
    else if (property.format === "textarea" || property.multiline || /certificate|private_key|json/.test(name)) ui[name] = { "ui:widget": "textarea" };
  }
  return ui;
}

/// The schema as the form draws it: anyOf/oneOf branches that only say which fields are
/// required together ("host and database, or connection_url") are no choice to offer;
/// the server checks them and names the missing field.
function formSchemaOf(schema: JsonSchema): RJSFSchema {
  const out = { ...schema } as Record<string, unknown>;
  for (const key of ["anyOf", "oneOf"]) {
    const branches = out[key] as JsonSchema[] | undefined;
    if (branches && branches.every((b) => !b.properties)) delete out[key];
  }
  delete out.$schema;
  return out as RJSFSchema;
}

/// A refusal placed at its fields (shell/useFormErrors): the name, the configuration's
/// fields by name, a connector's check message at the field it concerns.
function place(error: unknown, schema: JsonSchema | undefined): { fields: ErrorSchema; name?: string; general?: string } {
  const names = Object.keys(schema?.properties ?? {});
  const errors = formErrors(error, ["name", ...names], (message) => {
    const text = message.replace(/^the connection check failed: /, "");
    const field = fieldOfMessage(text, schema);
    return field ? { field, message: text } : undefined;
  });
  const fields: Record<string, { __errors: string[] }> = {};
  for (const field of names) {
    const problem = errors.at(`configuration.${field}`) ?? errors.at(field);
    if (problem) fields[field] = { __errors: [problem] };
  }
  return { fields: fields as ErrorSchema, name: errors.at("name"), general: errors.general?.replace(/^the connection check failed: /, "") };
}

/// An OAuth connection's sign-in: healthy, or to be signed in again (the provider refused its
/// refresh token, or the sign-in never finished), with the control that does it.
function OAuthState({ connection, typeName, action }: { connection?: Connection; typeName: string; action?: ReactNode }) {
  if (!connection) return null;
  if (connection.status === "reconnect" || connection.status === "awaiting_authorization")
    return (
      <Alert color="red" role="alert" title={`Sign in to ${typeName} again`} maw={640} mb="md">
        <Stack gap="sm">
          <Text size="sm">
            {connection.status_error ?? `This connection has not been signed in to ${typeName} yet.`} Its syncs fail until it is signed in again; they keep their settings.
          </Text>
          {action ?? <Text size="sm">Someone with the member or admin role can sign it in again.</Text>}
        </Stack>
      </Alert>
    );
  return (
    <Group mb="md" gap="sm">
      <Text size="sm">
        Signed in to {typeName}: <strong>{connection.status ?? "unknown"}</strong>
      </Text>
      {action}
    </Group>
  );
}

export default function ConnectionEditor() {
  const { id, type: newType } = useParams();
  const existing = useConnection(id);
  const type = newType ?? existing.data?.type.id;
  const schema = useConnectionSchema(type);
  const types = useConnectionTypes();
  const connectionType = types.data?.find((t) => t.id === type);
  const canWrite = useCan(id ? "PUT" : "POST", id ? `/api/connections/${id}` : "/api/connections");
  const canDelete = useCan("DELETE", `/api/connections/${id}`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const secrets = useMemo(() => secretFields(schema.data), [schema.data]);
  const stored = existing.data?.configuration;
  const [name, setName] = useState("");
  const [form, setForm] = useState<Configuration>({});
  const [refusal, setRefusal] = useState<unknown>();
  const [tested, setTested] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  // Filled once both are known: which fields are secret comes with the schema.
  useEffect(() => {
    if (existing.data && schema.data) {
      setName(existing.data.name);
      setForm(editable(existing.data.configuration, secrets));
    }
  }, [existing.data, schema.data, secrets]);

  const body = () => ({ name, type, configuration: outgoing(form, secrets, stored) });
  const test = useMutation({
    mutationFn: () => request("POST", "/api/connections/test", { type, configuration: outgoing(form, secrets, stored), connection_id: id }),
    onMutate: () => {
      setRefusal(undefined);
      setTested(false);
    },
    onSuccess: () => setTested(true),
    onError: setRefusal,
  });
  const save = useMutation({
    mutationFn: () =>
      id ? request<{ data: Connection }>("PUT", `/api/connections/${id}`, body()) : request<{ data: Connection }>("POST", "/api/connections", body()),
    onMutate: () => {
      setRefusal(undefined);
      setTested(false);
    },
    onSuccess: (answer) => {
      queryClient.invalidateQueries({ queryKey: ["connections"] });
      notifications.show({ message: `Saved ${answer.data.name}`, color: "green", closeButtonProps: { "aria-label": "Close the message" } });
      navigate(`/connections/${answer.data.id}`, { replace: true });
    },
    onError: setRefusal,
  });
  const remove = useMutation({
    mutationFn: (force: boolean) => request("DELETE", `/api/connections/${id}${force ? "?force=true" : ""}`),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ["connections"] });
      navigate("/connections", { replace: true });
    },
  });
  // OAuth: the server sends the browser to the provider and back to /connections/connected;
  // with the connection's id, the same connection is signed in again (its syncs keep working).
  const connect = useMutation({
    mutationFn: () =>
      request<{ data?: { redirect_url?: string } }>("POST", "/api/connections/connect", {
        type,
        name,
        configuration: outgoing(form, secrets, stored),
        redirect_url: `${window.location.origin}/connections/connected`,
        ...(id ? { connection: id } : {}),
      }),
    onSuccess: (answer) => {
      if (answer?.data?.redirect_url) window.location.assign(answer.data.redirect_url);
    },
    onError: setRefusal,
  });

  if (existing.isError) return <LoadFailed error={existing.error} retry={() => existing.refetch()} />;
  if (schema.isError) return <LoadFailed error={schema.error} retry={() => schema.refetch()} />;
  if ((id && existing.isPending) || schema.isPending || !type) return <Loading what="the connection" />;

  const placed = place(refusal, schema.data);
  const busy = test.isPending || save.isPending;
  const typeName = connectionType?.name ?? type;
  const oauth = Boolean(connectionType?.use_oauth);
  const signInAgain = (
    <Button onClick={() => connect.mutate()} loading={connect.isPending}>
      Sign in again
    </Button>
  );
  return (
    <>
      <PageHeader title={id ? existing.data?.name ?? "Connection" : `New ${typeName} connection`} description={id ? `${typeName} connection` : undefined} />
      {id && oauth && <OAuthState connection={existing.data} typeName={typeName ?? ""} action={canWrite ? signInAgain : undefined} />}
      <Paper withBorder p="md" maw={640}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
          aria-label="Connection"
        >
          <Stack>
            <TextInput
              label="Name"
              description="How this connection is listed, e.g. Production warehouse."
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={placed.name}
              disabled={!canWrite}
            />
            <SchemaForm
              schema={formSchemaOf(schema.data)}
              uiSchema={uiSchemaOf(schema.data, secrets, stored)}
              formData={form}
              onChange={(data) => {
                setForm(data as Configuration);
              }}
              extraErrors={placed.fields}
              disabled={!canWrite}
              idPrefix="configuration"
            />
            {placed.general && (
              <Alert color="red" title="The server refused this" role="alert">
                {placed.general}
              </Alert>
            )}
            {tested && (
              <StatusAlert color="green">The connection works: the connector reached it with this configuration.</StatusAlert>
            )}
            {canWrite && (
              <Group justify="space-between">
                <Group>
                  {oauth && !id ? (
                    <Button onClick={() => connect.mutate()} loading={connect.isPending}>
                      Connect with {typeName}
                    </Button>
                  ) : (
                    <Button type="submit" loading={save.isPending} disabled={busy && !save.isPending}>
                      {id ? "Save" : "Save connection"}
                    </Button>
                  )}
                  <Button variant="default" onClick={() => test.mutate()} loading={test.isPending} disabled={busy && !test.isPending}>
                    Test
                  </Button>
                </Group>
                {id && canDelete && (
                  <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                    Delete
                  </Button>
                )}
              </Group>
            )}
            {!canWrite && (
              <Text size="sm" c="dimmed">
                You can read this connection; changing it needs the member or admin role.
              </Text>
            )}
          </Stack>
        </form>
      </Paper>
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete this connection?" closeButtonProps={{ "aria-label": "Close" }} lockScroll={false}>
        <Stack>
          <Text size="sm">Models and syncs that use it stop working.</Text>
          {remove.isError && (
            <Alert color="red" role="alert">
              {messageOf(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              Keep it
            </Button>
            {remove.error instanceof ApiError && remove.error.status === 422 ? (
              <Button color="red" onClick={() => remove.mutate(true)} loading={remove.isPending}>
                Delete anyway
              </Button>
            ) : (
              <Button color="red" onClick={() => remove.mutate(false)} loading={remove.isPending}>
                Delete
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
