// Where an OAuth sign-in comes back (the redirect_url "Connect" and "Sign in again"
// give the server): /connections/connected?connection_id=..&status=.. goes on to
// the connection; with error=.., the provider's or the server's refusal is shown.
import { Alert, Button, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { PageHeader } from "../../shell/States";

export function Connected() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = params.get("connection_id");
  const error = params.get("error");
  const status = params.get("status");

  useEffect(() => {
    if (error || !id) return;
    queryClient.invalidateQueries({ queryKey: ["connections"] });
    notifications.show({ message: `Signed in: the connection is ${status ?? "saved"}`, color: status === "healthy" ? "green" : "yellow", closeButtonProps: { "aria-label": "Close the message" } });
    navigate(`/connections/${encodeURIComponent(id)}`, { replace: true });
  }, [error, id, status, navigate, queryClient]);

  if (!error && id) return null;
  return (
    <>
      <PageHeader title="The sign-in did not finish" />
      <Stack maw={640}>
        <Alert color="red" role="alert" title="The connection was not signed in">
          {error ?? "The provider sent the browser back without saying which connection it signed in."} Try again from the connection's page.
        </Alert>
        <Button component={Link} to={id ? `/connections/${encodeURIComponent(id)}` : "/connections"} variant="default" w="fit-content">
          {id ? "Back to the connection" : "Back to connections"}
        </Button>
      </Stack>
    </>
  );
}
