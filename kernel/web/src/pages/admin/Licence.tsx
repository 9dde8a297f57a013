// The licence (GET /api/license): its status, with the shell's banner, what it
// entitles (active syncs, connectors) and what is used. Any role may read it.
import { Badge, Paper, Progress, Stack, Table, Text } from "@mantine/core";
import { LicenceBanner, useLicence } from "../../shell/LicenceBanner";
import { LoadFailed, Loading, PageHeader } from "../../shell/States";
import type { Licence as LicenceShape } from "./api";
import { when } from "./api";

function statusColor(l: LicenceShape) {
  if (l.executions_allowed === false) return "red";
  if (l.status === "valid") return "teal";
  return "blue";
}

function Facts({ licence }: { licence: LicenceShape }) {
  const rows: [string, string | undefined][] = [
    ["Mode", licence.mode],
    ["Customer", licence.customer],
    ["Deployment", licence.deployment],
    ["Licence id", licence.license_id],
    ["Issued", when(licence.issued_at)],
    ["Expires", licence.expires_at && `${when(licence.expires_at)}${licence.days_left !== undefined ? ` (${licence.days_left} days left)` : ""}`],
    ["Grace period ends", when(licence.grace_ends_at)],
    ["Revoked", licence.revoked ? "yes" : licence.mode === "licensed" ? "no" : undefined],
  ];
  return (
    <Table aria-label="Licence details" variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        {rows.filter(([, v]) => v).map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w={170}>{k}</Table.Th>
            <Table.Td style={{ wordBreak: "break-all" }}>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Usage({ licence }: { licence: LicenceShape }) {
  const active = licence.usage?.active_syncs ?? 0;
  const max = licence.entitlements?.max_active_syncs;
  const connectors = licence.entitlements?.connectors;
  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-label="Active syncs">
        <Text fw={600}>Active syncs</Text>
        <Text size="sm" data-testid="active-syncs">
          {max == null ? `${active} active; the licence sets no limit` : `${active} of ${max} allowed`}
        </Text>
        {max != null && <Progress value={Math.min(100, (active / Math.max(1, max)) * 100)} color={active >= max ? "red" : "blue"} mt="xs" aria-label={`${active} of ${max} active syncs used`} />}
        {max != null && active >= max && (
          <Text size="xs" c="dimmed" mt={4}>
            At the limit: deactivate a sync before activating another, or ask Polytomic for a larger licence.
          </Text>
        )}
      </Paper>
      <Paper withBorder p="md" component="section" aria-label="Connectors allowed">
        <Text fw={600}>Connectors allowed</Text>
        <Text size="sm">{connectors == null ? "Every connector loaded on this server." : connectors.length === 0 ? "None." : connectors.join(", ")}</Text>
      </Paper>
    </Stack>
  );
}

export function Licence() {
  const licence = useLicence();
  const data = licence.data as LicenceShape | undefined;
  return (
    <>
      <PageHeader title="Licence" description="This deployment's licence: its status, what it allows and what is used." />
      {licence.isPending && <Loading what="the licence" />}
      {licence.isError && <LoadFailed error={licence.error} retry={() => licence.refetch()} />}
      {data && (
        <Stack gap="md">
          <Paper withBorder p="md" component="section" aria-label="Status">
            <Text fw={600} mb="xs">
              Status{" "}
              <Badge color={statusColor(data)} variant="light" data-testid="licence-status">
                {data.status ?? "unknown"}
              </Badge>
            </Text>
            <Text size="sm" mb="sm">
              {data.executions_allowed === false ? "Syncs cannot run until the licence is renewed." : "Syncs run."} {data.message}
            </Text>
            {!data.banner && (
              <Text size="sm" c="dimmed">
                No warning is shown on the pages: nothing needs doing.
              </Text>
            )}
            {data.banner && (
              <Text size="sm" c="dimmed">
                Every page shows this warning above it until the licence is in order:
              </Text>
            )}
            {data.banner && <LicenceBanner />}
          </Paper>
          <Facts licence={data} />
          <Usage licence={data} />
        </Stack>
      )}
    </>
  );
}
