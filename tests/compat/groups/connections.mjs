// Connections, schemas and the query runner: the SDK's connections.*, schemas.* and
// queryRunner.* against one server and a real PostgreSQL source database.

import assert from "node:assert/strict";
import { Server, createDatabase, dropDatabase, pgSettings, psql } from "../lib/server.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// Polls `read` until `done(answer)` (at most `ms`); the last answer.
async function until(read, done, ms = 20000) {
	const deadline = Date.now() + ms;
	let answer = await read();
	while (!done(answer) && Date.now() < deadline) {
		await sleep(150);
		answer = await read();
	}
	return answer;
}

function sourceConfiguration(database) {
	const pg = pgSettings();
	return { host: pg.host, port: Number(pg.port), database, username: pg.user, ssl_mode: "disable" };
}

export async function register(t) {
	// One server and one source database for the whole group: each test goes on from the one before.
	const at = {};
	const group = (name, fn) => t.test(`connections group: ${name}`, async () => {
		if (!at.sdk && !name.startsWith("start")) throw new Error("the group's server did not start");
		await fn();
	});
	group("start a server and a PostgreSQL source database", async () => {
		at.source = createDatabase(`t_compat_source_${process.pid}`);
		psql(at.source, `CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, profile jsonb);
			INSERT INTO people VALUES (1, 'Ada', '{"city": "London"}'), (2, 'Grace', '{"city": "Arlington"}'), (3, 'Linus', NULL);
			CREATE TABLE events (code text NOT NULL, happened_at timestamptz NOT NULL DEFAULT now());
			INSERT INTO events (code) VALUES ('a'), ('b');
			CREATE SEQUENCE tickets;`);
		// An OAuth app for HubSpot, whose sign-in connections.connect starts (nothing is sent to HubSpot).
		at.server = await Server.start("connections", { HUBSPOT_CLIENT_ID: "compat-client-id", HUBSPOT_CLIENT_SECRET: "compat-client-secret" });
		at.sdk = t.sdk(at.server);
	});
	group("connection types: capabilities as booleans, the bare JSON Schema, parameter values", () => connectionTypes(t, at.sdk));
	group("testConnection: an unreachable database is an error status", () => testConnection(t, at.sdk, at.source));
	group("create, get, update without a type, parameter values", async () => { at.connection = await connection(t, at.sdk, at.source); });
	group("list: connections 51 and beyond are listed (the SDK has no page token)", () => longList(t, at.sdk, at.source));
	group("connect (OAuth): the provider's authorize URL and the session's token; sharing (partner accounts) refused", () => refusals(t, at.sdk, at.connection));
	group("schemas: refresh and status in the SDK's shape, get, records; unknown connection 404", () => schemas(t, at.sdk, at.connection));
	group("schemas: user-defined fields stored and served", () => userFields(t, at.sdk, at.server, at.connection));
	group("schemas: primary-key overrides stored and served", () => primaryKeys(t, at.sdk, at.server, at.connection));
	group("queryRunner: a read-only, bounded query and its result", () => queries(t, at.sdk, at.source, at.connection, at.server));
	group("bodies of the wrong shape on the group's routes are refused with 4xx, never 5xx", () => hostileBodies(at.server, at.connection));
	t.test("connections group: remove, and stop", async () => {
		try {
			if (at.connection) {
				await at.sdk.connections.remove(at.connection.id, { force: true });
				await t.refused("connections.get", 404, at.sdk.connections.get(at.connection.id));
			}
		} finally {
			if (at.server) await at.server.stop();
			if (at.source) dropDatabase(at.source);
		}
	});
}

async function connectionTypes(t, sdk) {
	const types = await sdk.connections.getTypes();
	const postgres = types.data.find((type) => type.id === "postgresql");
	assert.ok(postgres, `postgresql is listed: ${JSON.stringify(types.data.map((x) => x.id))}`);
	assert.deepEqual([postgres.capabilities.source, postgres.capabilities.destination], [true, true]);

	const schema = await sdk.connections.getConnectionTypeSchema("postgresql");
	assert.equal(schema.type, "object");
	assert.ok(schema.properties.host && schema.properties.ssl_mode, "the bare JSON Schema, not an envelope");
	await t.refused("connections.getConnectionTypeSchema", 404, sdk.connections.getConnectionTypeSchema("no-such-type"));

	const sslModes = await sdk.connections.getTypeParameterValues("postgresql", { field: "ssl_mode" });
	assert.equal(sslModes.data.ssl_mode.allows_creation, false);
	assert.ok(sslModes.data.ssl_mode.values.some((v) => v.value === "disable"), JSON.stringify(sslModes.data));
	const narrowed = await sdk.connections.getTypeParameterValues("postgresql", { field: "ssl_mode", query: "VERIFY" });
	assert.deepEqual(narrowed.data.ssl_mode.values.map((v) => v.value), ["verify-ca", "verify-full"]);
	const host = await sdk.connections.getTypeParameterValues("postgresql", { field: "host", parameters: { host: "db.internal" } });
	assert.equal(host.data.host.allows_creation, true);
	assert.deepEqual(host.data.host.values.map((v) => v.value), ["db.internal"]);
	await t.refused("connections.getTypeParameterValues", 400, sdk.connections.getTypeParameterValues("postgresql", { field: "password" }));
	await t.refused("connections.getTypeParameterValues", 404, sdk.connections.getTypeParameterValues("no-such-type", { field: "host" }));
}

async function testConnection(t, sdk, source) {
	const configuration = sourceConfiguration(source);
	await sdk.connections.testConnection({ type: "postgresql", configuration });
	// The SDK's testConnection returns nothing to look at: a failed check must be an error status.
	await t.refused("connections.testConnection", 422,
		sdk.connections.testConnection({ type: "postgresql", configuration: { ...configuration, port: 1 } }));
}

async function connection(t, sdk, source) {
	const configuration = sourceConfiguration(source);
	const created = await sdk.connections.create({ name: "Source", type: "postgresql", configuration });
	const id = created.data.id;
	assert.equal(created.data.status, "healthy");
	assert.equal((await sdk.connections.get(id)).data.name, "Source");
	// PUT without a type (the SDK's UpdateConnectionRequestSchema has it optional) keeps the connection's.
	const updated = await sdk.connections.update(id, { name: "People source", configuration });
	assert.equal(updated.data.name, "People source");
	assert.equal(updated.data.type.id, "postgresql");
	const values = await sdk.connections.getParameterValues(id);
	assert.deepEqual(values.data.database.values.map((v) => v.value), [source]);
	assert.ok(!("password" in values.data), "secret fields are never listed");
	await t.refused("connections.getParameterValues", 404, sdk.connections.getParameterValues("248df4b7-aa70-47b8-a036-33ac447e668d"));
	return updated.data;
}

async function longList(t, sdk, source) {
	const configuration = sourceConfiguration(source);
	const before = (await sdk.connections.list()).data.length;
	for (let i = 0; i < 55; ++i)
		await sdk.connections.create({ name: `Unchecked ${i}`, type: "postgresql", configuration, validate: false });
	const all = await sdk.connections.list();
	assert.equal(all.data.length, before + 55);
	assert.ok(all.data.some((c) => c.name === "Unchecked 54"));
	for (const c of all.data.filter((c) => c.name.startsWith("Unchecked "))) await sdk.connections.remove(c.id);
	assert.equal((await sdk.connections.list()).data.length, before);
	await t.refused("connections.remove", 404, sdk.connections.remove("248df4b7-aa70-47b8-a036-33ac447e668d"));
}

async function refusals(t, sdk, connection) {
	const card = await sdk.connections.connect({ name: "CRM", redirect_url: "https://example.com/back", type: "hubspot" });
	const authorize = new URL(card.data.redirect_url);
	assert.equal(`${authorize.origin}${authorize.pathname}`, "https://app.hubspot.com/oauth/authorize");
	assert.equal(authorize.searchParams.get("client_id"), "compat-client-id");
	assert.equal(authorize.searchParams.get("state"), card.data.token);
	assert.ok(authorize.searchParams.get("redirect_uri").endsWith("/connect/hubspot"), card.data.redirect_url);
	assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
	assert.ok(!card.data.redirect_url.includes("compat-client-secret"));
	const types = (await sdk.connections.getTypes()).data;
	assert.equal(types.find((type) => type.id === "hubspot").use_oauth, true);
	assert.equal(types.find((type) => type.id === "postgresql").use_oauth, false);
	await t.refused("connections.connect", 400, sdk.connections.connect({ name: "DB", redirect_url: "https://example.com/back", type: "postgresql" }));
	await t.refused("connections.createSharedConnection", 403,
		sdk.connections.createSharedConnection(connection.id, { child_organization_id: "248df4b7-aa70-47b8-a036-33ac447e668d" }));
	await t.refused("connections.listSharedConnections", 403, sdk.connections.listSharedConnections(connection.id));
}

async function schemas(t, sdk, connection) {
	const id = connection.id;
	await sdk.schemas.refresh(id);
	const status = await until(() => sdk.schemas.getStatus(id), (s) => s.data.cache_status !== "refreshing");
	assert.equal(status.data.cache_status, "fresh", JSON.stringify(status.data));
	assert.ok(status.data.last_refresh_started && status.data.last_refresh_finished >= status.data.last_refresh_started);

	const people = await sdk.schemas.get(id, "public.people");
	assert.deepEqual(people.data.fields.map((f) => [f.name, f.is_primary_key]), [["id", true], ["name", false], ["profile", false]]);
	await t.refused("schemas.get", 404, sdk.schemas.get(id, "public.nothing"));
	await t.refused("schemas.get", 404, sdk.schemas.get("248df4b7-aa70-47b8-a036-33ac447e668d", "public.people"));

	const records = await sdk.schemas.getRecords(id, "public.people");
	assert.deepEqual(records.data.map((r) => r.name).sort(), ["Ada", "Grace", "Linus"]);
	// An unknown connection's schema is 404 (it was 400).
	await t.refused("schemas.getRecords", 404, sdk.schemas.getRecords("248df4b7-aa70-47b8-a036-33ac447e668d", "public.people"));

	await t.refused("schemas.refresh", 404, sdk.schemas.refresh("248df4b7-aa70-47b8-a036-33ac447e668d"));
	await t.refused("schemas.getStatus", 404, sdk.schemas.getStatus("248df4b7-aa70-47b8-a036-33ac447e668d"));
}

async function userFields(t, sdk, server, connection) {
	const id = connection.id;
	// Stored, served with the discovered fields, replaced by field_id, deleted; discovered fields are not deletable.
	await sdk.schemas.upsertField(id, "public.people", { fields: [{ field_id: "city", label: "City", type: "string", path: "profile.city" }] });
	await sdk.schemas.upsertField(id, "public.people", { fields: [{ field_id: "city", label: "Home city", type: "string", path: "profile.city" }] });
	let fields = (await sdk.schemas.get(id, "public.people")).data.fields;
	assert.deepEqual(fields.filter((f) => f.id === "city").map((f) => f.name), ["Home city"]);
	assert.deepEqual(psql(server.database, "SELECT jsonb_array_length(user_fields) FROM schema_overrides WHERE schema_id = 'public.people'"), [["1"]]);
	await t.refused("schemas.upsertField", 400, sdk.schemas.upsertField(id, "public.people", { fields: [{ field_id: "name", label: "Name", type: "string" }] }));
	await t.refused("schemas.deleteField", 400, sdk.schemas.deleteField(id, "public.people", "name"));
	await sdk.schemas.deleteField(id, "public.people", "city");
	fields = (await sdk.schemas.get(id, "public.people")).data.fields;
	assert.ok(!fields.some((f) => f.id === "city"));
	await t.refused("schemas.deleteField", 404, sdk.schemas.deleteField(id, "public.people", "city"));
}

async function primaryKeys(t, sdk, server, connection) {
	const id = connection.id;
	// A primary key for a table without one, then back to the discovered (none).
	await sdk.schemas.setPrimaryKeys(id, "public.events", { fields: [{ field_id: "code", is_primary_key: true }] });
	let events = (await sdk.schemas.get(id, "public.events")).data.fields;
	assert.deepEqual(events.filter((f) => f.is_primary_key).map((f) => f.id), ["code"]);
	assert.deepEqual(psql(server.database, "SELECT primary_key::text FROM schema_overrides WHERE schema_id = 'public.events'"), [['["code"]']]);
	await t.refused("schemas.setPrimaryKeys", 400, sdk.schemas.setPrimaryKeys(id, "public.events", { fields: [{ field_id: "nope", is_primary_key: true }] }));
	await sdk.schemas.resetPrimaryKeys(id, "public.events");
	events = (await sdk.schemas.get(id, "public.events")).data.fields;
	assert.deepEqual(events.filter((f) => f.is_primary_key), []);
	await t.refused("schemas.resetPrimaryKeys", 404, sdk.schemas.resetPrimaryKeys(id, "public.nothing"));
}

async function queries(t, sdk, source, connection, server) {
	const finished = (id) => until(() => sdk.queryRunner.getQuery(id), (q) => q.data.status === "done" || q.data.status === "failed");

	const started = await sdk.queryRunner.runQuery(connection.id, { query: "SELECT id, name FROM people ORDER BY id" });
	assert.ok(started.data.id && ["created", "running", "done"].includes(started.data.status));
	const done = await finished(started.data.id);
	assert.equal(done.data.status, "done", JSON.stringify(done.data));
	assert.deepEqual(done.data.fields, ["id", "name"]);
	assert.deepEqual(done.data.results.map((r) => r.name), ["Ada", "Grace", "Linus"]);
	assert.equal(done.data.count, 3);
	assert.equal(done.data.truncated, false);
	assert.ok(Date.parse(done.data.expires) > Date.now());
	// Only who started it sees it: another caller of the organization (the deployment key) gets 404, as for an unknown id.
	const elsewhere = await fetch(`${server.baseUrl}/api/queries/${started.data.id}`, { headers: { Authorization: server.basic } });
	assert.equal(elsewhere.status, 404);
	assert.ok(!(await elsewhere.text()).includes("Grace"));

	// Read-only: a write fails (as a statement, or inside a SELECT) and the database is unchanged.
	const write = await finished((await sdk.queryRunner.runQuery(connection.id, { query: "DELETE FROM people" })).data.id);
	assert.equal(write.data.status, "failed");
	assert.ok(write.data.error.length > 10, write.data.error);
	const inSelect = await finished((await sdk.queryRunner.runQuery(connection.id, { query: "SELECT nextval('tickets')" })).data.id);
	assert.equal(inSelect.data.status, "failed");
	assert.match(inSelect.data.error, /read-only transaction/);
	assert.deepEqual(psql(source, "SELECT count(*) FROM people"), [["3"]]);
	assert.deepEqual(psql(source, "SELECT last_value, is_called FROM tickets"), [["1", "f"]]);

	// Bounded: a large result keeps at most 1000 rows.
	const many = await finished((await sdk.queryRunner.runQuery(connection.id, { query: "SELECT g FROM generate_series(1, 5000) g" })).data.id);
	assert.equal(many.data.status, "done");
	assert.equal(many.data.results.length, 1000);
	assert.equal(many.data.count, 1000);
	assert.equal(many.data.truncated, true);
	// Bounded in size (2 MiB of JSON, the bound of a read's sample), and a result that was cut says so.
	const wide = await finished((await sdk.queryRunner.runQuery(connection.id, { query: "SELECT g, repeat('x', 10000) AS wide FROM generate_series(1, 1000) g" })).data.id);
	assert.equal(wide.data.status, "done", JSON.stringify(wide.data.error));
	assert.equal(wide.data.truncated, true);
	assert.ok(wide.data.results.length > 100 && wide.data.results.length < 1000, String(wide.data.results.length));
	assert.equal(wide.data.count, wide.data.results.length);
	assert.ok(JSON.stringify(wide.data.results).length <= 2 * 1024 * 1024);

	// Bounded in time: the connection's statement_timeout cancels a query that runs longer.
	const quick = await sdk.connections.create({ name: "Quick", type: "postgresql", configuration: { ...sourceConfiguration(source), statement_timeout: 1 } });
	const slow = await finished((await sdk.queryRunner.runQuery(quick.data.id, { query: "SELECT pg_sleep(5)" })).data.id);
	assert.equal(slow.data.status, "failed");
	assert.match(slow.data.error, /statement_timeout/);
	await sdk.connections.remove(quick.data.id);

	// One caller cannot fill the queue for everyone: at most 2 of its jobs and queries wait or run (raw fetch: the SDK retries a 429 by itself).
	const post = () => fetch(`${server.baseUrl}/api/connections/${connection.id}/query?query=${encodeURIComponent("SELECT pg_sleep(1)")}`,
		{ method: "POST", headers: { Authorization: `Bearer ${server.token}` } });
	const burst = await Promise.all(Array.from({ length: 5 }, post));
	const refusedBurst = burst.filter((r) => r.status === 429);
	assert.equal(refusedBurst.length, 3, burst.map((r) => r.status).join(" "));
	assert.match((await refusedBurst[0].json()).message, /of your jobs and queries are waiting or running.*wait for them to finish/);
	const other = await fetch(`${server.baseUrl}/api/connections/${connection.id}/query?query=SELECT%201`, { method: "POST", headers: { Authorization: server.basic } });
	assert.equal(other.status, 202, await other.text());
	await Promise.all(burst.filter((r) => r.status === 202).map(async (r) => finished((await r.json()).data.id)));

	await t.refused("queryRunner.runQuery", 400, sdk.queryRunner.runQuery(connection.id, { query: "" }));
	await t.refused("queryRunner.runQuery", 404, sdk.queryRunner.runQuery("248df4b7-aa70-47b8-a036-33ac447e668d", { query: "SELECT 1" }));
	await t.refused("queryRunner.getQuery", 404, sdk.queryRunner.getQuery("248df4b7-aa70-47b8-a036-33ac447e668d"));
}

async function hostileBodies(server, connection) {
	const base = `/api/connections/${connection.id}`;
	const routes = [["POST", "/api/connection_types/postgresql/parameter_values"], ["POST", `${base}/schemas/public.people/fields`],
		["PUT", `${base}/schemas/public.people/primary_keys`], ["POST", `${base}/query`], ["POST", "/api/connections/connect/"],
		["POST", `${base}/share`], ["PUT", base], ["POST", "/api/connections/test"]];
	const bodies = ["[]", "\"text\"", "{\"a\":", "{\"field\": 5, \"fields\": 5, \"query\": 5, \"parameters\": []}",
		JSON.stringify({ field: "host", connection_id: "nope", fields: [5, null, { field_id: 5 }, { field_id: "x", is_primary_key: "yes" }] }),
		JSON.stringify({ fields: [{ field_id: "big", label: "Big", type: "string", example: "e".repeat(10000), path: "p".repeat(2000) }] }),
		JSON.stringify({ name: "n", configuration: { host: { nested: true } }, type: 7, fields: "x", query: ["SELECT 1"] })];
	const statuses = [];
	for (const [method, path] of routes)
		for (const body of bodies) {
			const reply = await fetch(server.baseUrl + path, { method, body, headers: { Authorization: `Bearer ${server.token}`, "Content-Type": "application/json" } });
			statuses.push(`${method} ${path} ${reply.status}`);
			const text = await reply.text();
			assert.ok(reply.status >= 400 && reply.status < 500, `${method} ${path} ${body.slice(0, 80)} -> ${reply.status} ${text.slice(0, 300)}`);
			assert.ok(JSON.parse(text).message.length > 10, text);
		}
	assert.deepEqual(psql(server.database, "SELECT count(*) FROM schema_overrides WHERE user_fields @> '[{\"field_id\": \"big\"}]'"), [["0"]]);
}
