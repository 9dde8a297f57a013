// "Connect" for an OAuth connector, for real: a server of its own whose HubSpot OAuth app
// is the fake HubSpot's (tests/fakes/FakeHubSpot run as a process, integrations/hubspot.md:
// HUBSPOT_CLIENT_ID/SECRET, HUBSPOT_OAUTH_AUTHORIZE_URL/TOKEN_URL, the connection's
// api_url). Connect on HubSpot, the browser at the fake's authorize endpoint (which
// approves at once) and back on a healthy connection; its objects in the bulk sync
// builder, copied into PostgreSQL; then access revoked at HubSpot: the next run fails,
// the connection shows the reconnect state, and "Sign in again" makes it healthy again.

import assert from "node:assert/strict";
import { psql } from "../../compat/lib/server.mjs";
import { until } from "../lib/harness.mjs";
import { HubSpot, ownServer, signInAt } from "../lib/own-server.mjs";

const byLabel = (page, text) => page.getByLabel(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\*?$`));

async function runOf(server, syncId, runId) {
  return until(`bulk run ${runId} to end`, async () => {
    const run = await server.api("GET", `/api/bulk/syncs/${syncId}/executions/${runId}`);
    return ["completed", "failed", "canceled", "interrupted"].includes(run.status) && run;
  }, 90000);
}

export function register(t) {
  t.test("connections-oauth: Connect on HubSpot, approve, a healthy connection and its objects; revoked, Sign in again", async (t) => {
    const hubspot = await HubSpot.start();
    let server;
    try {
      for (const [email, name] of [["ada@example.com", "Ada"], ["bob@example.com", "Bob"], ["cy@example.com", "Cy"]]) await hubspot.addContact(email, name);
      server = await ownServer(t, "uihubspot", hubspot.serverEnvironment);
      const warehouseId = await server.postgresConnection("Warehouse", server.database);
      const page = await t.anonymousPage();
      await signInAt(t, page, server.baseUrl, "root@example.com");

      // Connect: the catalog, HubSpot's form (its API at the fake), the provider and back.
      await page.getByRole("link", { name: "Connections", exact: true }).click();
      await page.getByRole("link", { name: "Add connection" }).first().click();
      await page.getByLabel("Search connectors").fill("hubspot");
      await page.getByRole("button", { name: "Add a HubSpot connection" }).click();
      await t.field(page, "Name").fill("CRM");
      await t.field(page, "API URL").fill(hubspot.url);
      await t.axe(page, "a new HubSpot connection");
      await t.screens(page, "connection-oauth-new");
      await page.getByRole("button", { name: "Connect with HubSpot" }).click();
      await page.waitForURL(new RegExp(`^${server.baseUrl}/connections/[0-9a-f-]{36}$`));
      assert.equal(await hubspot.authorized(), HubSpot.CLIENT_ID, "the browser was at the fake's authorize page");
      await page.getByRole("heading", { name: "CRM" }).waitFor();
      await page.getByText("Signed in to HubSpot:").getByText("healthy").waitFor();
      const id = page.url().split("/").pop();
      const connection = await server.api("GET", `/api/connections/${id}`);
      assert.equal(connection.status, "healthy");
      assert.equal(connection.configuration.api_url, hubspot.url);
      await t.axe(page, "a signed-in HubSpot connection");
      await t.screens(page, "connection-oauth-healthy");

      // Its objects, when building a bulk sync from it into PostgreSQL.
      await page.goto(`${server.baseUrl}/bulk/new`);
      await byLabel(page, "Source").selectOption(id);
      await byLabel(page, "Destination").selectOption(warehouseId);
      await page.getByLabel("Destination schema").fill("crm");
      const objects = page.getByRole("group", { name: "Objects of the source" });
      await objects.getByRole("checkbox", { name: /contacts/i }).first().waitFor();
      for (const name of [/companies/i, /deals/i]) assert.ok(await objects.getByRole("checkbox", { name }).count(), String(name));
      await objects.getByRole("checkbox", { name: /contacts/i }).first().check();
      await page.getByLabel("Snapshot").check();
      await byLabel(page, "Name").fill("CRM copy");
      await page.getByRole("button", { name: "Save and run" }).click();
      await page.waitForURL(/\/runs\/bulk\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
      const [syncId, runId] = page.url().split("/").slice(-2);
      assert.equal((await runOf(server, syncId, runId)).status, "completed");
      assert.deepEqual(psql(server.database, "SELECT email FROM crm.contacts ORDER BY email").map((r) => r[0]), ["ada@example.com", "bob@example.com", "cy@example.com"]);

      // Access revoked in HubSpot: the next run fails and the connection asks to be signed in again.
      await hubspot.revoke();
      const again = await server.api("POST", `/api/bulk/syncs/${syncId}/executions`);
      assert.equal((await runOf(server, syncId, again.id)).status, "failed");
      assert.equal((await server.api("GET", `/api/connections/${id}`)).status, "reconnect");
      await page.goto(`${server.baseUrl}/connections/${id}`);
      const reconnect = page.getByRole("alert").filter({ hasText: "Sign in to HubSpot again" });
      await reconnect.waitFor();
      assert.match(await reconnect.innerText(), /must be signed in again/);
      await t.axe(page, "a HubSpot connection to sign in again");
      await t.screens(page, "connection-oauth-reconnect");
      await reconnect.getByRole("button", { name: "Sign in again" }).click();
      // Through the provider and /connections/connected, back on the same connection's page, healthy.
      await page.waitForURL(/\/connections\/connected\?/, { waitUntil: "commit" });
      await page.waitForURL(`${server.baseUrl}/connections/${id}`);
      await page.getByText("Signed in to HubSpot:").getByText("healthy").waitFor();
      assert.equal(await page.getByRole("alert").filter({ hasText: "Sign in to HubSpot again" }).count(), 0);
      assert.equal((await server.api("GET", `/api/connections/${id}`)).status, "healthy");
      // The same connection: its bulk sync runs again.
      const third = await server.api("POST", `/api/bulk/syncs/${syncId}/executions`);
      assert.equal((await runOf(server, syncId, third.id)).status, "completed");
    } finally {
      await server?.stop();
      hubspot.stop();
    }
  });
}
