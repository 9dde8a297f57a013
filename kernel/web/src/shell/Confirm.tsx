// A confirmation before an action (delete, full resync): what it does in a sentence,
// the server's refusal inside it when there is one. No scroll lock: it writes a
// <style> element, which the Content-Security-Policy refuses.
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { messageOf } from "../api/errors";

interface Props {
  title: string;
  body: string;
  /// The confirming button's label, and the other one's ("Keep it", "Not now").
  action: string;
  cancel: string;
  opened: boolean;
  onClose: () => void;
  onConfirm: () => void;
  pending?: boolean;
  error?: unknown;
  /// A delete is red; a resync is not.
  danger?: boolean;
}

export function Confirm({ title, body, action, cancel, opened, onClose, onConfirm, pending, error, danger = true }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} lockScroll={false} closeButtonProps={{ "aria-label": "Close" }}>
      <Stack>
        <Text size="sm">{body}</Text>
        {Boolean(error) && (
          <Alert color="red" role="alert">
            {messageOf(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {cancel}
          </Button>
          <Button color={danger ? "red" : undefined} onClick={onConfirm} loading={pending}>
            {action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/// "Delete this <what>?" for a delete mutation: its pending state and refusal shown.
export function ConfirmDelete({ what, body, opened, onClose, remove }: {
  what: string;
  body: string;
  opened: boolean;
  onClose: () => void;
  remove: { mutate: () => void; isPending: boolean; error: unknown };
}) {
  return <Confirm title={`Delete this ${what}?`} body={body} action="Delete" cancel="Keep it" opened={opened} onClose={onClose} onConfirm={() => remove.mutate()} pending={remove.isPending} error={remove.error} />;
}
