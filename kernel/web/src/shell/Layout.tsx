// The frame of every signed-in page: the navigation (a drawer below 768 px), the
// licence banner, who is signed in, sign out.
import { Burger, Button, Group, NavLink, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { request } from "../api/client";
import { useMe } from "../api/session";
import { navigation } from "../routes";
import { LicenceBanner } from "./LicenceBanner";
import "./layout.css";

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
    await request("POST", "/auth/logout").catch(() => undefined);
    queryClient.clear();
    navigate("/sign-in");
  };

  return (
    <>
      <header className="shell-header">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
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
      </header>
      <nav className="shell-navbar" id="main-navigation" aria-label="Main navigation" data-opened={opened}>
        {(["Pipelines", "Admin"] as const).map((section) => (
          <div key={section} role="group" aria-label={section}>
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
          </div>
        ))}
      </nav>
      <main className="shell-main">
        <LicenceBanner />
        <Outlet />
      </main>
    </>
  );
}
