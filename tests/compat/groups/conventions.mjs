// The API's conventions: GET /api/openapi.json against the route table, the API
// reference page, Idempotency-Key on POST (one process and two sharing a database),
// and X-Polytomic-Version through the SDK's own `version` option.
//
// The SDK 1.18.1 cannot send an Idempotency-Key (its RequestOptions have no headers),
// so those tests use fetch, which keeps connections alive as the SDK's does.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PolytomicClient, PolytomicError } from "polytomic";
import { Server, psql } from "../lib/server.mjs";
import { build as buildOpenApi, openApiDir } from "../openapi.mjs";

const shapeOf = (method, pattern) => `${method} ${pattern.replace(/\{[^}]*\}/g, "{}").replace(/(.)\/+$/, "$1")}`;

function described() {
	const all = [];
	for (const file of ["sdk-operations.json", "server-operations.json"])
		for (const entry of JSON.parse(fs.readFileSync(path.join(openApiDir, file), "utf8")).operations)
			all.push({ ...entry, file });
	return all;
}

function documentedRoutes(document) {
	const routes = [];
	for (const [pattern, item] of Object.entries(document.paths))
		for (const [method, operation] of Object.entries(item)) routes.push({ method: method.toUpperCase(), pattern, operation });
	return routes;
}

async function post(server, urlPath, body, headers = {}) {
	const response = await fetch(server.baseUrl + urlPath, {
		method: "POST",
		headers: { Authorization: `Bearer ${server.token}`, "Content-Type": "application/json", ...headers },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, text, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const usersNamed = (server, email) => Number(psql(server.database, `SELECT count(*) FROM users WHERE email = '${email}'`)[0][0]);

export async function register(t) {
	let server;
	const started = async () => {
		// /auth/link is routed only when AUTH_METHODS has link: on, so that every described route can be served.
		if (!server) server = await Server.start("conventions", { AUTH_METHODS: "link" });
		return server;
	};

	t.test("conventions: openapi: the committed descriptions and components are what tests/compat/openapi.mjs makes from the SDK now", async () => {
		for (const [name, text] of Object.entries(buildOpenApi()))
			assert.equal(fs.readFileSync(path.join(openApiDir, name), "utf8") === text, true,
				`kernel/http/openapi/${name} differs from the pinned SDK's: run node tests/compat/openapi.mjs and commit it`);
	});

	t.test("conventions: openapi: every SDK method is described once, under its own name, and every $ref resolves", async () => {
		const operations = described();
		const ids = operations.map((o) => o.operation.operationId);
		assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], "operationIds are unique");
		const shapes = operations.map((o) => shapeOf(o.method, o.path));
		assert.deepEqual(shapes.filter((s, i) => shapes.indexOf(s) !== i), [], "one description per route");
		const missing = t.contract.methods.map((m) => m.name).filter((name) => !ids.includes(name));
		assert.deepEqual(missing, [], "SDK methods without a description");
		const document = await (await fetch(`${(await started()).baseUrl}/api/openapi.json`)).json();
		const unresolved = new Set();
		const walk = (value) => {
			if (Array.isArray(value)) return value.forEach(walk);
			if (!value || typeof value !== "object") return;
			for (const [key, v] of Object.entries(value)) {
				if (key === "$ref" && typeof v === "string") {
					const target = v.slice(2).split("/").reduce((node, part) => (node ? node[part] : undefined), document);
					if (target === undefined) unresolved.add(v);
				} else walk(v);
			}
		};
		walk(document);
		assert.deepEqual([...unresolved], [], "references the document does not hold");
	});

	t.test("conventions: openapi: every route the server has is documented (the route table is the document's source)", async () => {
		const s = await started();
		const response = await fetch(`${s.baseUrl}/api/openapi.json`);
		assert.equal(response.status, 200);
		assert.match(response.headers.get("content-type"), /application\/json/);
		const document = await response.json();
		assert.equal(document.openapi, "3.1.0");
		const undocumented = documentedRoutes(document).filter((r) => r.operation["x-polytomic-undocumented"]).map((r) => `${r.method} ${r.pattern}`);
		assert.deepEqual(undocumented, [], "routes without a description: add them to kernel/http/openapi/server-operations.json");
		assert.deepEqual(document["x-polytomic-undocumented"], undefined);
		// The document's paths are the routes: each answers something other than 404 "no resource".
		for (const { method, pattern } of documentedRoutes(document).filter((r) => r.method === "GET" && !r.pattern.includes("{")).slice(0, 50)) {
			const r = await fetch(s.baseUrl + pattern, { headers: { Authorization: `Bearer ${s.token}` }, redirect: "manual" });
			const body = await r.text();
			assert.ok(!(r.status === 404 && body.includes("no resource at")), `${method} ${pattern} is documented but not routed`);
		}
	});

	t.test("conventions: openapi: every described route is served (fails naming each until every group's routes exist)", async () => {
		const document = await (await fetch(`${(await started()).baseUrl}/api/openapi.json`)).json();
		const routed = new Set(documentedRoutes(document).map((r) => shapeOf(r.method, r.pattern)));
		const unrouted = described().filter((d) => !routed.has(shapeOf(d.method, d.path))).map((d) => `${d.method} ${d.path} (${d.operation.operationId})`);
		assert.deepEqual(unrouted, [], `${unrouted.length} described routes are not served`);
	});

	t.test("conventions: openapi: path parameters are named as the router names them, an API POST takes Idempotency-Key", async () => {
		const document = await (await fetch(`${(await started()).baseUrl}/api/openapi.json`)).json();
		for (const { method, pattern, operation } of documentedRoutes(document)) {
			const inPath = [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
			const declared = (operation.parameters || []).filter((p) => p.in === "path").map((p) => p.name);
			assert.deepEqual(declared, inPath, `${method} ${pattern}`);
			if (method === "POST" && pattern.startsWith("/api/"))
				assert.ok(operation.parameters.some((p) => p.$ref === "#/components/parameters/IdempotencyKey"), `${method} ${pattern} lacks Idempotency-Key`);
		}
	});

	t.test("conventions: api reference: /api/docs and its files answer from the server itself", async () => {
		const s = await started();
		const page = await fetch(`${s.baseUrl}/api/docs`);
		assert.equal(page.status, 200);
		assert.match(page.headers.get("content-type"), /text\/html/);
		const html = await page.text();
		for (const file of ["docs/swagger-ui-bundle.js", "docs/swagger-ui.css", "docs/init.js"]) {
			assert.ok(html.includes(file), `the page loads ${file}`);
			const r = await fetch(new URL(file, `${s.baseUrl}/api/docs`));
			assert.equal(r.status, 200, file);
			const text = await r.text();
			assert.ok(text.length > (file.endsWith("bundle.js") ? 100000 : 50), `${file} has its content`);
		}
		const init = await (await fetch(`${s.baseUrl}/api/docs/init.js`)).text();
		assert.match(init, /url: "openapi\.json"/);
		const bundle = await fetch(`${s.baseUrl}/api/docs/swagger-ui-bundle.js`);
		assert.match(bundle.headers.get("content-type"), /javascript/);
		assert.equal((await fetch(`${s.baseUrl}/api/docs/package.json`)).status, 404, "only the page's files are served");
		assert.equal((await fetch(`${s.baseUrl}/api/docs/..%2F..%2Fetc%2Fpasswd`)).status, 404);
	});

	t.test("conventions: idempotency: a repeat replays the first answer, status and body, and creates nothing", async () => {
		const s = await started();
		const path = `/api/organizations/${s.organizationId}/users`;
		const key = crypto.randomUUID();
		const first = await post(s, path, { email: "repeat@example.com", role: "member" }, { "Idempotency-Key": key });
		assert.equal(first.status, 200, first.text);
		const again = await post(s, path, { email: "repeat@example.com", role: "member" }, { "Idempotency-Key": key });
		assert.equal(again.status, first.status);
		assert.equal(again.text, first.text);
		assert.equal(again.headers.get("idempotent-replayed"), "true");
		assert.equal(usersNamed(s, "repeat@example.com"), 1);
		// Keys are the caller's: another credential with the same key and body is not replayed, it runs (and the user exists).
		const otherCaller = await post(s, path, { email: "repeat@example.com", role: "member" }, { "Idempotency-Key": key, Authorization: s.basic });
		assert.equal(otherCaller.headers.get("idempotent-replayed"), null);
		assert.equal(otherCaller.status, 409, otherCaller.text);
		// Without the key the same request runs again (and is refused: the user exists).
		const unkeyed = await post(s, path, { email: "repeat@example.com", role: "member" });
		assert.notEqual(unkeyed.status, 200);
	});

	t.test("conventions: idempotency: an answer holding a new API key is never kept, so a repeat runs again under the caller's rights", async () => {
		const s = await started();
		const created = await post(s, `/api/organizations/${s.organizationId}/users`, { email: "keyed@example.com", role: "member" });
		assert.equal(created.status, 200, created.text);
		const path = `/api/organizations/${s.organizationId}/users/${created.json.data.id}/keys`;
		const key = crypto.randomUUID();
		const first = await post(s, path, { force: true }, { "Idempotency-Key": key });
		assert.equal(first.status, 200, first.text);
		const value = first.json.data.value;
		// Nothing of the key is stored with the idempotency key (api_keys keeps only its hash).
		assert.equal(psql(s.database, `SELECT count(*) FROM idempotency_keys WHERE body LIKE '%${value}%'`)[0][0], "0");
		const again = await post(s, path, { force: true }, { "Idempotency-Key": key });
		assert.equal(again.headers.get("idempotent-replayed"), null);
		assert.equal(again.status, 200, again.text);
		assert.notEqual(again.json.data.value, value, "a repeat makes a new key (force), it never shows the old one again");
	});

	t.test("conventions: idempotency: the same key with another body is refused with 422, saying what to do", async () => {
		const s = await started();
		const path = `/api/organizations/${s.organizationId}/users`;
		const key = crypto.randomUUID();
		assert.equal((await post(s, path, { email: "first-body@example.com", role: "member" }, { "Idempotency-Key": key })).status, 200);
		const other = await post(s, path, { email: "second-body@example.com", role: "member" }, { "Idempotency-Key": key });
		assert.equal(other.status, 422, other.text);
		assert.equal(other.json.key, "idempotency_key_reused");
		assert.match(other.json.message, /new key/);
		assert.equal(usersNamed(s, "second-body@example.com"), 0);
		assert.deepEqual(t.contract.check("ApiError", other.json), []);
	});

	t.test("conventions: idempotency: a key that is not 8-255 characters of [A-Za-z0-9_-] is refused with 400", async () => {
		const s = await started();
		const path = `/api/organizations/${s.organizationId}/users`;
		for (const key of ["short", "has space in it", "x".repeat(256), "semi;colon-key", "dot.ted.key.1", ""]) {
			const r = await post(s, path, { email: "badkey@example.com", role: "member" }, { "Idempotency-Key": key });
			assert.equal(r.status, 400, `${key}: ${r.text}`);
			assert.equal(r.json.key, "bad_idempotency_key");
		}
		assert.equal(usersNamed(s, "badkey@example.com"), 0);
		const longest = await post(s, path, { email: "longkey@example.com", role: "member" }, { "Idempotency-Key": "k".repeat(255) });
		assert.equal(longest.status, 200, longest.text);
	});

	t.test("conventions: idempotency: a duplicate while the first is still answered gets 409; concurrent duplicates create once", async () => {
		const s = await started();
		const path = `/api/organizations/${s.organizationId}/users`;
		// A first request in progress, as another process holds it (status NULL, claimed now).
		const held = crypto.randomUUID();
		const body = JSON.stringify({ email: "held@example.com", role: "member" });
		const fingerprint = crypto.createHash("sha256").update(`POST ${path}\n\n${body}`).digest("hex");
		const [[scope]] = psql(s.database, "SELECT o.id || '/organization' FROM organizations o");
		psql(s.database, `INSERT INTO idempotency_keys (scope, key, fingerprint, expires_at) VALUES ('${scope}', '${held}', '${fingerprint}', now() + interval '1 day')`);
		const busy = await fetch(s.baseUrl + path, { method: "POST", headers: { Authorization: `Bearer ${s.token}`, "Content-Type": "application/json", "Idempotency-Key": held }, body });
		const refusal = await busy.json();
		assert.equal(busy.status, 409, JSON.stringify(refusal));
		assert.equal(refusal.key, "idempotency_key_in_use");
		assert.equal(busy.headers.get("retry-after"), "1");
		assert.equal(usersNamed(s, "held@example.com"), 0);

		// Twelve at once with one key: one creates, the others replay it or are told to retry.
		const key = crypto.randomUUID();
		const answers = await Promise.all(Array.from({ length: 12 }, () => post(s, path, { email: "concurrent@example.com", role: "member" }, { "Idempotency-Key": key })));
		const created = answers.filter((a) => a.status === 200);
		assert.ok(created.length >= 1, answers.map((a) => a.status).join(","));
		assert.ok(answers.every((a) => a.status === 200 || a.status === 409), answers.map((a) => `${a.status} ${a.text}`).join("\n"));
		assert.ok(created.every((a) => a.text === created[0].text), "every 200 is the same answer");
		assert.equal(usersNamed(s, "concurrent@example.com"), 1);
	});

	t.test("conventions: idempotency: expired keys are deleted, and a key is free again once expired", async () => {
		const s = await started();
		const path = `/api/organizations/${s.organizationId}/users`;
		const [[scope]] = psql(s.database, "SELECT o.id || '/organization' FROM organizations o");
		psql(s.database, `INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, expires_at) VALUES ('${scope}', 'expired-key-1', 'x', 200, '{}', now() - interval '1 minute'), ('${scope}', 'expired-key-2', 'x', 200, '{}', now() - interval '1 minute')`);
		// A fresh process purges on its first keyed POST: start one on this database.
		const other = await Server.start("conventions_purge", { AUTH_METHODS: "link" }, { sharing: s });
		try {
			const reused = await post(other, path, { email: "reclaimed@example.com", role: "member" }, { "Idempotency-Key": "expired-key-1" });
			assert.equal(reused.status, 200, reused.text);
			assert.equal(usersNamed(s, "reclaimed@example.com"), 1);
			assert.deepEqual(psql(s.database, "SELECT key FROM idempotency_keys WHERE key LIKE 'expired-key-%'"), [["expired-key-1"]]);
			// Kept 24 h.
			const [[hours]] = psql(s.database, "SELECT round(extract(epoch FROM expires_at - now()) / 3600) FROM idempotency_keys WHERE key = 'expired-key-1'");
			assert.equal(hours, "24");
		} finally {
			await other.stop();
		}
	});

	t.test("conventions: idempotency: two web processes on one database replay each other's answers", async () => {
		const s = await started();
		const other = await Server.start("conventions_second", { AUTH_METHODS: "link" }, { sharing: s });
		try {
			const path = `/api/organizations/${s.organizationId}/users`;
			const key = crypto.randomUUID();
			const first = await post(s, path, { email: "two-processes@example.com", role: "member" }, { "Idempotency-Key": key });
			assert.equal(first.status, 200, first.text);
			const replayed = await post(other, path, { email: "two-processes@example.com", role: "member" }, { "Idempotency-Key": key });
			assert.equal(replayed.status, 200);
			assert.equal(replayed.text, first.text);
			assert.equal(replayed.headers.get("idempotent-replayed"), "true");
			const mismatch = await post(other, path, { email: "someone-else@example.com", role: "member" }, { "Idempotency-Key": key });
			assert.equal(mismatch.status, 422);
			assert.equal(usersNamed(s, "two-processes@example.com"), 1);
		} finally {
			await other.stop();
		}
	});

	t.test("conventions: X-Polytomic-Version: the SDK's version option is accepted and echoed; a value that is not a version gets 400", async () => {
		const s = await started();
		// The SDK unchecked: what is tested here is the header, not identity.get's shape (the identity group checks that).
		const dated = new PolytomicClient({ environment: s.baseUrl, token: s.token, version: "2025-09-18" });
		const me = await dated.identity.get();
		assert.equal(me.data.organization_id, s.organizationId);
		// The SDK declares requestOptions.version ("Override the X-Polytomic-Version header") but never sends it:
		// only the client's option reaches the server, so a bad per-request value goes unnoticed.
		const unsent = await new PolytomicClient({ environment: s.baseUrl, token: s.token }).identity.get({ version: "not-a-date" });
		assert.equal(unsent.data.organization_id, s.organizationId);
		const echoed = await fetch(`${s.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${s.token}`, "X-Polytomic-Version": "2024-02-08" } });
		assert.equal(echoed.status, 200);
		assert.equal(echoed.headers.get("x-polytomic-version"), "2024-02-08");
		const undated = new PolytomicClient({ environment: s.baseUrl, token: s.token, version: "latest" });
		const error = await undated.identity.get().then(() => undefined, (e) => e);
		assert.ok(error instanceof PolytomicError, "a version that is not a date is refused");
		assert.equal(error.statusCode, 400);
		assert.deepEqual(t.contract.check("ApiError", error.body), []);
		assert.equal(error.body.key, "unsupported_api_version");
		const bad = await fetch(`${s.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${s.token}`, "X-Polytomic-Version": "2025-02-30" } });
		const refusal = await bad.json();
		assert.equal(bad.status, 400);
		assert.equal(refusal.key, "unsupported_api_version");
		assert.match(refusal.message, /YYYY-MM-DD/);
	});

	t.test("conventions: the group's server stops", async () => {
		if (server) await server.stop();
		server = undefined;
	});
}
