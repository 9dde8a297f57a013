// Users: add by email with a role, change a role, remove. The API answers the
// whole list; the page shows 50 at a time with a search. The last admin cannot be
// demoted or removed: the server refuses (409) and its message is shown.
import { Alert, Button, Center, Group, Pagination, Paper, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { request } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useMe } from "../../api/session";
import { formErrors } from "../../shell/useFormErrors";
import { EmptyState, LoadFailed, Loading, PageHeader } from "../../shell/States";
import { AdminOnly } from "./AdminOnly";
import { Confirm } from "./Confirm";
import { ROLES, useUsers, type User, tell } from "./api";

const PAGE = 50;
const TITLE = "Users";
const WHAT = "The people who sign in to your organization, and what each may do.";

function AddUser() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<string>("member");
  const add = useMutation({
    mutationFn: () => request<{ data: User }>("POST", "/api/organization/users", { email, role }),
    onSuccess: ({ data }) => {
      tell(`${data.email} was added as ${data.role}.`);
      setEmail("");
      queryClient.invalidateQueries({ queryKey: ["users"] });
      queryClient.invalidateQueries({ queryKey: ["audit"] });
    },
  });
  const errors = formErrors(add.error, ["email", "role"]);
  return (
    <Paper withBorder p="md" mb="md" component="form" aria-label="Add a user" onSubmit={(e: React.FormEvent) => { e.preventDefault(); add.mutate(); }}>
      <Stack gap="sm">
        <Text fw={600}>Add a user</Text>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.at("email")} style={{ flex: "1 1 220px" }} />
          <Select label="Role" data={ROLES} value={role} onChange={(v) => setRole(v ?? "member")} allowDeselect={false} error={errors.at("role")} style={{ flex: "1 1 220px" }} />
          <Button type="submit" loading={add.isPending}>
            Add user
          </Button>
        </Group>
        {add.isError && !errors.at("email") && !errors.at("role") && (
          <Alert color="red" role="alert">
            {errors.general}
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          They sign in with this address through any sign-in method of the deployment.
        </Text>
      </Stack>
    </Paper>
  );
}

function UserRow({ user, self, onRemove, onRefused }: { user: User; self: boolean; onRemove: (u: User) => void; onRefused: (message: string) => void }) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (role: string) => request<{ data: User }>("PUT", `/api/organization/users/${user.id}`, { email: user.email, role }),
    onSuccess: ({ data }) => {
      tell(`${data.email} is now ${data.role}.`);
      queryClient.invalidateQueries({ queryKey: ["users"] });
      if (self) queryClient.invalidateQueries({ queryKey: ["me"] });
    },
    onError: (error) => onRefused(`${user.email}: ${messageOf(error)}`),
  });
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm">{user.email}</Text>
        {self && (
          <Text size="xs" c="dimmed">
            you
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Role of ${user.email}`}
          data={ROLES.map((r) => ({ value: r.value, label: r.value }))}
          value={user.role}
          onChange={(v) => v && v !== user.role && change.mutate(v)}
          allowDeselect={false}
          disabled={change.isPending}
          size="xs"
          w={120}
        />
      </Table.Td>
      <Table.Td>
        <Button size="xs" variant="subtle" color="red" aria-label={`Remove ${user.email}`} onClick={() => onRemove(user)}>
          Remove
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function UserTable() {
  const users = useUsers();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [removing, setRemoving] = useState<User | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (user: User) => request("DELETE", `/api/organization/users/${user.id}`),
    onSuccess: () => {
      tell(`${removing?.email} was removed.`);
      setRemoving(null);
      queryClient.invalidateQueries({ queryKey: ["users"] });
    },
  });
  const shown = useMemo(() => {
    const text = search.trim().toLowerCase();
    const all = [...(users.data ?? [])].sort((a, b) => a.email.localeCompare(b.email));
    return text ? all.filter((u) => u.email.toLowerCase().includes(text) || u.role === text) : all;
  }, [users.data, search]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const current = Math.min(page, pages);

  if (users.isPending) return <Loading what="users" />;
  if (users.isError) return <LoadFailed error={users.error} retry={() => users.refetch()} />;
  return (
    <>
      <TextInput label="Search users" placeholder="Email or role" value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} mb="sm" maw={360} />
      {refusal && (
        <Alert color="red" role="alert" title="Refused" withCloseButton closeButtonLabel="Dismiss" onClose={() => setRefusal(null)} mb="sm">
          {refusal}
        </Alert>
      )}
      {shown.length === 0 ? (
        <EmptyState title="No user matches" next="Change the search, or add the person above with their email address." />
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table striped aria-label="Users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.slice((current - 1) * PAGE, current * PAGE).map((u) => (
                <UserRow key={u.id} user={u} self={u.id === me?.id} onRemove={(user) => { remove.reset(); setRemoving(user); }} onRefused={setRefusal} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Center p="sm">
        <Stack gap={4} align="center">
          {pages > 1 && <Pagination total={pages} value={current} onChange={setPage} size="sm" getControlProps={(c) => ({ "aria-label": c === "previous" ? "Previous page" : c === "next" ? "Next page" : c })} getItemProps={(p) => ({ "aria-label": `Page ${p}` })} />}
          <Text size="xs" c="dimmed" data-testid="user-count">
            {shown.length === 1 ? "1 user" : `${shown.length} users`}
          </Text>
        </Stack>
      </Center>
      <Confirm
        title="Remove this user?"
        body={`${removing?.email ?? ""} will no longer sign in, and their API key stops working.`}
        action="Remove user"
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing)}
        pending={remove.isPending}
        error={remove.error}
      />
    </>
  );
}

export function Users() {
  return (
    <AdminOnly title={TITLE} what={WHAT}>
      <PageHeader title={TITLE} description={WHAT} />
      <AddUser />
      <UserTable />
    </AdminOnly>
  );
}
