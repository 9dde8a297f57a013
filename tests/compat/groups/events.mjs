// Events and webhooks: a real bulk sync between two PostgreSQL databases records
// its events, which the SDK lists in its shape and pages through, and which a
// webhook receives signed; a disabled webhook receives nothing.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import { Server, psql, createDatabase, dropDatabase } from "../lib/server.mjs";

const SECRET = "compat-webhook-secret";

/// A local endpoint that answers 200 and keeps what it received.
async function startReceiver() {
	const received = [];
	const server = http.createServer((req, res) => {
		let body = "";
		req.on("data", (d) => { body += d; });
		req.on("end", () => {
			received.push({ signature: req.headers["polytomic-signature"], body });
			res.end("ok");
		});
	});
	await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
	return { received, url: `http://127.0.0.1:${server.address().port}/hook`, close: () => new Promise((r) => server.close(r)) };
}

async function bulkSync(server, database) {
	const source = await server.postgresConnection("Source", database);
	const destination = await server.postgresConnection("Warehouse", database);
	const sync = await server.api("POST", "/api/bulk/syncs", {
		name: "Items", mode: "snapshot", schemas: ["public.items"], destination_configuration: { schema: "copy" },
		source_connection_id: source, destination_connection_id: destination,
	});
	return sync.id;
}

/// Runs the bulk sync once; the types of the events its execution recorded once it ended.
async function run(server, syncId) {
	const execution = await server.api("POST", `/api/bulk/syncs/${syncId}/executions`);
	const deadline = Date.now() + 30000;
	while (Date.now() < deadline) {
		const types = psql(server.database, `SELECT type FROM events WHERE payload->>'execution_id' = '${execution.id}' ORDER BY created_at`).map((r) => r[0]);
		if (types.some((type) => type !== "bulk_sync.running")) return { id: execution.id, types };
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`execution ${execution.id} did not end`);
}

async function waitFor(what, predicate, ms = 15000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (predicate()) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`timed out waiting for ${what}`);
}

export async function register(t) {
	t.test("events of a real bulk sync and the webhooks that receive them, through the SDK", async () => {
		const receiver = await startReceiver();
		const database = createDatabase(`t_compat_events_data_${process.pid}`);
		const server = await Server.start("events");
		try {
			psql(database, "CREATE TABLE items (id bigint PRIMARY KEY, name text); INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 20) AS i");
			const sdk = t.sdk(server);
			const org = server.organizationId;

			// Webhooks: the SDK's shape (disabled, not active), enable and disable.
			await t.refused("webhooks.create", 400, sdk.webhooks.create({ endpoint: "ftp://example.com/hook", secret: SECRET }));
			const hook = (await sdk.webhooks.create({ endpoint: receiver.url, secret: SECRET })).data;
			assert.equal(hook.disabled, false);
			assert.equal(hook.organization_id, org);
			assert.notEqual(hook.secret, SECRET);
			assert.deepEqual((await sdk.webhooks.list()).data.map((w) => w.id), [hook.id]);
			assert.equal((await sdk.webhooks.get(hook.id)).data.endpoint, receiver.url);

			const syncId = await bulkSync(server, database);
			const first = await run(server, syncId);
			assert.deepEqual(first.types, ["bulk_sync.running", "bulk_sync.completed"]);
			await waitFor("two signed deliveries", () => receiver.received.length >= 2);
			for (const delivery of receiver.received) {
				assert.equal(delivery.signature, crypto.createHmac("sha256", SECRET).update(delivery.body).digest("hex"));
				const body = JSON.parse(delivery.body);
				assert.equal(body.payload.sync_id, syncId);
				assert.equal(body.payload.organization_id, org);
			}

			// Disabled, it receives nothing; a PUT keeps it disabled.
			assert.equal((await sdk.webhooks.disable(hook.id)).data.disabled, true);
			const updated = (await sdk.webhooks.update(hook.id, { endpoint: receiver.url, secret: SECRET + "-2" })).data;
			assert.equal(updated.disabled, true);
			const second = await run(server, syncId);
			await new Promise((r) => setTimeout(r, 1000));
			assert.equal(receiver.received.length, 2);
			assert.deepEqual(psql(server.database, "SELECT count(*) FROM webhook_deliveries"), [["2"]]);
			assert.equal((await sdk.webhooks.enable(hook.id)).data.disabled, false);

			// Events in the SDK's shape, newest first, paged with ending_before and starting_after.
			assert.ok((await sdk.events.getTypes()).data.includes("bulk_sync.completed_with_error"));
			const all = (await sdk.events.list({ limit: 100 })).data;
			assert.deepEqual(all.map((e) => e.event.execution_id), [second.id, second.id, first.id, first.id]);
			for (const event of all) {
				assert.equal(event.organization_id, org);
				assert.equal(event.event.sync_id, syncId);
				assert.equal(event.event.sync_name, "Items");
			}
			const completed = (await sdk.events.list({ type: "bulk_sync.completed" })).data;
			assert.deepEqual(completed.map((e) => e.event.execution_id), [second.id, first.id]);
			const newest = (await sdk.events.list({ limit: 1 })).data;
			assert.deepEqual(newest.map((e) => e.id), [all[0].id]);
			const older = (await sdk.events.list({ limit: 2, ending_before: newest[0].created_at })).data;
			assert.deepEqual(older.map((e) => e.id), [all[1].id, all[2].id]);
			const after = (await sdk.events.list({ limit: 2, starting_after: all[3].created_at })).data;
			assert.deepEqual(after.map((e) => e.id), [all[2].id, all[1].id]);
			await t.refused("events.list", 400, sdk.events.list({ starting_after: "yesterday" }));
			await t.refused("events.list", 403, sdk.events.list({ organization_id: "0b7e5a2c-1d3f-4e6a-9b8c-7d6e5f4a3b2c" }));

			await sdk.webhooks.remove(hook.id);
			assert.deepEqual((await sdk.webhooks.list()).data, []);
			await t.refused("webhooks.get", 404, sdk.webhooks.get(hook.id));
		} finally {
			await server.stop();
			dropDatabase(database);
			await receiver.close();
		}
	});
}
