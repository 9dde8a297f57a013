// The README's "Getting started in the browser", step by step, by its own words: every
// control this test uses is named in bold in that section (the test fails naming the
// word when the README and the page part). The server is started as
// docker/run-local.sh starts it (evaluation mode, admin@example.com as the first admin,
// sign-in by the link in its log, WEB_DIR the build's web UI), on the test PostgreSQL;
// the two databases are the README's, under names of this run.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Server, createDatabase, dropDatabase, freePort, pgSettings, psql } from "../../compat/lib/server.mjs";
import { until } from "../lib/harness.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through ctest -R Ui`);
  return value;
}

const source = (file) => fs.readFileSync(path.join(required("POLYTOMIC_SOURCE_DIR"), file), "utf8");

/// The walk-through's text, its line breaks and indents as single spaces.
function walkThrough() {
  const readme = source("README.md");
  const start = readme.indexOf("## Getting started in the browser");
  assert.ok(start >= 0, "README.md has no section \"Getting started in the browser\"");
  const end = readme.indexOf("\n## ", start + 5);
  return readme.slice(start, end < 0 ? undefined : end).replace(/\s+/g, " ");
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function register(t) {
  t.test("readme: a new user follows Getting started in the browser: signs in, a bulk sync and a model sync run, a user added", async (t) => {
    const text = walkThrough();
    /// A word of the page as the README names it (in bold); fails when the README does not.
    const said = (word) => {
      assert.ok(text.includes(`**${word}**`), `the README's walk-through does not name **${word}**`);
      return word;
    };
    const field = (label) => t.field(page, said(label));
    const choose = (name) => page.getByRole("link", { name: said(name), exact: true }).first().click();
    const runStatus = () => page.getByTestId("run-status").first();

    // The server as docker/run-local.sh runs it (what it builds and the UI it serves included).
    const runLocal = source("docker/run-local.sh");
    assert.match(runLocal, /^export WEB_DIR=\$\{WEB_DIR:-\$build\/web\}$/m, "run-local.sh serves the built web UI");
    assert.match(runLocal, /--target polytomic web_page \$connectors/, "run-local.sh builds the UI and the connectors");
    const shop = createDatabase(`t_ui_readme_shop_${process.pid}`);
    const warehouse = createDatabase(`t_ui_readme_warehouse_${process.pid}`);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let server;
    let page;
    try {
      server = await Server.start("uireadme", { PORT: String(port), POLYTOMIC_URL: baseUrl, ROOT_USER: "admin@example.com", WEB_DIR: required("POLYTOMIC_WEB_DIR"),
        GOOGLE_CLIENT_ID: "", GOOGLE_CLIENT_SECRET: "" });

      // 1. Sign in: the link of the server's log.
      const announced = "EVALUATION: sign in as admin@example.com within 15 minutes, once, at ";
      assert.ok(text.includes(`\`${announced}http://localhost:5100/auth/link?token=`), "the README quotes the log's line");
      const link = await until("the sign-in link in the log", async () => new RegExp(`${escape(announced)}(\\S+)`).exec(server.output)?.[1], 10000);
      assert.ok(link.startsWith(`${baseUrl}/auth/link?token=`), link);
      page = await t.anonymousPage();
      await page.goto(link);
      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole("heading", { name: said("Home"), exact: true }).waitFor();
      await page.getByTestId("first-steps").waitFor();

      // 2. The two databases, as the README makes them.
      psql(shop, "CREATE TABLE users (id bigint PRIMARY KEY, name text)");
      psql(shop, "INSERT INTO users SELECT i, 'user ' || i FROM generate_series(1, 1000) i");
      psql(shop, "CREATE TABLE crm_contacts (id bigint PRIMARY KEY, full_name text)");

      // 3. Connections.
      const pg = pgSettings();
      for (const [name, database] of [["Shop", shop], ["Warehouse", warehouse]]) {
        assert.ok(text.includes(`\`${name}\``), name);
        await choose("Connections");
        await page.getByRole("heading", { name: "Connections", exact: true }).waitFor();
        await choose("Add connection");
        await page.getByRole("button", { name: `Add a ${said("PostgreSQL")} connection` }).click();
        await field("Name").fill(name);
        await field("Host").fill(pg.host);
        await field("Port").fill(String(pg.port));
        await field("Database").fill(database);
        await field("Username").fill(pg.user);
        await field("Password").fill(""); // the test PostgreSQL asks none of this user
        await page.getByLabel(new RegExp(said("SSL mode"))).selectOption({ label: "disable" });
        await page.getByRole("button", { name: said("Test"), exact: true }).click();
        assert.ok(text.includes("\"The connection works\""));
        await page.getByText("The connection works").waitFor();
        await page.getByRole("button", { name: said("Save connection") }).click();
        await page.waitForURL(/\/connections\/[0-9a-f-]{36}$/);
        await page.getByRole("heading", { name }).waitFor();
      }

      // 4. A first bulk sync.
      await choose("Bulk syncs");
      await choose("New bulk sync");
      await field("Name").fill("Shop to warehouse");
      await field("Source").selectOption({ label: "Shop (PostgreSQL)" });
      await field("Destination").selectOption({ label: "Warehouse (PostgreSQL)" });
      await page.getByText(said("Objects and fields"), { exact: true }).waitFor();
      const users = page.getByRole("group", { name: "Objects of the source" }).getByRole("checkbox", { name: /users$/ });
      await users.first().check();
      said("Mode");
      await page.getByLabel(said("Snapshot")).check();
      await page.getByRole("button", { name: said("Save and run") }).click();
      await page.waitForURL(/\/runs\/bulk\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
      await runStatus().filter({ hasText: said("completed") }).waitFor({ timeout: 90000 });
      assert.equal(await page.getByTestId("count-total").textContent(), "1000");
      assert.equal(psql(warehouse, "SELECT count(*) FROM public.users")[0][0], "1000");

      // 5. A model of the copied table.
      await choose("Models");
      await choose("New model");
      await field("Name").fill("Users");
      await field("Connection").selectOption({ label: "Warehouse (PostgreSQL)" });
      const query = "SELECT id, name FROM users WHERE id <= 100";
      assert.ok(text.includes(`\`${query}\``));
      await page.getByRole("textbox", { name: said("SQL query") }).click();
      await page.keyboard.type(query);
      await page.keyboard.press("Escape"); // the completion list the typing opened
      await page.getByRole("button", { name: said("Preview") }).click();
      await page.getByRole("table", { name: "Preview of the model's records" }).getByRole("cell", { name: "user 1", exact: true }).waitFor();
      await field("Identifier").selectOption("id");
      await page.getByRole("button", { name: said("Save model") }).click();
      await page.waitForURL(/\/models\/[0-9a-f-]{36}$/);

      // 6. A first model sync.
      await choose("Model syncs");
      await choose("New model sync");
      const next = (step) => page.getByRole("button", { name: said(`Next: ${step}`) }).click();
      await field("Sync name").fill("Users to CRM");
      await field("Model").selectOption({ label: "Users" });
      await next("Target");
      await field("Target connection").selectOption({ label: "Shop (PostgreSQL)" });
      const object = field("Target object");
      await object.locator('option[value="public.crm_contacts"]').waitFor({ state: "attached" });
      await object.selectOption("public.crm_contacts");
      await next("Mode");
      await field("Update or create").check();
      await next("Identity");
      assert.equal(await t.field(page, "Model field (identity)").inputValue(), "id");
      assert.equal(await t.field(page, "Target field (identity)").inputValue(), "id");
      await next("Fields");
      await page.getByLabel("Model field for full_name").selectOption("name");
      for (const step of ["Filters", "Overrides", "Schedule", "Review"]) await next(step);
      await page.getByRole("button", { name: said("Save and run") }).click();
      await page.waitForURL(/\/runs\/syncs\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
      const firstRun = page.url().split("/").pop();
      await runStatus().filter({ hasText: /^completed$/ }).waitFor({ timeout: 90000 });
      assert.equal(await page.getByTestId("count-insert").textContent(), "100");
      assert.equal(psql(shop, "SELECT count(*) FROM crm_contacts WHERE full_name LIKE 'user %'")[0][0], "100");
      await page.getByRole("button", { name: said("Run again") }).click();
      await page.waitForURL((url) => !url.pathname.endsWith(firstRun));
      await runStatus().filter({ hasText: /^completed$/ }).waitFor({ timeout: 90000 });
      assert.equal(await page.getByTestId("count-insert").textContent(), "0");
      assert.equal(await page.getByTestId("count-update").textContent(), "0");

      // 7. A second user.
      await choose("Users");
      await page.getByRole("textbox", { name: said("Email"), exact: true }).fill("analyst@example.com");
      await page.getByRole("textbox", { name: said("Role"), exact: true }).click();
      await page.getByRole("option", { name: new RegExp(`^${said("Member")}`) }).click();
      await page.getByRole("button", { name: said("Add user") }).click();
      await page.getByRole("table", { name: "Users" }).getByText("analyst@example.com").waitFor();
      const added = (await server.api("GET", "/api/organization/users")).find((u) => u.email === "analyst@example.com");
      assert.equal(added?.role, "member");
    } finally {
      await server?.stop();
      dropDatabase(shop);
      dropDatabase(warehouse);
    }
  });
}
