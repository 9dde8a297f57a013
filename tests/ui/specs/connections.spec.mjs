// Connections: the catalog, a PostgreSQL connection whose wrong password is
// answered at the password field, secrets write-only, delete; a viewer's view.

import assert from "node:assert/strict";
import { until } from "../lib/harness.mjs";
import { pgSettings } from "../lib/world.mjs";

/// The error text shown at the input labelled `label` (what its aria-describedby names as its error), once there is one.
export async function errorAt(t, page, label) {
  const input = t.field(page, label);
  return until(`an error at ${label}`, async () => {
    const ids = ((await input.getAttribute("aria-describedby")) || "").split(/\s+/).filter((id) => id.endsWith("-error"));
    if (!ids.length) return undefined;
    return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(" ");
  });
}

async function fillPostgres(t, page, { name, user, password, database }) {
  const pg = pgSettings();
  await t.field(page, "Name").fill(name);
  await t.field(page, "Host").fill(pg.host);
  await t.field(page, "Port").fill(String(pg.port));
  await t.field(page, "Database").fill(database);
  await t.field(page, "Username").fill(user);
  await t.field(page, "Password").fill(password);
  const ssl = page.getByLabel(/SSL mode/i);
  if (await ssl.count()) await ssl.selectOption({ label: "disable" });
}

export function register(t) {
  t.test("connections: add a PostgreSQL connection; a wrong password is answered at the password field", async (t) => {
    const role = t.world.passwordRole();
    const page = await t.page("member");
    await page.getByRole("link", { name: "Connections", exact: true }).click();
    await page.getByRole("heading", { name: "Connections" }).waitFor();
    await page.getByText("No connections yet").waitFor();
    await t.axe(page, "the empty connections list");
    await t.screens(page, "connections-empty");

    await page.getByRole("link", { name: "Add connection" }).first().click();
    await page.getByRole("heading", { name: "Add a connection" }).waitFor();
    await page.getByLabel("Search connectors").fill("postgres");
    await t.axe(page, "the catalog");
    await t.screens(page, "connections-catalog");
    await page.getByRole("button", { name: /Add a PostgreSQL connection/i }).click();

    await fillPostgres(t, page, { name: "Warehouse", user: role.user, password: "wrong-password", database: t.world.server.database });
    await page.getByRole("button", { name: "Test" }).click();
    const message = await errorAt(t, page, "Password");
    assert.match(message, /password authentication failed/i);
    await t.axe(page, "the form with the connector's message");
    await t.screens(page, "connection-wrong-password");

    // Saving checks the connection too: refused at the same field, nothing stored.
    await page.getByRole("button", { name: "Save connection" }).click();
    assert.match(await errorAt(t, page, "Password"), /password authentication failed/i);
    assert.equal((await t.api("GET", "/api/connections")).length, 0);

    await t.field(page, "Password").fill(role.password);
    await page.getByRole("button", { name: "Test" }).click();
    await page.getByText("The connection works").waitFor();
    await page.getByRole("button", { name: "Save connection" }).click();
    await page.waitForURL(/\/connections\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Warehouse" }).waitFor();

    // The stored password is never sent back to the page; left empty, it is kept.
    await page.reload();
    const password = t.field(page, "Password");
    assert.equal(await password.inputValue(), "");
    assert.equal(await password.getAttribute("placeholder"), "Stored: leave empty to keep it");
    const html = await page.content();
    assert.ok(!html.includes(role.password));
    await page.getByRole("button", { name: "Test" }).click();
    await page.getByText("The connection works").waitFor();
    await t.screens(page, "connection-edit");

    await page.goto("/connections");
    await page.getByRole("link", { name: "Warehouse" }).waitFor();
    await t.screens(page, "connections");
  });

  t.test("connections: a viewer sees no edit control, and a direct write is refused", async (t) => {
    const id = await t.world.server.postgresConnection("Viewer can read", t.world.server.database);
    const page = await t.page("viewer");
    await page.goto("/connections");
    await page.getByRole("link", { name: "Viewer can read" }).click();
    await page.getByRole("heading", { name: "Viewer can read" }).waitFor();
    for (const name of ["Save", "Test", "Delete", "Add connection"]) assert.equal(await page.getByRole("button", { name, exact: true }).count(), 0, name);
    assert.ok(await t.field(page, "Name").isDisabled());
    await page.getByText("changing it needs the member or admin role").waitFor();
    await t.axe(page, "a connection as a viewer");
    await page.goto("/connections");
    await page.getByRole("link", { name: "Viewer can read" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Add connection" }).count(), 0);
    // With the session's own CSRF token, the server still refuses the viewer's write.
    const refused = await page.evaluate(async (connectionId) => {
      const me = await (await fetch("/api/me")).json();
      const r = await fetch(`/api/connections/${connectionId}`, { method: "DELETE", headers: { "X-CSRF-Token": me.data.csrf_token } });
      return { status: r.status, body: await r.json() };
    }, id);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.key, "forbidden");
    assert.ok((await t.api("GET", `/api/connections/${id}`)).id);
  });

  t.test("connections: delete one, after saying so", async (t) => {
    const id = await t.world.server.postgresConnection("To delete", t.world.server.database);
    const page = await t.page("member");
    await page.goto(`/connections/${id}`);
    await page.getByRole("heading", { name: "To delete" }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this connection?" });
    await t.axe(page, "the delete dialog");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/connections$/);
    await assert.rejects(t.api("GET", `/api/connections/${id}`), /404/);
  });

  t.test("connections: an OAuth type has Connect, and the server's refusal is shown", async (t) => {
    // The catalog's answer marks PostgreSQL as an OAuth type (it is not one: the server refuses)
    // (only that answer is changed); the Connect call goes to the real server.
    const page = await t.page("member");
    await page.route("**/api/connection_types", async (route) => {
      const answer = await (await route.fetch()).json();
      for (const type of answer.data) if (type.id === "postgresql") type.use_oauth = true;
      await route.fulfill({ json: answer });
    });
    await page.goto("/connections/new");
    await page.getByRole("button", { name: /Add a PostgreSQL connection/i }).click();
    await t.field(page, "Name").fill("Via OAuth");
    await page.getByRole("button", { name: "Connect with PostgreSQL" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: /sign in with OAuth/ });
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /create the connection with POST \/api\/connections/);
    assert.equal(await page.getByRole("button", { name: "Save connection" }).count(), 0);
  });

  t.test("connections: a list of 1,000 comes 50 at a time", async (t) => {
    const pg = pgSettings();
    const names = Array.from({ length: 1000 }, (_, i) => `Bulk ${String(i).padStart(4, "0")}`);
    for (let i = 0; i < names.length; i += 25)
      await Promise.all(names.slice(i, i + 25).map((name) => t.api("POST", "/api/connections", { name, type: "postgresql", validate: false,
        configuration: { host: pg.host, port: Number(pg.port), database: "postgres", username: pg.user, ssl_mode: "disable" } })));
    const page = await t.page("viewer");
    const started = Date.now();
    await page.goto("/connections");
    const rows = page.getByRole("table", { name: "Connections" }).locator("tbody tr");
    await until("the first page", async () => (await rows.count()) === 50);
    const firstPage = Date.now() - started;
    await page.getByRole("button", { name: "Load more" }).click();
    await until("the second page", async () => (await rows.count()) === 100);
    console.log(`  1,000+ connections: first 50 rows shown ${firstPage} ms after navigation`);
    assert.ok(firstPage < 10000, `${firstPage} ms`);
  });
}
