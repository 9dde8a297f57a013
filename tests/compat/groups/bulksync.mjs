// Bulk syncs (ETL) through the SDK: bulkSync, bulkSync.executions, .schedules and .schemas,
// against one server, from a real PostgreSQL source into a real PostgreSQL destination,
// with the copied rows checked in the destination.

import assert from "node:assert/strict";
import { Server, psql, createDatabase, dropDatabase } from "../lib/server.mjs";
import { until } from "../lib/harness.mjs";

const TERMINAL = ["completed", "failed", "canceled", "interrupted"];

function sourceTables(db) {
	psql(db, `CREATE TABLE public.users (id integer PRIMARY KEY, name text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
		INSERT INTO public.users (id, name) VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger');
		CREATE TABLE public.orders (id integer PRIMARY KEY, user_id integer, amount numeric, note text);
		INSERT INTO public.orders VALUES (10, 1, 9.5, 'first'), (11, 2, 20, 'second');
		CREATE TABLE public.big (id integer PRIMARY KEY, payload text);
		INSERT INTO public.big SELECT g, repeat('x', 200) FROM generate_series(1, 300000) g;`);
}

async function finished(sdk, syncId, executionId) {
	return until(`execution ${executionId} to end`, async () => {
		const { data } = await sdk.bulkSync.executions.get(syncId, executionId);
		return TERMINAL.includes(data.status) ? data : null;
	}, 90000);
}

export async function register(t) {
	t.test("bulkSync: every method of bulkSync, its executions, schedules and schemas, with a real copy between PostgreSQL databases", async () => {
		const server = await Server.start("bulksync");
		const sourceDb = createDatabase(`t_compat_bulk_src_${process.pid}`);
		const destinationDb = createDatabase(`t_compat_bulk_dst_${process.pid}`);
		try {
			sourceTables(sourceDb);
			const sdk = t.sdk(server);
			const source = await server.postgresConnection("Shop", sourceDb);
			const destination = await server.postgresConnection("Warehouse", destinationDb);

			// What the connections offer a bulk sync (routes of BulkSyncHandlers now).
			const offered = await sdk.bulkSync.getSource(source, { include_fields: true });
			const users = offered.data.schemas.find((s) => s.id === "public.users");
			assert.ok(users && users.fields.some((f) => f.name === "updated_at"), JSON.stringify(offered.data.schemas));
			const target = await sdk.bulkSync.getDestination(destination);
			assert.deepEqual(target.data.modes.map((m) => m.id).sort(), ["replicate", "snapshot"]);

			// Create: one object by id, one with chosen fields; bad settings refused with what to do.
			await t.refused("bulkSync.create", 400, sdk.bulkSync.create({ name: "Bad", source_connection_id: source, destination_connection_id: destination,
				destination_configuration: {}, schedule: { frequency: "manual" }, schemas: [{ id: "public.users", filters: [{ field_id: "id", function: "Equality", value: 1 }] }] }));
			const created = await sdk.bulkSync.create({ name: "Shop to warehouse", source_connection_id: source, destination_connection_id: destination,
				destination_configuration: { schema: "warehouse" }, mode: "snapshot", schedule: { frequency: "manual" },
				schemas: ["public.users", { id: "public.orders", fields: [{ id: "user_id", enabled: true }, { id: "amount", enabled: true }, { id: "note", enabled: false }] }] });
			const id = created.data.id;
			// The SDK's own example has no schemas: every object of the source.
			const every = await sdk.bulkSync.create({ name: "Everything", source_connection_id: source, destination_connection_id: destination,
				destination_configuration: { schema: "everything" }, schedule: { frequency: "manual" } });
			assert.deepEqual((await sdk.bulkSync.schemas.list(every.data.id)).data.map((s) => s.id).sort(), ["public.big", "public.orders", "public.users"]);
			await sdk.bulkSync.remove(every.data.id);
			assert.equal(created.data.schedule.frequency, "manual");
			assert.equal((await sdk.bulkSync.get(id)).data.name, "Shop to warehouse");
			assert.ok((await sdk.bulkSync.list()).data.some((s) => s.id === id));
			assert.ok(!(await sdk.bulkSync.list({ active: false })).data.some((s) => s.id === id));

			// PUT replaces: the name and the schedule change, the schemas are the body's.
			const updated = await sdk.bulkSync.update(id, { name: "Shop copy", source_connection_id: source, destination_connection_id: destination,
				destination_configuration: { schema: "warehouse" }, mode: "snapshot", schedule: { frequency: "daily", hour: "3", minute: "15" },
				schemas: ["public.users", { id: "public.orders", fields: ["user_id", "amount"] }, { id: "public.big", enabled: false }] });
			assert.equal(updated.data.name, "Shop copy");
			assert.deepEqual([updated.data.schedule.hour, updated.data.schedule.minute], ["3", "15"]);
			assert.equal((await sdk.bulkSync.activate(id, { active: false })).data.active, false);
			assert.equal((await sdk.bulkSync.activate(id, { active: true })).data.active, true);

			// Schemas: list (with the enabled filter), get, PUT one, PATCH several.
			assert.deepEqual((await sdk.bulkSync.schemas.list(id)).data.map((s) => s.id), ["public.users", "public.orders", "public.big"]);
			assert.deepEqual((await sdk.bulkSync.schemas.list(id, { filters: { enabled: "false" } })).data.map((s) => s.id), ["public.big"]);
			const orders = await sdk.bulkSync.schemas.get(id, "public.orders");
			assert.deepEqual(orders.data.fields.filter((f) => f.enabled).map((f) => f.id), ["user_id", "amount"]);
			const put = await sdk.bulkSync.schemas.update(id, "public.orders", { enabled: true, fields: [{ id: "amount", enabled: true }, { id: "note", enabled: true }] });
			assert.deepEqual(put.data.fields.filter((f) => f.enabled).map((f) => f.id), ["amount", "note"]);
			await t.refused("bulkSync.schemas.update", 400, sdk.bulkSync.schemas.update(id, "public.orders", { partition_key: "id" }));
			const patched = await sdk.bulkSync.schemas.patch(id, { schemas: [{ id: "public.users", user_output_name: "people" }] });
			const people = patched.data.find((s) => s.id === "public.users");
			assert.equal(people.output_name, "people");
			assert.ok(people.fields.every((f) => f.enabled), "a schema patched without fields copies every field");
			const kept = patched.data.find((s) => s.id === "public.orders");
			assert.deepEqual(kept.fields.filter((f) => f.enabled).map((f) => f.id), ["amount", "note"], "a patch leaves the schemas it does not name");

			// A real run: rows checked in the destination; per-schema counts and statuses.
			const started = await sdk.bulkSync.start(id, {});
			assert.ok(["scheduled", "running", "created"].includes(started.data.status), started.data.status);
			const status = await sdk.bulkSync.getStatus(id); // on the same keep-alive connection, after a POST with a body
			assert.ok(status.data.current_execution || status.data.last_execution);
			const run = await finished(sdk, id, started.data.id);
			assert.equal(run.status, "completed", JSON.stringify(run));
			assert.equal(run.record_count, 5);
			assert.equal(run.error_count, 0);
			assert.deepEqual(run.schemas.map((s) => [s.schema, s.status, s.record_count, s.output_name]).sort(),
				[["public.orders", "completed", 2, "orders"], ["public.users", "completed", 3, "people"]]);
			assert.deepEqual(psql(destinationDb, "SELECT id, name FROM warehouse.people ORDER BY id"), [["1", "Ada"], ["2", "Grace"], ["3", "Edsger"]]);
			assert.deepEqual(psql(destinationDb, "SELECT id, amount, note FROM warehouse.orders ORDER BY id"), [["10", "9.5", "first"], ["11", "20", "second"]]);
			assert.equal(psql(destinationDb, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'warehouse' AND table_name = 'orders' AND column_name = 'user_id'")[0][0], "0");

			// Executions: list (pages, order, terminal only), status of many, logs as signed links the server serves.
			const listed = await sdk.bulkSync.executions.list(id, { limit: 10 });
			assert.equal(listed.data[0].id, run.id);
			assert.equal((await sdk.bulkSync.executions.list(id, { only_terminal: true, ascending: true })).data.length, 1);
			const many = await sdk.bulkSync.executions.listStatus({ sync_id: [id] });
			assert.equal(many.data.length, 1);
			assert.equal(many.data[0].status, "completed");
			assert.equal(many.data[0].schemas.length, 2);
			assert.ok((await sdk.bulkSync.executions.listStatus({ all: true })).data.some((s) => s.sync_id === id));
			const logs = await sdk.bulkSync.executions.getLogs(id, run.id);
			assert.ok(logs.data.URLs.length >= 1 && logs.data.Expires);
			const file = await fetch(logs.data.URLs[0]);
			assert.equal(file.status, 200);
			assert.match(await file.text(), /copying public\.users/);
			const tampered = await fetch(logs.data.URLs[0].replace(/signature=[0-9a-f]+/, "signature=" + "0".repeat(64)));
			assert.equal(tampered.status, 403);
			const exported = await sdk.bulkSync.executions.exportLogs(id, run.id, { notify: false });
			assert.match(await (await fetch(exported.data.url)).text(), /copying public\.orders/);
			await t.refused("bulkSync.executions.cancel", 409, sdk.bulkSync.executions.cancel(id, run.id));
			await t.refused("bulkSync.cancel", 409, sdk.bulkSync.cancel(id));
			await t.refused("bulkSync.schemas.cancel", 409, sdk.bulkSync.schemas.cancel(id, "public.orders"));

			// Cancel one schema while it is copied (the big table goes first) and one before its turn: the run goes on with the rest.
			await sdk.bulkSync.schemas.update(id, "public.big", { enabled: true });
			const order = await sdk.bulkSync.update(id, { name: "Shop copy", source_connection_id: source, destination_connection_id: destination,
				destination_configuration: { schema: "warehouse" }, schedule: { frequency: "manual" },
				schemas: ["public.big", "public.users", "public.orders"] });
			assert.deepEqual(order.data.schemas.map((s) => s.id), ["public.big", "public.users", "public.orders"]);
			psql(sourceDb, "UPDATE public.users SET name = 'Barbara' WHERE id = 2");
			const copying = async (run, schema) => until(`${schema} to be copying`, async () => {
				const { data } = await sdk.bulkSync.executions.get(id, run);
				return data.schemas.some((s) => s.schema === schema && s.status === "running");
			});
			const second = await sdk.bulkSync.start(id, { resync: true });
			await copying(second.data.id, "public.big");
			assert.ok((await sdk.bulkSync.schemas.cancel(id, "public.orders")).data.message.includes("public.orders"));
			await sdk.bulkSync.schemas.cancel(id, "public.big");
			const partly = await finished(sdk, id, second.data.id);
			assert.equal(partly.status, "completed", JSON.stringify(partly));
			assert.equal(partly.is_resync, true);
			assert.deepEqual(partly.schemas.map((s) => [s.schema, s.status]),
				[["public.big", "canceled"], ["public.users", "completed"], ["public.orders", "canceled"]]);
			assert.deepEqual(psql(destinationDb, "SELECT name FROM warehouse.users WHERE id = 2"), [["Barbara"]]);
			await t.refused("bulkSync.schemas.cancel", 409, sdk.bulkSync.schemas.cancel(id, "public.users"));
			// A test run checks the objects and writes nothing.
			psql(sourceDb, "UPDATE public.users SET name = 'Grace' WHERE id = 2");
			const test = await sdk.bulkSync.start(id, { test: true, schemas: ["public.users"] });
			const tested = await finished(sdk, id, test.data.id);
			assert.deepEqual([tested.status, tested.is_test, tested.record_count], ["completed", true, 0]);
			assert.deepEqual(psql(destinationDb, "SELECT name FROM warehouse.users WHERE id = 2"), [["Barbara"]]);
			// One run stopped through its execution, one through the sync.
			const third = await sdk.bulkSync.start(id, { schemas: ["public.big"] });
			assert.equal(third.data.is_partial, true);
			await copying(third.data.id, "public.big");
			await sdk.bulkSync.executions.cancel(id, third.data.id);
			assert.equal((await finished(sdk, id, third.data.id)).status, "canceled");
			const merged = (await sdk.bulkSync.executions.listStatus({ sync_id: id })).data[0];
			assert.equal(merged.schemas.find((s) => s.schema === "public.users").execution_id, tested.id, "each schema's latest run");
			const fourth = await sdk.bulkSync.start(id, {});
			await copying(fourth.data.id, "public.big");
			await sdk.bulkSync.cancel(id);
			assert.equal((await finished(sdk, id, fourth.data.id)).status, "canceled");
			let last = fourth;
			// A PUT without schemas keeps them; pausing stops the run under way.
			const kept2 = await sdk.bulkSync.update(id, { name: "Shop copy", source_connection_id: source, destination_connection_id: destination,
				destination_configuration: { schema: "warehouse" }, schedule: { frequency: "manual" } });
			assert.deepEqual(kept2.data.schemas.map((s) => s.id), ["public.big", "public.users", "public.orders"]);
			const fifth = await sdk.bulkSync.start(id, { schemas: ["public.big"] });
			await copying(fifth.data.id, "public.big");
			assert.equal((await sdk.bulkSync.activate(id, { active: false })).data.active, false);
			assert.equal((await finished(sdk, id, fifth.data.id)).status, "canceled");
			await sdk.bulkSync.activate(id, { active: true });
			last = fifth;

			// Extra schedules: several per sync, each honoured by the scheduler.
			const hourly = await sdk.bulkSync.schedules.create(id, { schedule: { frequency: "hourly", minute: "30" } });
			const weekly = await sdk.bulkSync.schedules.create(id, { schedule: { frequency: "weekly", dayOfWeek: "1", hour: "6", minute: "0" } });
			assert.equal(hourly.data.frequency, "hourly");
			const next = (await sdk.bulkSync.getStatus(id)).data.next_execution_time;
			assert.ok(next && Date.parse(next) - Date.now() <= 3600 * 1000, next);
			await t.refused("bulkSync.schedules.create", 400, sdk.bulkSync.schedules.create(id, { schedule: { frequency: "continuous" } }));
			assert.deepEqual((await sdk.bulkSync.schedules.list(id)).data.map((s) => s.frequency), ["hourly", "weekly"]);
			assert.equal((await sdk.bulkSync.schedules.get(id, weekly.data.id)).data.dayOfWeek, "1");
			const daily = await sdk.bulkSync.schedules.update(id, weekly.data.id, { schedule: { frequency: "daily", hour: "4", minute: "5" } });
			assert.deepEqual([daily.data.frequency, daily.data.hour, daily.data.minute], ["daily", "4", "5"]);
			await sdk.bulkSync.schemas.update(id, "public.big", { enabled: false });
			psql(server.database, `UPDATE bulk_sync_schedules SET next_run_at = now() - interval '1 minute' WHERE id = '${weekly.data.id}'`);
			const scheduled = await until("the scheduler to queue the due schedule's run", async () => {
				const { data } = await sdk.bulkSync.executions.list(id, { limit: 1 });
				return data[0] && data[0].id !== last.data.id ? data[0] : null;
			});
			assert.equal(psql(server.database, `SELECT trigger FROM bulk_sync_executions WHERE id = '${scheduled.id}'`)[0][0], "schedule");
			assert.equal((await finished(sdk, id, scheduled.id)).status, "completed");
			assert.equal(psql(server.database, `SELECT next_run_at > now() FROM bulk_sync_schedules WHERE id = '${weekly.data.id}'`)[0][0], "t");
			await sdk.bulkSync.schedules.delete(id, hourly.data.id);
			await t.refused("bulkSync.schedules.get", 404, sdk.bulkSync.schedules.get(id, hourly.data.id));

			await sdk.bulkSync.remove(id);
			await t.refused("bulkSync.get", 404, sdk.bulkSync.get(id));
		} catch (error) {
			// What the server said is the first thing to read when a step fails.
			console.log(server.output.split("\n").slice(-40).join("\n"));
			throw error;
		} finally {
			await server.stop();
			dropDatabase(sourceDb);
			dropDatabase(destinationDb);
		}
	});

	t.test("bulkSync: a primary key set on a source schema (schemas.setPrimaryKeys) is the one a replicating copy upserts on", async () => {
		const server = await Server.start("bulkpk");
		const sourceDb = createDatabase(`t_compat_bulkpk_src_${process.pid}`);
		const destinationDb = createDatabase(`t_compat_bulkpk_dst_${process.pid}`);
		try {
			// A table without a primary key: without the override the copy has nothing to upsert on.
			psql(sourceDb, `CREATE TABLE public.accounts (code text NOT NULL, name text, updated_at timestamptz NOT NULL DEFAULT now());
				INSERT INTO public.accounts (code, name) VALUES ('a', 'Acme'), ('b', 'Beta');`);
			const sdk = t.sdk(server);
			const source = await server.postgresConnection("Accounts", sourceDb);
			const destination = await server.postgresConnection("Copy", destinationDb);
			await sdk.schemas.setPrimaryKeys(source, "public.accounts", { fields: [{ field_id: "code", is_primary_key: true }] });
			const created = await sdk.bulkSync.create({ name: "Accounts copy", source_connection_id: source, destination_connection_id: destination,
				destination_configuration: { schema: "copy" }, mode: "replicate", schedule: { frequency: "manual" },
				schemas: [{ id: "public.accounts", tracking_field: "updated_at" }] });
			const first = await finished(sdk, created.data.id, (await sdk.bulkSync.start(created.data.id, {})).data.id);
			assert.equal(first.status, "completed", JSON.stringify(first));
			psql(sourceDb, "UPDATE public.accounts SET name = 'Acme Inc', updated_at = now() + interval '1 second' WHERE code = 'a'");
			const second = await finished(sdk, created.data.id, (await sdk.bulkSync.start(created.data.id, {})).data.id);
			assert.equal(second.status, "completed", JSON.stringify(second));
			// Upserted on the overridden key: one row per code, the new name in place.
			assert.deepEqual(psql(destinationDb, "SELECT code, name FROM copy.accounts ORDER BY code"), [["a", "Acme Inc"], ["b", "Beta"]]);
		} catch (error) {
			console.log(server.output.split("\n").slice(-40).join("\n"));
			throw error;
		} finally {
			await server.stop();
			dropDatabase(sourceDb);
			dropDatabase(destinationDb);
		}
	});
}
