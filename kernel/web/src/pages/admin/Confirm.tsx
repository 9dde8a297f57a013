// A confirmation for an action that cannot be undone; the server's refusal, if
// any, is shown inside it (e.g. "this is the organization's last admin"). No scroll lock:
// it writes a <style> element, which the Content-Security-Policy refuses.
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { messageOf } from "../../api/errors";

export function Confirm({ title, body, action, opened, onClose, onConfirm, pending, error }: {
  title: string;
  body: string;
  action: string;
  opened: boolean;
  onClose: () => void;
  onConfirm: () => void;
  pending: boolean;
  error: unknown;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered lockScroll={false} closeButtonProps={{ "aria-label": "Close" }}>
      <Stack gap="sm">
        <Text size="sm">{body}</Text>
        {Boolean(error) && (
          <Alert color="red" role="alert" title="Refused">
            {messageOf(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={pending} onClick={onConfirm}>
            {action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
