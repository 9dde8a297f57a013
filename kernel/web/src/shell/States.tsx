// The shapes every page reuses: what to show while loading, when a load failed,
// when a list is empty (saying what to do next), and a page's title bar.
import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { messageOf } from "../api/errors";

export function Loading({ what }: { what: string }) {
  return (
    <Center p="xl" aria-busy="true">
      <Loader size="sm" aria-label={`Loading ${what}`} />
    </Center>
  );
}

export function LoadFailed({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <Alert color="red" title="Could not load this" role="alert">
      <Stack gap="xs">
        <Text size="sm">{messageOf(error)}</Text>
        {retry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={retry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/// An empty list: what it would hold, and what to do next (an action the caller may take, or why not).
export function EmptyState({ title, next, action }: { title: string; next: string; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" p="xl" data-testid="empty-state">
      <Text fw={600}>{title}</Text>
      <Text size="sm" c="dimmed" ta="center" maw={420}>
        {next}
      </Text>
      {action}
    </Stack>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="sm">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

/// Where another engineer's page will be: says what it will do.
export function Placeholder({ title, what }: { title: string; what: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="Not built yet" next={what} />
    </>
  );
}
