// API keys: make one for yourself (anyone signed in), for the organization or for
// another user (admins). A new key is shown once, with a copy button: it lives only
// in this page's memory, never in the query cache, so a reload forgets it. The API
// keeps one key per owner and has no list route: "Replace" revokes the old key
// (force), and admins see who holds a key from the audit log of key issues.
import { Alert, Badge, Button, Code, CopyButton, Group, Paper, Select, Stack, Table, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../../api/client";
import { ApiError, messageOf } from "../../api/errors";
import { usePagedList } from "../../api/pagination";
import { useCan, useMe } from "../../api/session";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { StatusAlert } from "../../shell/StatusAlert";
import { Scroll } from "./Scroll";
import { useUsers, when, type AuditEntry } from "./api";

interface Owner {
  /// Where the key is made (POST {force?} -> {value}).
  path: string;
  /// Who the key is for, in a sentence.
  label: string;
}

function NewKey({ value, owner }: { value: string; owner: string }) {
  return (
    <StatusAlert color="teal" title={`New API key for ${owner}`} data-testid="new-key">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Copy it now: you will not see it again. Polytomic keeps only a hash of it.
        </Text>
        <Code block style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }} aria-label="The new API key">
          {value}
        </Code>
        <Group>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button size="xs" color="teal" onClick={copy}>
                {copied ? "Copied" : "Copy key"}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="xs">Send it as Authorization: Bearer &lt;key&gt;. Leaving or reloading this page forgets it.</Text>
      </Stack>
    </StatusAlert>
  );
}

/// Make a key for one owner; on "a key exists" offer to replace it (the old one is revoked).
function KeyMaker({ owner, description }: { owner: Owner | undefined; description: string }) {
  const queryClient = useQueryClient();
  // The server's rule (useCan): anyone may make their own key, an admin anyone's.
  const allowed = useCan("POST", owner?.path ?? "/api/organization/keys");
  const [value, setValue] = useState<string | null>(null);
  const make = useMutation({
    mutationFn: (force: boolean) => request<{ data: { value: string } }>("POST", owner!.path, { force }),
    onSuccess: ({ data }) => {
      setValue(data.value);
      queryClient.invalidateQueries({ queryKey: ["audit"] });
    },
    onMutate: () => setValue(null),
  });
  const exists = make.error instanceof ApiError && make.error.status === 409;
  if (owner && !allowed) return null;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {description}
      </Text>
      <Group gap="sm">
        <Button disabled={!owner} loading={make.isPending && !make.variables} onClick={() => make.mutate(false)}>
          {owner ? `Make a key for ${owner.label}` : "Make a key"}
        </Button>
        {exists && (
          <Button color="red" variant="light" loading={make.isPending && make.variables} onClick={() => make.mutate(true)}>
            Replace the key (revokes the old one)
          </Button>
        )}
      </Group>
      {make.isError && (
        <Alert color={exists ? "blue" : "red"} role="alert">
          {exists ? `${owner?.label ?? "This owner"} has a key already. Replacing it makes a new one; the old key stops working at once.` : messageOf(make.error)}
        </Alert>
      )}
      {value && owner && <NewKey value={value} owner={owner.label} />}
    </Stack>
  );
}

function UserKeyMaker({ organizationId }: { organizationId: string }) {
  const users = useUsers();
  const [userId, setUserId] = useState<string | null>(null);
  const user = users.data?.find((u) => u.id === userId);
  return (
    <Stack gap="sm">
      <Select
        label="User"
        placeholder={users.isPending ? "Loading users" : "Pick a user"}
        searchable
        limit={50}
        data={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.email} (${u.role})` }))}
        value={userId}
        onChange={setUserId}
        maw={420}
        error={users.isError ? messageOf(users.error) : undefined}
      />
      <KeyMaker
        key={userId ?? ""}
        owner={user && { path: `/api/organizations/${organizationId}/users/${user.id}/keys`, label: user.email }}
        description="A key that acts as this user, with their role (for a script they own)."
      />
    </Stack>
  );
}

/// Who holds a key: the newest successful issue per owner, from the audit log.
function KeyHolders() {
  const users = useUsers();
  const userKeys = usePagedList<AuditEntry>(["audit", "keys", "user"], "/api/audit", { action: "user.key.create" }, 100);
  const orgKeys = usePagedList<AuditEntry>(["audit", "keys", "organization"], "/api/audit", { action: "organization.key.create" }, 100);
  if (userKeys.isPending || orgKeys.isPending) return <Loading what="the keys made" />;
  if (userKeys.isError) return <LoadFailed error={userKeys.error} retry={() => userKeys.refetch()} />;
  const holders = new Map<string, AuditEntry>();
  for (const entry of [...userKeys.items, ...orgKeys.items].filter((e) => e.status < 300)) {
    const owner = entry.action.startsWith("organization.") ? "organization" : entry.resource_id ?? "";
    // Removing a user removes their key.
    if (owner !== "organization" && users.data && !users.data.some((u) => u.id === owner)) continue;
    const known = holders.get(owner);
    if (!known || known.created_at < entry.created_at) holders.set(owner, entry);
  }
  const emailOf = (id: string) => (id === "organization" ? "The organization" : users.data?.find((u) => u.id === id)?.email ?? id);
  if (holders.size === 0) return <EmptyState title="No key has been made yet" next="Make one above: for yourself, for a user, or for the organization." />;
  return (
    <Scroll label="Key list" minWidth={360}>
      <Table striped aria-label="Keys in use">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key of</Table.Th>
            <Table.Th>Made</Table.Th>
            <Table.Th>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...holders.entries()].map(([owner, entry]) => (
            <Table.Tr key={owner}>
              <Table.Td>
                <Text size="sm">{emailOf(owner)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{when(entry.created_at)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{entry.actor.email ?? entry.actor.type}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Scroll>
  );
}

export function Keys() {
  const { data: me } = useMe();
  const admin = me?.role === "admin";
  return (
    <>
      <PageHeader title="API keys" description="Keys let scripts, the SDKs and Terraform call the API. Each owner has one key; replacing it revokes the old one." />
      <Stack gap="md">
        {me?.id && me.organization_id && (
          <Paper withBorder p="md" component="section" aria-label="Your key">
            <Text fw={600} mb="xs">
              Your key <Badge variant="light">{me.role}</Badge>
            </Text>
            <KeyMaker owner={{ path: `/api/organizations/${me.organization_id}/users/${me.id}/keys`, label: "you" }} description="A key that acts as you, with your role." />
          </Paper>
        )}
        {admin && me?.organization_id && (
          <>
            <Paper withBorder p="md" component="section" aria-label="The organization's key">
              <Text fw={600} mb="xs">
                The organization's key
              </Text>
              <KeyMaker owner={{ path: "/api/organization/keys", label: "the organization" }} description="A key with admin rights tied to no person: it keeps working when people leave." />
            </Paper>
            <Paper withBorder p="md" component="section" aria-label="A user's key">
              <Text fw={600} mb="xs">
                A user's key
              </Text>
              <UserKeyMaker organizationId={me.organization_id} />
            </Paper>
            <Paper withBorder p="md" component="section" aria-label="Keys in use">
              <Text fw={600} mb="xs">
                Keys in use
              </Text>
              <Text size="sm" c="dimmed" mb="sm">
                The newest key made for each owner (from the audit log). To revoke one, make it again and choose "Replace"; removing a user revokes theirs.
              </Text>
              <KeyHolders />
            </Paper>
          </>
        )}
      </Stack>
    </>
  );
}
