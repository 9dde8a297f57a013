// What a model sync's and a bulk sync's page both offer, for those the server lets:
// run now, full resync (confirmed), edit, pause or resume the schedule, delete
// (confirmed). Both APIs have the same shape: POST {path}/executions {resync},
// POST {path}/activate {active}, DELETE {path}.
import { Alert, Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useNavigate } from "react-router-dom";
import { request } from "../api/client";
import { messageOf } from "../api/errors";
import { useCan } from "../api/session";
import { Confirm, ConfirmDelete } from "./Confirm";

interface Props {
  /// The sync in the API: /api/syncs/{id} or /api/bulk/syncs/{id}.
  apiPath: string;
  /// The query key its data is cached under (refreshed after a change), and its list's.
  queryKey: string[];
  listKey: string[];
  /// Where to go: a new run's page, the edit page, the list after a delete.
  runRoute: (executionId: string) => string;
  editRoute: string;
  listRoute: string;
  active: boolean;
  /// A run is going: no second one.
  running: boolean;
  /// "sync" or "bulk sync", and what a resync and a delete do, in a sentence each.
  what: string;
  resyncExplained: string;
  deleteExplained: string;
}

/// The page's buttons (for PageHeader's actions) and what goes below them (the run's refusal, the confirmations).
export function useSyncActions(p: Props): { actions: ReactNode; dialogs: ReactNode } {
  const canRun = useCan("POST", `${p.apiPath}/executions`);
  const canEdit = useCan("PUT", p.apiPath);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirmResync, setConfirmResync] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const run = useMutation({
    mutationFn: (resync: boolean) => request<{ data: { id: string } }>("POST", `${p.apiPath}/executions`, resync ? { resync: true } : {}),
    onSuccess: (answer) => {
      queryClient.invalidateQueries({ queryKey: p.queryKey });
      navigate(p.runRoute(answer.data.id));
    },
  });
  const activate = useMutation({
    mutationFn: (active: boolean) => request("POST", `${p.apiPath}/activate`, { active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: p.queryKey }),
  });
  const remove = useMutation({
    mutationFn: () => request("DELETE", p.apiPath),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: p.listKey });
      notifications.show({ message: `The ${p.what} is deleted`, color: "green", closeButtonProps: { "aria-label": "Close the message" } });
      navigate(p.listRoute, { replace: true });
    },
  });
  const actions = (
    <>
      {canRun && (
        <>
          <Button onClick={() => run.mutate(false)} loading={run.isPending && run.variables === false} disabled={p.running}>
            Run now
          </Button>
          <Button variant="default" onClick={() => setConfirmResync(true)} loading={run.isPending && run.variables === true} disabled={p.running}>
            Full resync
          </Button>
        </>
      )}
      {canEdit && (
        <>
          <Button variant="default" component={Link} to={p.editRoute}>
            Edit
          </Button>
          <Button variant="subtle" onClick={() => activate.mutate(!p.active)} loading={activate.isPending}>
            {p.active ? "Pause schedule" : "Resume schedule"}
          </Button>
          <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        </>
      )}
    </>
  );
  const dialogs = (
    <>
      {(run.isError || activate.isError) && (
        <Alert color="red" role="alert" mb="md" title={run.isError ? "The run did not start" : "The schedule did not change"}>
          {messageOf(run.error ?? activate.error)}
        </Alert>
      )}
      <Confirm
        title="Run a full resync?"
        body={p.resyncExplained}
        action="Resync everything"
        cancel="Not now"
        danger={false}
        opened={confirmResync}
        onClose={() => setConfirmResync(false)}
        onConfirm={() => {
          setConfirmResync(false);
          run.mutate(true);
        }}
      />
      <ConfirmDelete what={p.what} body={p.deleteExplained} opened={confirmDelete} onClose={() => setConfirmDelete(false)} remove={remove} />
    </>
  );
  return { actions, dialogs };
}
