// Models, jobs, model-sync sources and targets, and model-sync executions with
// their logs: one server, a real PostgreSQL source and target, a real model sync
// whose rows are checked in PostgreSQL, and its logs fetched through signed links.

import assert from "node:assert/strict";
import { Server, psql, createDatabase, dropDatabase } from "../lib/server.mjs";

const PEOPLE = 60;
let shared;

/// The server, its source and target databases and connections, made once for the whole group.
async function setup(t) {
	if (shared) return shared;
	const server = await Server.start("models");
	const source = createDatabase(`t_compat_models_src_${process.pid}`);
	const target = createDatabase(`t_compat_models_dst_${process.pid}`);
	psql(source, "CREATE TABLE people (id bigint PRIMARY KEY, name text, email text)");
	psql(source, `INSERT INTO people SELECT i, 'person ' || i, 'p' || i || '@example.com' FROM generate_series(1, ${PEOPLE}) AS i`);
	psql(target, "CREATE TABLE contacts (id bigint PRIMARY KEY, full_name text, email text)");
	shared = { server, source, target, sdk: t.sdk(server) };
	shared.sourceId = await server.postgresConnection("Warehouse", source);
	shared.targetId = await server.postgresConnection("App database", target);
	return shared;
}

async function waitForJob(sdk, id, type) {
	const deadline = Date.now() + 20000;
	for (;;) {
		const job = (await sdk.jobs.get(id, type)).data;
		if (job.status === "done" || job.status === "failed" || Date.now() > deadline) return job;
		await new Promise((r) => setTimeout(r, 100));
	}
}

const peopleModel = (s, name) => ({ name, connection_id: s.sourceId, configuration: { table: "public.people" }, identifier: "id" });

export async function register(t) {
	t.test("models: create, get, update, the whole list past 50, remove", async () => {
		const s = await setup(t);
		const created = (await s.sdk.models.create({ body: { ...peopleModel(s, "People"), labels: ["crm"], tracking_columns: ["email"] } })).data;
		assert.equal(created.name, "People");
		assert.equal(created.type, "table");
		assert.equal(created.identifier, "id");
		assert.deepEqual(created.fields.map((f) => f.name), ["id", "name", "email"]);
		assert.deepEqual(created.labels, [{ name: "crm" }]);
		assert.equal((await s.sdk.models.get(created.id)).data.connection_id, s.sourceId);

		// PUT replaces: what is left out goes back to its default; fields limits what the model exposes.
		const updated = (await s.sdk.models.update(created.id, { ...peopleModel(s, "People, renamed"), fields: ["id", "email"], policies: [] })).data;
		assert.equal(updated.name, "People, renamed");
		assert.deepEqual(updated.fields.map((f) => f.name), ["id", "email"]);
		assert.deepEqual(updated.labels, []);
		assert.deepEqual(psql(s.server.database, `SELECT name, labels::text, tracking_columns::text FROM models WHERE id = '${created.id}'`),
			[["People, renamed", "[]", "[]"]]);

		// What the model cannot keep is refused by name, not dropped.
		await t.refused("models.create", 400, s.sdk.models.create({ body: { ...peopleModel(s, "Enriched"), enricher: { connection_id: s.sourceId } } }));
		await t.refused("models.update", 400, s.sdk.models.update(created.id, { ...peopleModel(s, "x"), identifier: "missing" }));

		// The SDK's list has no page token: the answer is the whole list, model 51 and on included.
		const org = s.server.organizationId;
		psql(s.server.database, `INSERT INTO models (organization_id, name, connection_id, configuration, fields)
			SELECT '${org}', 'bulk ' || i, '${s.sourceId}', '{"table": "public.people"}', '[{"name": "id", "type": "int64"}]'
			FROM generate_series(1, 54) AS i`);
		const all = (await s.sdk.models.list()).data;
		assert.equal(all.length, 55);
		assert.equal(new Set(all.map((m) => m.id)).size, 55);
		assert.ok(all.some((m) => m.name === "bulk 54"));

		const doomed = all.find((m) => m.name === "bulk 1");
		await s.sdk.models.remove(doomed.id);
		assert.deepEqual(psql(s.server.database, `SELECT count(*) FROM models WHERE id = '${doomed.id}'`), [["0"]]);
		await t.refused("models.get", 404, s.sdk.models.get(doomed.id));
		await t.refused("models.remove", 404, s.sdk.models.remove(doomed.id));
	});

	t.test("models: sample and preview, at once and as jobs", async () => {
		const s = await setup(t);
		const model = (await s.sdk.models.create({ body: peopleModel(s, "Sampled") })).data;
		const sample = (await s.sdk.models.sample(model.id)).data;
		assert.equal(sample.records.length, 10);
		const first = sample.records[0][model.id];
		assert.deepEqual(psql(s.source, `SELECT name, email FROM people WHERE id = ${first.id}`), [[first.name, first.email]]);

		// ?async=true answers a job; GET /api/jobs/{type}/{id} gives its status and then its result.
		const submitted = await s.sdk.models.sample(model.id, { async: true });
		assert.ok(submitted.job.job_id);
		assert.equal(submitted.data, undefined);
		const sampled = await waitForJob(s.sdk, submitted.job.job_id, "samplemodel");
		assert.equal(sampled.status, "done", sampled.error);
		assert.equal(sampled.result.records.length, 10);
		assert.ok(sampled.result.records[0][model.id].email.endsWith("@example.com"));
		// The job is in PostgreSQL, where every replica reads it, and it expires.
		assert.deepEqual(psql(s.server.database, `SELECT type, status, expires_at > now() FROM jobs WHERE id = '${submitted.job.job_id}'`),
			[["samplemodel", "done", "t"]]);

		const query = { name: "Top people", connection_id: s.sourceId, configuration: { query: "SELECT id, name FROM people WHERE id <= 3" } };
		const preview = (await s.sdk.models.preview({ body: query })).data;
		assert.deepEqual(preview.fields.map((f) => f.name), ["id", "name"]);
		assert.equal(preview.type, "query");
		assert.equal(preview.id, undefined);
		const previewJob = await s.sdk.models.preview({ body: query, async: true });
		const previewed = await waitForJob(s.sdk, previewJob.job.job_id, "previewmodel");
		assert.equal(previewed.status, "done", previewed.error);
		assert.deepEqual(previewed.result.fields.map((f) => f.name), ["id", "name"]);

		// A bad query fails its job and says why; creating as a job gives the model as its result.
		const broken = await s.sdk.models.create({ body: { ...query, configuration: { query: "SELECT nope FROM people" } }, async: true });
		const failed = await waitForJob(s.sdk, broken.job.job_id, "createmodel");
		assert.equal(failed.status, "failed");
		assert.match(failed.error, /nope/);
		const createdJob = await s.sdk.models.create({ body: query, async: true });
		const created = await waitForJob(s.sdk, createdJob.job.job_id, "createmodel");
		assert.equal(created.status, "done", created.error);
		assert.equal((await s.sdk.models.get(created.result.id)).data.name, "Top people");
		const updateJob = await s.sdk.models.update(created.result.id, { ...query, name: "Top people, renamed", async: true });
		const updated = await waitForJob(s.sdk, updateJob.job.job_id, "updatemodel");
		assert.equal(updated.status, "done", updated.error);
		assert.deepEqual(psql(s.server.database, `SELECT name FROM models WHERE id = '${created.result.id}'`), [["Top people, renamed"]]);

		await t.refused("jobs.get", 404, s.sdk.jobs.get(submitted.job.job_id, "previewmodel"));
		await t.refused("jobs.get", 404, s.sdk.jobs.get(submitted.job.job_id, "nosuchjob"));
	});

	t.test("models: enrichment is refused as the SDK documents (404: no enrichment connector)", async () => {
		const s = await setup(t);
		await t.refused("models.getEnrichmentSource", 404, s.sdk.models.getEnrichmentSource(s.sourceId));
		await t.refused("models.post", 404, s.sdk.models.post(s.sourceId, { configuration: {} }));
		// Refused by the route (not an unknown path), saying why; an unknown connection is a plain 404.
		for (const [method, path] of [["GET", `/api/connections/${s.sourceId}/modelsync/enrichment-source`], ["POST", `/api/enrichment/${s.sourceId}/inputfields`]]) {
			const r = await fetch(s.server.baseUrl + path, { method, headers: { Authorization: `Bearer ${s.server.token}` }, body: method === "POST" ? "{}" : undefined });
			assert.equal(r.status, 404);
			assert.match((await r.json()).message, /no enrichment connector is installed/);
		}
		const unknown = await fetch(`${s.server.baseUrl}/api/connections/00000000-0000-4000-8000-000000000000/modelsync/enrichment-source`,
			{ headers: { Authorization: `Bearer ${s.server.token}` } });
		assert.match((await unknown.json()).message, /no connection/);
	});

	t.test("models: modelSync, a connection as a model's source and as a sync's target", async () => {
		const s = await setup(t);
		const meta = (await s.sdk.modelSync.getSource(s.sourceId)).data;
		assert.ok(meta.configuration.table.items.some((i) => i.value === "public.people"));
		assert.deepEqual(meta.requires_one_of.sort(), ["query", "table"]);
		const fields = (await s.sdk.modelSync.getSourceFields(s.sourceId, { params: { table: ["public.people"] } })).data;
		assert.deepEqual(fields.map((f) => f.name), ["id", "name", "email"]);
		await t.refused("modelSync.getSourceFields", 400, s.sdk.modelSync.getSourceFields(s.sourceId));

		const objects = await s.sdk.modelSync.targets.list(s.targetId);
		const contacts = objects.data.find((o) => o.id === "public.contacts");
		assert.ok(contacts.modes.some((m) => m.id === "updateOrCreate"));
		assert.equal(objects.target_creation.supported, true);
		const target = (await s.sdk.modelSync.targets.getTargetFields(s.targetId, { target: "public.contacts" })).data;
		assert.equal(target.id, "public.contacts");
		assert.deepEqual(target.fields.map((f) => f.name), ["id", "full_name", "email"]);
		assert.deepEqual(target.fields[0].identity_functions, [{ id: "Equality", label: "Equality" }]);
		assert.deepEqual((await s.sdk.modelSync.targets.getTarget(s.targetId)).data.configuration, {});
		await t.refused("modelSync.targets.getCreateProperty", 404, s.sdk.modelSync.targets.getCreateProperty(s.targetId, "schema"));
	});

	t.test("models: modelSync.executions, a real run, its counts, update, log files through signed links", async () => {
		const s = await setup(t);
		const model = (await s.sdk.models.create({ body: peopleModel(s, "Synced people") })).data;
		const field = (name) => ({ model_id: model.id, field: name });
		const sync = await s.server.api("POST", "/api/syncs", { name: "People to contacts", mode: "updateOrCreate",
			target: { connection_id: s.targetId, object: "public.contacts" },
			fields: [{ source: field("name"), target: "full_name" }, { source: field("email"), target: "email" }],
			identity: { source: field("id"), target: "id", function: "Equality" } });
		const started = await s.server.api("POST", `/api/syncs/${sync.id}/executions`, {});
		let execution;
		for (const deadline = Date.now() + 30000; Date.now() < deadline;) {
			execution = (await s.sdk.modelSync.executions.get(sync.id, started.id)).data;
			if (["completed", "failed", "canceled", "interrupted"].includes(execution.status)) break;
			await new Promise((r) => setTimeout(r, 200));
		}
		assert.equal(execution.status, "completed", JSON.stringify(execution));
		assert.equal(execution.counts.insert, PEOPLE);
		assert.ok(execution.started_at && execution.completed_at);
		assert.deepEqual(psql(s.target, "SELECT count(*), count(DISTINCT email) FROM contacts"), [[String(PEOPLE), String(PEOPLE)]]);
		assert.deepEqual(psql(s.target, "SELECT full_name, email FROM contacts WHERE id = 7"), [["person 7", "p7@example.com"]]);

		const listed = (await s.sdk.modelSync.executions.list(sync.id)).data;
		assert.deepEqual(listed.map((e) => e.id), [started.id]);
		assert.equal((await s.sdk.modelSync.executions.list(sync.id, { only_completed: true })).data.length, 1);
		await t.refused("modelSync.executions.list", 400, s.sdk.modelSync.executions.list(sync.id, { ascending: true }));

		// PUT: the same status is no change; a finished run cannot be put back in the queue here.
		assert.equal((await s.sdk.modelSync.executions.update(sync.id, started.id, { status: "completed" })).data.status, "completed");
		await t.refused("modelSync.executions.update", 422, s.sdk.modelSync.executions.update(sync.id, started.id, { status: "queued" }));

		// Log files: signed links to the server itself, fetched with no credentials.
		const logs = (await s.sdk.modelSync.executions.getLogUrls(sync.id, started.id, "inserts")).data;
		assert.ok(Date.parse(logs.expires) > Date.now());
		assert.equal(logs.urls.length, 1);
		const link = new URL(logs.urls[0]);
		assert.equal(link.port, String(s.server.port));
		const file = await fetch(link);
		assert.equal(file.status, 200);
		const text = await file.text();
		const entries = JSON.parse(text);
		assert.deepEqual(entries.map((e) => String(e.identity)).sort((a, b) => a - b), Array.from({ length: PEOPLE }, (_, i) => String(i + 1)),
			text.slice(0, 300));
		const records = (await s.sdk.modelSync.executions.getLogUrls(sync.id, started.id, "records")).data;
		assert.equal(records.urls.length, 1);
		assert.deepEqual((await s.sdk.modelSync.executions.getLogUrls(sync.id, started.id, "errors")).data.urls, []);

		// An altered link is refused; so is one whose expiry was moved.
		for (const altered of [logs.urls[0].replace(/signature=./, (m) => m.slice(0, -1) + (m.endsWith("a") ? "b" : "a")),
			logs.urls[0].replace(/expires=(\d+)/, (_, e) => `expires=${Number(e) + 3600}`),
			logs.urls[0].replace("/inserts/", "/updates/"), logs.urls[0].split("?")[0]]) {
			const refused = await fetch(altered);
			assert.equal(refused.status, 403, altered);
			assert.match((await refused.json()).message, /ask GET/);
		}
		// (An expired link is refused as well: SignedUrlTest, in C++, moves the clock.)
		const filename = link.pathname.split("/").pop();
		const redirect = await fetch(`${s.server.baseUrl}/api/syncs/${sync.id}/executions/${started.id}/inserts/${filename}`,
			{ headers: { Authorization: `Bearer ${s.server.token}` }, redirect: "manual" });
		assert.equal(redirect.status, 302);
		assert.match(redirect.headers.get("location"), /\/api\/execution-logs\/.*\?expires=\d+&signature=[0-9a-f]{64}$/);

		// getLogs: the one file's signed link (followed by the SDK).
		assert.equal(await s.sdk.modelSync.executions.getLogs(sync.id, started.id, "inserts", filename), undefined);
		await t.refused("modelSync.executions.getLogs", 404, s.sdk.modelSync.executions.getLogs(sync.id, started.id, "inserts", "999999.json"));
		await t.refused("modelSync.executions.getLogUrls", 404, s.sdk.modelSync.executions.getLogUrls(sync.id, started.id, "nothing"));
	});

	t.test("models: the group's server and databases go", async () => {
		if (!shared) return;
		await shared.server.stop();
		dropDatabase(shared.source);
		dropDatabase(shared.target);
		shared = undefined;
	});
}
