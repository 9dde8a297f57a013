// The frame of every signed-in page: the navigation (a drawer below 768 px), the
// licence banner, who is signed in, sign out.
import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { request } from "../api/client";
import { useMe } from "../api/session";
import { canCall } from "../api/session";
import { navigation } from "../routes";
import { LicenceBanner } from "./LicenceBanner";

const RANK = { viewer: 0, member: 1, admin: 2 } as const;

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const role = me?.role ?? "viewer";
  const visible = navigation.filter((entry) => RANK[role] >= RANK[entry.role]);

  const signOut = async () => {
    if (canCall(role, "GET", "/api/me")) await request("POST", "/auth/logout").catch(() => undefined);
    queryClient.clear();
    navigate("/sign-in");
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? "Close navigation" : "Open navigation"} />
            <Title order={2} size="h4">
              Polytomic
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm" data-testid="signed-in-as">
              {me?.email} ({role})
            </Text>
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          {(["Pipelines", "Admin"] as const).map((section) => (
            <nav key={section} aria-label={section}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={4}>
                {section}
              </Text>
              {visible
                .filter((entry) => entry.section === section)
                .map((entry) => (
                  <NavLink
                    key={entry.to}
                    component={RouterLink}
                    to={entry.to}
                    label={entry.label}
                    onClick={close}
                    active={entry.to === "/" ? location.pathname === "/" : location.pathname.startsWith(entry.to)}
                  />
                ))}
            </nav>
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <LicenceBanner />
        <main>
          <Outlet />
        </main>
      </AppShell.Main>
    </AppShell>
  );
}
