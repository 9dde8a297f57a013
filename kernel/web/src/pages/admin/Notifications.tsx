// Notifications: who gets an email when a sync fails (the SDK's global error
// subscribers: GET, PUT /api/notifications/global-error-subscribers {emails}).
// PUT replaces the whole list.
import { Alert, Button, Group, Paper, Stack, TagsInput, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { request } from "../../api/client";
import { ApiError } from "../../api/errors";
import { formErrors } from "../../shell/useFormErrors";
import { LoadFailed, Loading, PageHeader } from "../../shell/States";
import { AdminOnly } from "./AdminOnly";
import { tell } from "./api";

const PATH = "/api/notifications/global-error-subscribers";

function Subscribers() {
  const queryClient = useQueryClient();
  const stored = useQuery({ queryKey: ["notifications"], queryFn: () => request<{ emails?: string[] }>("GET", PATH) });
  const [emails, setEmails] = useState<string[]>([]);
  useEffect(() => setEmails(stored.data?.emails ?? []), [stored.data]);
  const save = useMutation({
    mutationFn: () => request<{ emails?: string[] }>("PUT", PATH, { emails }),
    onSuccess: (answer) => {
      queryClient.setQueryData(["notifications"], answer);
      tell(answer.emails?.length ? `${answer.emails.length} address(es) will be told of failed syncs.` : "Nobody is emailed about failed syncs now.");
    },
  });
  if (stored.isPending) return <Loading what="the subscribers" />;
  if (stored.isError) return <LoadFailed error={stored.error} retry={() => stored.refetch()} />;
  const errors = formErrors(save.error, ["emails"]);
  // A refusal names each bad address by its place (emails[2]).
  const bad = save.error instanceof ApiError ? Object.entries(save.error.fields).map(([k, v]) => {
    const i = Number(k.match(/\[(\d+)\]/)?.[1]);
    return Number.isNaN(i) ? v : `${emails[i] ?? k}: ${v}`;
  }) : [];
  const changed = JSON.stringify(emails) !== JSON.stringify(stored.data?.emails ?? []);
  return (
    <Paper withBorder p="md" component="form" aria-label="Failure emails" onSubmit={(e: React.FormEvent) => { e.preventDefault(); save.mutate(); }}>
      <Stack gap="sm">
        <TagsInput
          label="Email addresses"
          description="Type an address and press Enter. Each gets an email when any model sync or bulk sync of the organization fails."
          placeholder={emails.length ? "Add another" : "name@example.com"}
          value={emails}
          onChange={setEmails}
          splitChars={[",", " ", ";"]}
          clearable
          error={bad.length ? bad.join("; ") : undefined}
        />
        {emails.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="empty-state">
            Nobody is emailed when a sync fails. Add an address above and save; sync owners still see failures on the home page.
          </Text>
        )}
        {save.isError && bad.length === 0 && (
          <Alert color="red" role="alert">
            {errors.general}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!changed}>
            Save subscribers
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function Notifications() {
  const what = "Who gets an email when a sync fails.";
  return (
    <AdminOnly title="Notifications" what={what}>
      <PageHeader title="Notifications" description={what} />
      <Subscribers />
    </AdminOnly>
  );
}
