// Models: a SQL query in the editor with its preview and identifier; a table
// picked from the discovered schema; a viewer's view.

import assert from "node:assert/strict";
import { createDatabase, psql } from "../../compat/lib/server.mjs";

let source;
/// A database with a table to model, and a connection to it (made once).
async function sourceConnection(t) {
  if (source) return source;
  const database = createDatabase(`t_ui_source_${process.pid}`);
  psql(database, "CREATE TABLE people (id integer PRIMARY KEY, email text NOT NULL, name text)");
  psql(database, "INSERT INTO people VALUES (1, 'ada@example.com', 'Ada'), (2, 'bob@example.com', 'Bob'), (3, 'cy@example.com', NULL)");
  source = { database, id: await t.world.server.postgresConnection("Source database", database) };
  return source;
}

export function register(t) {
  t.test("models: a SQL model with its preview and identifier, saved", async (t) => {
    const { id: connectionId } = await sourceConnection(t);
    const page = await t.page("member");
    await page.goto("/models");
    await page.getByText("No models yet").waitFor();
    await page.getByRole("link", { name: "New model" }).first().click();
    await t.field(page, "Name").fill("People");
    await t.field(page, "Connection").selectOption(connectionId);
    const editor = page.getByRole("textbox", { name: "SQL query" });
    await editor.click();
    await page.keyboard.type("select id, email, name from people order by id");
    await page.keyboard.press("Escape"); // closes the completion list the typing opened
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("table", { name: "Preview of the model's records" });
    await preview.getByRole("cell", { name: "ada@example.com" }).waitFor();
    assert.equal(await preview.getByRole("row").count(), 4); // the head and 3 rows
    await t.field(page, "Identifier").selectOption("id");
    await t.axe(page, "the model editor with a preview");
    await t.screens(page, "model-editor");
    await page.getByRole("button", { name: "Save model" }).click();
    await page.waitForURL(/\/models\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").pop();
    const saved = await t.api("GET", `/api/models/${id}`);
    assert.equal(saved.identifier, "id");
    assert.match(saved.configuration.query, /from people/);
    assert.deepEqual(saved.fields.map((f) => f.name), ["id", "email", "name"]);
    await page.goto("/models");
    await page.getByRole("link", { name: "People" }).waitFor();
    await t.axe(page, "the models list");
    await t.screens(page, "models");
  });

  t.test("models: a SQL error is shown under the editor; a table picked from the discovered schema", async (t) => {
    const { id: connectionId } = await sourceConnection(t);
    const page = await t.page("member");
    await page.goto("/models/new");
    await t.field(page, "Connection").selectOption(connectionId);
    await page.getByRole("textbox", { name: "SQL query" }).click();
    await page.keyboard.type("select nothing from nowhere");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("alert").filter({ hasText: /nowhere/ }).first().waitFor();

    await page.getByText("A table", { exact: true }).click();
    const table = t.field(page, "Table");
    await page.waitForFunction(() => [...document.querySelectorAll("select option")].some((o) => /people/.test(o.textContent)));
    const option = await table.locator("option", { hasText: "people" }).first().getAttribute("value");
    await table.selectOption(option);
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("cell", { name: "bob@example.com" }).waitFor();
    await t.field(page, "Name").fill("People table");
    await t.field(page, "Identifier").selectOption("email");
    await page.getByRole("button", { name: "Save model" }).click();
    await page.waitForURL(/\/models\/[0-9a-f-]{36}$/);
    assert.equal((await t.api("GET", `/api/models/${page.url().split("/").pop()}`)).configuration.table, option);
  });

  t.test("models: a viewer reads a model with no control to change it", async (t) => {
    const { id: connectionId } = await sourceConnection(t);
    const model = await t.api("POST", "/api/models", { name: "Read only", connection_id: connectionId, configuration: { query: "select id from people" }, identifier: "id" });
    const page = await t.page("viewer");
    await page.goto("/models");
    assert.equal(await page.getByRole("link", { name: "New model" }).count(), 0);
    await page.getByRole("link", { name: "Read only" }).click();
    await page.getByText("changing it needs the member or admin role").waitFor();
    for (const name of ["Save", "Delete"]) assert.equal(await page.getByRole("button", { name, exact: true }).count(), 0, name);
    await t.axe(page, "a model as a viewer");
    const refused = await page.evaluate(async (id) => {
      const me = await (await fetch("/api/me")).json();
      const r = await fetch(`/api/models/${id}`, { method: "DELETE", headers: { "X-CSRF-Token": me.data.csrf_token } });
      return r.status;
    }, model.id);
    assert.equal(refused, 403);
  });
}
