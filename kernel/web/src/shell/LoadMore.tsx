// The foot of a paginated list: "Load more" while the API has a next page.
import { Button, Center, Text } from "@mantine/core";

export function LoadMore({ hasMore, loading, onMore, shown }: { hasMore: boolean; loading: boolean; onMore: () => void; shown: number }) {
  return (
    <Center p="sm">
      {hasMore ? (
        <Button variant="default" size="xs" loading={loading} onClick={onMore}>
          Load more
        </Button>
      ) : (
        <Text size="xs" c="dimmed">
          {shown === 1 ? "1 item" : `${shown} items`}
        </Text>
      )}
    </Center>
  );
}
