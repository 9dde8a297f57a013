// The builders' schedules, filters and the bulk sync editor, and the narrow screen:
// a cron schedule saved and shown, a bad cron refused with the server's message at
// its field, run-after saved; a Between and a one-of filter saved and applied in a
// run; a bulk sync's fields edited and the next run using them; no list page that
// scrolls sideways at 390 px; axe on each.
// The file sorts last (run.mjs takes the specs in name order): the other groups begin
// with an organization that has no models or syncs, and this one leaves some behind.

import assert from "node:assert/strict";
import { createDatabase, psql } from "../../compat/lib/server.mjs";
import { until, WIDTHS } from "../lib/harness.mjs";

let world;
/// A source with people and orders, a target with a table for the filter test (made once).
async function setUp(t) {
  if (world) return world;
  const source = createDatabase(`t_ui_flow_src_${process.pid}`);
  const target = createDatabase(`t_ui_flow_dst_${process.pid}`);
  psql(source, `CREATE TABLE people (id integer PRIMARY KEY, email text NOT NULL, name text);
    INSERT INTO people VALUES (1, 'ada@example.com', 'Ada'), (2, 'bob@example.com', 'Bob'), (3, 'cy@example.com', 'Cy'),
      (4, 'dee@example.com', 'Dee'), (5, 'eve@example.com', 'Eve');
    CREATE TABLE orders (id integer PRIMARY KEY, person_id integer, amount numeric, note text);
    INSERT INTO orders VALUES (10, 1, 9.5, 'first'), (11, 2, 20, 'second'), (12, 4, 3, 'third');`);
  psql(target, "CREATE TABLE filtered (id integer PRIMARY KEY, email text, name text)");
  const server = t.world.server;
  world = { source, target, sourceId: await server.postgresConnection("Flow source", source), targetId: await server.postgresConnection("Flow target", target) };
  world.modelId = (await t.api("POST", "/api/models", { name: "Flow people", connection_id: world.sourceId, configuration: { query: "select id, email, name from people order by id" }, identifier: "id" })).id;
  return world;
}

async function apiSync(t, name, object, extra = {}) {
  const w = await setUp(t);
  const src = (field) => ({ model_id: w.modelId, field });
  return (await t.api("POST", "/api/syncs", {
    name, mode: "updateOrCreate", active: false, target: { connection_id: w.targetId, object },
    fields: [{ source: src("email"), target: "email" }, { source: src("name"), target: "name" }],
    identity: { source: src("id"), target: "id", function: "Equality" }, schedule: { frequency: "manual" }, ...extra,
  })).id;
}

const byLabel = (page, text) => page.getByLabel(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\*?$`));
const ended = (status) => ["completed", "failed", "canceled", "interrupted", "errors"].includes(status);

/// From a sync's page, through its editor's steps to `step`.
async function editTo(page, syncId, step) {
  await page.goto(`/syncs/${syncId}`);
  await page.getByRole("link", { name: "Edit" }).click();
  await byLabel(page, "Sync name").waitFor();
  for (const label of ["Target", "Mode", "Identity", "Fields", "Filters", "Overrides", "Schedule", "Review"]) {
    await page.getByRole("button", { name: `Next: ${label}` }).click();
    if (label === step) return;
  }
}

export function register(t) {
  t.test("flows: a cron schedule saved and shown, a bad cron refused at its field, run-after saved", async (t) => {
    await setUp(t);
    const upstream = await apiSync(t, "Upstream sync", "public.filtered");
    const syncId = await apiSync(t, "Scheduled sync", "public.filtered");
    const page = await t.page("member");
    await editTo(page, syncId, "Schedule");
    // Every schedule the API takes, each explained.
    const run = byLabel(page, "Run");
    const offered = await run.locator("option").evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(offered, ["manual", "continuous", "hourly", "daily", "weekly", "custom", "runafter"]);
    await run.selectOption("continuous");
    await page.getByText("Starts the next run as soon as the last one ends.").waitFor();
    await run.selectOption("custom");
    const cron = byLabel(page, "Cron expression");
    await cron.fill("61 * * * *");
    await page.getByRole("button", { name: "Next: Review" }).click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    // The server's refusal, at the field (the flow goes back to the schedule step).
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    assert.equal(await cron.getAttribute("aria-invalid"), "true");
    await page.getByText("minute: '61' is not a number from 0 to 59").waitFor();
    await t.axe(page, "a refused cron expression");
    await t.screens(page, "schedule-bad-cron");
    await cron.fill("*/15 9-17 * * 1-5");
    await page.getByRole("button", { name: "Next: Review" }).click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(new RegExp(`/syncs/${syncId}$`));
    await page.getByTestId("sync-schedule").filter({ hasText: 'Cron "*/15 9-17 * * 1-5" (UTC)' }).waitFor();
    const saved = await t.api("GET", `/api/syncs/${syncId}`);
    assert.deepEqual([saved.schedule.frequency, saved.schedule.cron], ["custom", "*/15 9-17 * * 1-5"]);
    // The SDK's Schedule has the five fields, not `cron`: they are sent beside it.
    assert.deepEqual([saved.schedule.minute, saved.schedule.hour, saved.schedule.day_of_month, saved.schedule.month, saved.schedule.day_of_week], ["*/15", "9-17", "*", "*", "1-5"]);
    // The editor shows the saved cron; then the sync is made to run after another.
    await editTo(page, syncId, "Schedule");
    assert.equal(await byLabel(page, "Cron expression").inputValue(), "*/15 9-17 * * 1-5");
    await byLabel(page, "Run").selectOption("runafter");
    await page.getByRole("checkbox", { name: "Upstream sync", exact: true }).waitFor();
    assert.equal(await page.getByRole("checkbox", { name: "Scheduled sync", exact: true }).count(), 0, "a sync is not offered to run after itself");
    await page.getByRole("checkbox", { name: "Upstream sync", exact: true }).check();
    await page.getByLabel("Only when that run succeeded").check();
    await t.axe(page, "the run-after schedule");
    await page.getByRole("button", { name: "Next: Review" }).click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(new RegExp(`/syncs/${syncId}$`));
    await page.getByTestId("sync-schedule").filter({ hasText: "After 1 other sync, when they succeed" }).waitFor();
    const after = await t.api("GET", `/api/syncs/${syncId}`);
    assert.equal(after.schedule.frequency, "runafter");
    assert.deepEqual(after.schedule.run_after.sync_ids, [upstream]);
    assert.equal(after.schedule.run_after_success_only, true);
  });

  t.test("flows: a Between and a one-of filter saved and applied in a run (rows counted)", async (t) => {
    const w = await setUp(t);
    const syncId = await apiSync(t, "Filtered people", "public.filtered", { active: true });
    const page = await t.page("member");
    await editTo(page, syncId, "Filters");
    await page.getByRole("button", { name: "Add a filter" }).click();
    await page.getByLabel("Filter 1: field").selectOption("id");
    await page.getByLabel("Filter 1: condition").selectOption("Between");
    await page.getByLabel("Filter 1: from").fill("2");
    await page.getByLabel("Filter 1: to").fill("4");
    await page.getByRole("button", { name: "Add a filter" }).click();
    await page.getByLabel("Filter 2: field").selectOption("email");
    await page.getByLabel("Filter 2: condition").selectOption("StringOneOf");
    await page.getByLabel("Filter 2: values").fill("bob@example.com\ndee@example.com\neve@example.com");
    await page.getByRole("button", { name: "Add a filter" }).click();
    await page.getByLabel("Filter 3: condition").selectOption("IsNotNull");
    assert.equal(await page.getByLabel(/^Filter 3: (value|from|values|date)/).count(), 0, "is not empty takes no value");
    await page.getByRole("button", { name: "Remove filter 3" }).click();
    await t.axe(page, "the filters with Between and one-of");
    await t.screens(page, "sync-builder-filters");
    for (const label of ["Overrides", "Schedule", "Review"]) await page.getByRole("button", { name: `Next: ${label}` }).click();
    await page.getByText("id between (inclusive) 2 and 4").first().waitFor();
    await page.getByRole("button", { name: "Save and run" }).click();
    await page.waitForURL(/\/runs\/syncs\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    const runId = page.url().split("/").pop();
    await until("the filtered run to end", async () => ended((await t.api("GET", `/api/syncs/${syncId}/executions/${runId}`)).status), 90000);
    await page.getByTestId("run-status").first().filter({ hasText: "completed" }).waitFor();
    // ids 2..4 and email one of bob, dee, eve: 2 and 4.
    assert.equal(await page.getByTestId("count-insert").textContent(), "2");
    assert.deepEqual(psql(w.target, "SELECT id FROM filtered ORDER BY id"), [["2"], ["4"]]);
    const saved = await t.api("GET", `/api/syncs/${syncId}`);
    assert.deepEqual(saved.filters.map((f) => [f.function, f.value]), [["Between", [2, 4]], ["StringOneOf", ["bob@example.com", "dee@example.com", "eve@example.com"]]]);
    assert.equal(saved.filter_logic, "1 AND 2");
    // The editor shows them again as they were entered.
    await editTo(page, syncId, "Filters");
    assert.equal(await page.getByLabel("Filter 1: to").inputValue(), "4");
    assert.equal(await page.getByLabel("Filter 2: values").inputValue(), "bob@example.com\ndee@example.com\neve@example.com");
    await t.api("POST", `/api/syncs/${syncId}/activate`, { active: false }); // evaluation mode allows 5 active syncs
  });

  t.test("flows: a bulk sync's fields and schedule edited, the next run copies the new field", async (t) => {
    const w = await setUp(t);
    const offered = (await t.api("GET", `/api/connections/${w.sourceId}/bulksync/source?include_fields=true`)).schemas;
    const orders = offered.find((s) => /orders$/.test(s.id)).id;
    const bulk = await t.api("POST", "/api/bulk/syncs", {
      name: "Orders copy", mode: "snapshot", active: true, source_connection_id: w.sourceId, destination_connection_id: w.targetId,
      destination_configuration: { schema: "flow_copy" }, schedule: { frequency: "manual" },
      schemas: [{ id: orders, fields: [{ id: "id", enabled: true }, { id: "amount", enabled: true }] }],
    });
    const first = await t.api("POST", `/api/bulk/syncs/${bulk.id}/executions`, {});
    await until("the first bulk run to end", async () => ended((await t.api("GET", `/api/bulk/syncs/${bulk.id}/executions/${first.id}`)).status), 90000);
    const noteColumn = () => psql(w.target, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'flow_copy' AND table_name = 'orders' AND column_name = 'note'")[0][0];
    assert.equal(noteColumn(), "0");

    const page = await t.page("member");
    await page.goto(`/bulk/${bulk.id}`);
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("heading", { name: "Edit Orders copy" }).waitFor();
    assert.equal(await byLabel(page, "Name").inputValue(), "Orders copy");
    assert.equal(await byLabel(page, "Source").isDisabled(), true);
    assert.equal(await page.getByLabel("Destination schema").inputValue(), "flow_copy");
    await page.getByText("1 of", { exact: false }).waitFor();
    await page.getByLabel("Search objects and fields").fill("note");
    await page.getByRole("button", { name: /Fields of .*orders/ }).click();
    const note = page.getByLabel(/orders: note/);
    assert.equal(await note.isChecked(), false);
    await note.check();
    await page.getByLabel("Search objects and fields").fill("");
    await byLabel(page, "Run").selectOption("weekly");
    await byLabel(page, "Day").selectOption("1");
    await byLabel(page, "Hour (UTC)").selectOption("6");
    await page.getByText("Every Monday at 06:00 UTC").waitFor();
    await t.axe(page, "the bulk sync editor");
    await t.screens(page, "bulk-editor");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(new RegExp(`/bulk/${bulk.id}$`));
    await page.getByText("Every Monday at 06:00 UTC", { exact: false }).first().waitFor();
    const saved = await t.api("GET", `/api/bulk/syncs/${bulk.id}`);
    assert.deepEqual([saved.schedule.frequency, saved.schedule.day_of_week, saved.schedule.hour], ["weekly", "1", "6"]);
    await page.getByRole("button", { name: "Run now" }).click();
    await page.waitForURL(/\/runs\/bulk\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    const runId = page.url().split("/").pop();
    await until("the second bulk run to end", async () => ended((await t.api("GET", `/api/bulk/syncs/${bulk.id}/executions/${runId}`)).status), 90000);
    await page.getByTestId("run-status").first().filter({ hasText: "completed" }).waitFor();
    assert.equal(noteColumn(), "1");
    assert.deepEqual(psql(w.target, "SELECT id, note FROM flow_copy.orders ORDER BY id"), [["10", "first"], ["11", "second"], ["12", "third"]]);
    await t.api("POST", `/api/bulk/syncs/${bulk.id}/activate`, { active: false });
  });

  t.test("flows: at 390 px no list page scrolls sideways, and axe finds nothing serious", async (t) => {
    await setUp(t);
    // A long name without spaces, the hardest case for a narrow table.
    await apiSync(t, "A_very_long_sync_name_without_any_space_to_break_the_line_at", "public.filtered");
    const page = await t.page("admin", WIDTHS.phone);
    const pages = ["/", "/connections", "/models", "/syncs", "/bulk", "/runs", "/admin/users", "/admin/keys", "/admin/webhooks", "/admin/audit"];
    // The pipeline pages' tables fit the screen too (no sideways scroll inside them); the
    // admin pages' tables still scroll inside their containers (measured, not required here).
    const fitting = new Set(["/", "/connections", "/models", "/syncs", "/bulk", "/runs"]);
    const wide = [];
    const measure = async (path) => {
      await page.goto(path);
      await page.locator("h1").first().waitFor();
      await page.waitForLoadState("networkidle");
      const { scroll, client, table } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        table: Math.max(0, ...[...document.querySelectorAll("table")].map((t) => Math.ceil(t.getBoundingClientRect().width))),
      }));
      if (scroll > client) wide.push(`${path}: the page is ${scroll} px wide in ${client}`);
      if (fitting.has(path) && table > client) wide.push(`${path}: a table is ${table} px wide in ${client}`);
    };
    for (const path of pages) await measure(path);
    assert.deepEqual(wide, [], "pages wider than the screen");
    for (const path of pages) {
      await page.goto(path);
      await page.locator("h1").first().waitFor();
      await page.waitForLoadState("networkidle");
      await t.axe(page, `${path} at 390 px`);
    }
    // A hidden column's data is one link away: the sync's own page shows its schedule.
    await page.goto("/syncs");
    await page.getByRole("link", { name: /A_very_long_sync_name/ }).click();
    await page.getByTestId("sync-schedule").filter({ hasText: "Only when you press Run" }).waitFor();
  });
}
