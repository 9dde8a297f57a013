// Model syncs and notifications: the SDK's modelSync methods (create, get, list,
// update, activate, schedules, start, status, cancel, remove) on a sync from one
// real PostgreSQL database into another, the rows it wrote checked with psql, and
// the global error subscribers (notifications). One server for the whole file.

import assert from "node:assert/strict";
import { Server, createDatabase, dropDatabase, psql } from "../lib/server.mjs";
import { until } from "../lib/harness.mjs";

function syncBody(ids, overrides = {}) {
	const field = (name) => ({ model_id: ids.model, field: name });
	return {
		name: "People to CRM",
		mode: "updateOrCreate",
		active: true,
		target: { connection_id: ids.target, object: "public.crm_contacts" },
		fields: [{ source: field("name"), target: "full_name" }, { source: field("email"), target: "email" }],
		identity: { source: field("id"), target: "id", function: "Equality" },
		filters: [{ field: field("id"), function: "LessThanEqual", value: 4 }],
		filter_logic: "",
		schedule: { frequency: "daily", hour: "5", minute: "30" },
		...overrides,
	};
}

export async function register(t) {
	t.test("modelSync and notifications: a sync from one PostgreSQL into another through every method, and the error subscribers", async () => {
		const pid = process.pid;
		const source = createDatabase(`t_compat_ms_src_${pid}`);
		const target = createDatabase(`t_compat_ms_dst_${pid}`);
		psql(source, "CREATE TABLE people (id bigint PRIMARY KEY, name text, email text); " +
			"INSERT INTO people SELECT i, 'person ' || i, 'p' || i || '@example.com' FROM generate_series(1, 6) AS i");
		psql(target, "CREATE TABLE crm_contacts (id bigint PRIMARY KEY, full_name text, email text)");
		const server = await Server.start("modelsync");
		try {
			const sdk = t.sdk(server);
			const ids = {};
			ids.source = await server.postgresConnection("Warehouse", source);
			ids.target = await server.postgresConnection("CRM", target);
			ids.model = (await server.api("POST", "/api/models", {
				name: "People", connection_id: ids.source, configuration: { table: "public.people" }, identifier: "id",
			})).id;

			// create: the SDK's shape back, cron fields as the SDK's strings.
			const created = (await sdk.modelSync.create(syncBody(ids))).data;
			assert.equal(created.name, "People to CRM");
			assert.equal(created.mode, "updateOrCreate");
			assert.deepEqual(created.model_ids, [ids.model]);
			assert.equal(created.target.connection_id, ids.target);
			assert.deepEqual(created.identity.source, { model_id: ids.model, field: "id" });
			assert.deepEqual(created.schedule, { frequency: "daily", hour: "5", minute: "30" });
			assert.equal(created.filters[0].function, "LessThanEqual");
			const id = created.id;

			// A field the server cannot honour is refused, not stored and ignored.
			await t.refused("modelSync.create", 400, sdk.modelSync.create(syncBody(ids, { skip_initial_backfill: true })));

			// get and list (whole, filtered).
			assert.equal((await sdk.modelSync.get(id)).data.id, id);
			const second = (await sdk.modelSync.create(syncBody(ids, { name: "Append people", mode: "append", identity: undefined,
				active: false, schedule: { frequency: "manual" } }))).data;
			assert.deepEqual((await sdk.modelSync.list()).data.map((s) => s.id), [id, second.id]);
			assert.deepEqual((await sdk.modelSync.list({ mode: "append" })).data.map((s) => s.id), [second.id]);
			assert.deepEqual((await sdk.modelSync.list({ active: true })).data.map((s) => s.id), [id]);
			assert.equal((await sdk.modelSync.list({ target_connection_id: ids.source })).data.length, 0);
			assert.equal((await sdk.modelSync.list({ target_connection_id: ids.target })).data.length, 2);
			await t.refused("modelSync.list", 400, sdk.modelSync.list({ mode: "upsert" }));

			// update: PUT replaces (the filter and the schedule's fields go).
			const updated = (await sdk.modelSync.update(id, syncBody(ids, { name: "People to CRM (all)", filters: [],
				schedule: { frequency: "manual" } }))).data;
			assert.equal(updated.name, "People to CRM (all)");
			assert.deepEqual(updated.filters, []);
			assert.deepEqual(updated.schedule, { frequency: "manual" });

			// Schedule options.
			const options = (await sdk.modelSync.getScheduleOptions()).data.schedule_options;
			assert.ok(options.some((o) => o.frequency === "daily" && o.configuration.properties.hour));

			// activate.
			assert.deepEqual((await sdk.modelSync.activate(id, { active: false })).data, { id, active: false });
			assert.deepEqual((await sdk.modelSync.activate(id, { active: true })).data, { id, active: true });

			// start, status: a real run whose rows are checked in PostgreSQL.
			const started = (await sdk.modelSync.start(id, {})).data;
			assert.ok(started.id && started.status);
			const last = await until("the run to end", async () => {
				const status = (await sdk.modelSync.getStatus(id)).data;
				return status.last_execution && status.last_execution.id === started.id && status.last_execution;
			});
			assert.equal(last.status, "completed", JSON.stringify(last));
			assert.equal(last.counts.insert, 6);
			assert.deepEqual(psql(target, "SELECT id, full_name, email FROM crm_contacts ORDER BY id")[5], ["6", "person 6", "p6@example.com"]);
			assert.equal(psql(target, "SELECT count(*) FROM crm_contacts")[0][0], "6");

			// cancel: a run of a slow model, canceled at the sync; then nothing is left to cancel.
			const slow = (await server.api("POST", "/api/models", {
				name: "Slow people", connection_id: ids.source, identifier: "id",
				configuration: { query: "SELECT p.id, p.name, p.email FROM people p, (SELECT pg_sleep(3)) AS pause" },
			})).id;
			const slowSync = (await sdk.modelSync.create(syncBody({ ...ids, model: slow }, { name: "Slow", filters: [],
				schedule: { frequency: "manual" } }))).data.id;
			psql(target, "DELETE FROM crm_contacts");
			await sdk.modelSync.start(slowSync, {});
			const canceled = (await sdk.modelSync.cancel(slowSync)).data;
			assert.match(canceled.message, /is cancel/);
			const stopped = await until("the canceled run to end", async () => (await sdk.modelSync.getStatus(slowSync)).data.last_execution);
			assert.equal(stopped.status, "canceled");
			assert.equal(psql(target, "SELECT count(*) FROM crm_contacts")[0][0], "0");
			await t.refused("modelSync.cancel", 409, sdk.modelSync.cancel(slowSync));

			// remove, then the sync is gone.
			await sdk.modelSync.remove(second.id);
			await t.refused("modelSync.get", 404, sdk.modelSync.get(second.id));
			await t.refused("modelSync.remove", 404, sdk.modelSync.remove(second.id));

			// notifications: the global error subscribers (a failed run emails them: tests/kernel/engine, tests/plugins/postgres).
			assert.deepEqual((await sdk.notifications.getGlobalErrorSubscribers()).emails, []);
			const set = await sdk.notifications.setGlobalErrorSubscribers({ emails: ["Ops@Example.com", "data@example.com"] });
			assert.deepEqual(set.emails, ["data@example.com", "ops@example.com"]);
			assert.deepEqual((await sdk.notifications.getGlobalErrorSubscribers()).emails, ["data@example.com", "ops@example.com"]);
			assert.deepEqual(psql(server.database, "SELECT email FROM global_error_subscribers ORDER BY email").flat(),
				["data@example.com", "ops@example.com"]);
			await t.refused("notifications.setGlobalErrorSubscribers", 400,
				sdk.notifications.setGlobalErrorSubscribers({ emails: ["not an address"] }));
			// PUT replaces.
			assert.deepEqual((await sdk.notifications.setGlobalErrorSubscribers({ emails: [] })).emails, []);
		} finally {
			await server.stop();
			dropDatabase(source);
			dropDatabase(target);
		}
	});
}
