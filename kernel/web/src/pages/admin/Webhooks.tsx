// Webhooks: where the organization's sync events are POSTed, each delivery signed
// with the secret (Polytomic-Signature). Create, edit, disable or enable, delete.
// The secret is write-only: the API answers "********", and an edit that leaves it
// empty sends that back, which keeps the stored one. Below: the events delivered.
import { Alert, Badge, Button, Group, Paper, PasswordInput, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../../api/client";
import { messageOf } from "../../api/errors";
import { formErrors } from "../../shell/useFormErrors";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { AdminOnly } from "./AdminOnly";
import { Confirm } from "./Confirm";
import { Scroll } from "./Scroll";
import { useEventTypes, useWebhooks, when, type EventRecord, type Webhook, tell } from "./api";

const STORED = "********";

function WebhookForm({ webhook, onDone }: { webhook?: Webhook; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [endpoint, setEndpoint] = useState(webhook?.endpoint ?? "");
  const [secret, setSecret] = useState("");
  const save = useMutation({
    mutationFn: () => {
      const body = { endpoint, secret: webhook && secret === "" ? STORED : secret };
      return webhook ? request("PUT", `/api/webhooks/${webhook.id}`, body) : request("POST", "/api/webhooks", body);
    },
    onSuccess: () => {
      tell(webhook ? "The webhook was saved." : "The webhook was added: events go to it from now on.");
      queryClient.invalidateQueries({ queryKey: ["webhooks"] });
      onDone();
    },
  });
  const errors = formErrors(save.error, ["endpoint", "secret"]);
  return (
    <Paper withBorder p="md" component="form" aria-label={webhook ? `Edit the webhook ${webhook.endpoint}` : "Add a webhook"} onSubmit={(e: React.FormEvent) => { e.preventDefault(); save.mutate(); }}>
      <Stack gap="sm">
        <Text fw={600}>{webhook ? "Edit the webhook" : "Add a webhook"}</Text>
        <TextInput label="Endpoint" description="An http:// or https:// URL of yours that takes a POST" value={endpoint} onChange={(e) => setEndpoint(e.currentTarget.value)} error={errors.at("endpoint")} />
        <PasswordInput
          label="Secret"
          description="At least 8 characters: every delivery is signed with it (Polytomic-Signature). It is never shown again."
          placeholder={webhook ? "Stored: leave empty to keep it" : undefined}
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
          error={errors.at("secret")}
          autoComplete="new-password"
        />
        {save.isError && !errors.at("endpoint") && !errors.at("secret") && (
          <Alert color="red" role="alert">
            {errors.general}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {webhook ? "Save webhook" : "Add webhook"}
          </Button>
          {webhook && (
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function WebhookRow({ webhook, onEdit, onDelete }: { webhook: Webhook; onEdit: () => void; onDelete: () => void }) {
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => request("POST", `/api/webhooks/${webhook.id}/${webhook.disabled ? "enable" : "disable"}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["webhooks"] }),
    onError: (error) => tell(messageOf(error), "red"),
  });
  return (
    <Table.Tr>
      <Table.Td style={{ wordBreak: "break-all" }}>
        <Text size="sm">{webhook.endpoint}</Text>
        <Text size="xs" c="dimmed">
          added {when(webhook.created_at)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={webhook.disabled ? "gray" : "teal"} variant="light">
          {webhook.disabled ? "disabled" : "enabled"}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="xs" variant="subtle" aria-label={`Edit ${webhook.endpoint}`} onClick={onEdit}>
            Edit
          </Button>
          <Button size="xs" variant="subtle" loading={toggle.isPending} aria-label={`${webhook.disabled ? "Enable" : "Disable"} ${webhook.endpoint}`} onClick={() => toggle.mutate()}>
            {webhook.disabled ? "Enable" : "Disable"}
          </Button>
          <Button size="xs" variant="subtle" color="red" aria-label={`Delete ${webhook.endpoint}`} onClick={onDelete}>
            Delete
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function RecentEvents() {
  const types = useEventTypes();
  const [type, setType] = useState<string | null>(null);
  const events = useQuery({
    queryKey: ["events", type],
    queryFn: async () => (await request<{ data: EventRecord[] }>("GET", `/api/events?limit=100${type ? `&type=${encodeURIComponent(type)}` : ""}`)).data,
  });
  return (
    <Paper withBorder p="md" component="section" aria-label="Events">
      <Text fw={600} mb={4}>
        Events
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        Every enabled webhook gets each of these: {(types.data ?? []).join(", ")}. While disabled, events are dropped, not queued. The newest 100 of the last 48 hours:
      </Text>
      <Select label="Event type" placeholder="All types" clearable data={types.data ?? []} value={type} onChange={setType} maw={320} mb="sm" />
      {events.isPending && <Loading what="events" />}
      {events.isError && <LoadFailed error={events.error} retry={() => events.refetch()} />}
      {events.isSuccess && events.data.length === 0 && <EmptyState title="No events yet" next="Run a model sync or a bulk sync: each run's start and end is an event." />}
      {events.isSuccess && events.data.length > 0 && (
        <Scroll label="Recent event list" minWidth={360}>
          <Table striped aria-label="Recent events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Sync</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Text size="sm">{when(e.created_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.type}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{String(e.event?.sync_name ?? e.event?.sync_id ?? "")}</Text>
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

function WebhookPage() {
  const webhooks = useWebhooks();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [added, setAdded] = useState(0); // a new form after each add
  const remove = useMutation({
    mutationFn: (w: Webhook) => request("DELETE", `/api/webhooks/${w.id}`),
    onSuccess: () => {
      setDeleting(null);
      queryClient.invalidateQueries({ queryKey: ["webhooks"] });
      tell("The webhook was deleted.");
    },
  });
  return (
    <>
      <PageHeader title="Webhooks" description="Send your organization's sync events to an endpoint of yours, signed with a secret." />
      <Stack gap="md">
        {webhooks.isPending && <Loading what="webhooks" />}
        {webhooks.isError && <LoadFailed error={webhooks.error} retry={() => webhooks.refetch()} />}
        {webhooks.isSuccess && webhooks.data.length === 0 && <EmptyState title="No webhook yet" next="Add one below: its endpoint gets a signed POST for every sync event." />}
        {webhooks.isSuccess && webhooks.data.length > 0 && (
          <Table.ScrollContainer minWidth={360}>
            <Table striped aria-label="Webhooks">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Endpoint</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {webhooks.data.map((w) => (
                  <WebhookRow key={w.id} webhook={w} onEdit={() => setEditing(w)} onDelete={() => { remove.reset(); setDeleting(w); }} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {editing ? <WebhookForm key={editing.id} webhook={editing} onDone={() => setEditing(null)} /> : <WebhookForm key={`new-${added}`} onDone={() => setAdded((n) => n + 1)} />}
        <RecentEvents />
      </Stack>
      <Confirm
        title="Delete this webhook?"
        body={`${deleting?.endpoint ?? ""} gets no more events. To pause it instead, disable it.`}
        action="Delete webhook"
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
        pending={remove.isPending}
        error={remove.error}
      />
    </>
  );
}

export function Webhooks() {
  return (
    <AdminOnly title="Webhooks" what="Send your organization's sync events to an endpoint of yours, signed with a secret.">
      <WebhookPage />
    </AdminOnly>
  );
}
