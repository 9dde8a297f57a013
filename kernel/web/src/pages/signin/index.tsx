// The sign-in page: one button per identity provider AUTH_METHODS enables (the
// browser goes to /auth/login/{name}, the provider, then back to /auth, which opens
// the session and sends it to /), and how to get a one-time link when links are on.
// A refused sign-in is answered by the server's /auth page, which says why.
import { Alert, Anchor, Button, Center, Code, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Navigate } from "react-router-dom";
import { request } from "../../api/client";
import { useMe } from "../../api/session";
import { LoadFailed, Loading } from "../../shell/States";

interface Methods {
  providers: { name: string; label: string; url: string }[];
  links: boolean;
}

export default function SignInPage() {
  const me = useMe();
  const methods = useQuery({
    queryKey: ["sign-in-methods"],
    queryFn: async () => (await request<{ data: Methods }>("GET", "/auth/methods")).data,
  });
  if (me.data) return <Navigate to="/" replace />;
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} component="main">
        <Stack>
          <Title order={1} size="h2">
            Sign in to Polytomic
          </Title>
          {methods.isPending && <Loading what="the sign-in methods" />}
          {methods.isError && <LoadFailed error={methods.error} retry={() => methods.refetch()} />}
          {methods.data?.providers.map((provider) => (
            <Button key={provider.name} component="a" href={provider.url} size="md" fullWidth>
              Sign in with {provider.label}
            </Button>
          ))}
          {methods.data?.links && (
            <Text size="sm">
              Or with a one-time link: whoever runs the server prints one with <Code>polytomic login-link you@example.com</Code>.
            </Text>
          )}
          {methods.data && methods.data.providers.length === 0 && !methods.data.links && (
            <Alert color="yellow" title="No sign-in method is enabled">
              The operator enables one with AUTH_METHODS (google, oidc or link); see the README.
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            Only people an admin added can sign in. Scripts use API keys instead: <Anchor href="/api/docs">API reference</Anchor>.
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
