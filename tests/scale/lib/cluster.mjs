// Several polytomic processes, each with one role, against one PostgreSQL database:
// the way an operator scales out (more web and worker replicas, a standby
// scheduler). Built on the compatibility suite's Server (tests/compat/lib/server.mjs):
// real processes started through the image's entrypoint, real HTTP. Also the
// syncs the scale-out test and its benchmark run: PostgreSQL -> PostgreSQL, bulk
// syncs (snapshot) and model syncs (updateOrCreate), one source table each.

import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Server, psql, pgSettings, createDatabase, dropDatabase } from "../../compat/lib/server.mjs";

export { psql };

/// Calls `check` until it answers something truthy (at most `ms`): that answer.
export async function until(what, check, ms = 60000, every = 100) {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, every));
	}
}

/// The settings of a licensed deployment (evaluation allows 5 active syncs; a scale-out has more):
/// a deployment key for up to 100 syncs, signed with the test key pair of tests/kernel/license/fixtures,
/// which only the test build's server (polytomic-test-license: the server with that public key) trusts.
export function licensedEnvironment() {
	const tool = process.env.POLYTOMIC_LICENSE_TOOL;
	if (!tool) throw new Error("POLYTOMIC_LICENSE_TOOL is not set: run through ctest (ctest -R Scale), which sets it and POLYTOMIC_BIN");
	const expires = new Date(Date.now() + 30 * 86400 * 1000).toISOString().slice(0, 10);
	const key = execFileSync(tool, ["issue", "--key", path.join(process.env.POLYTOMIC_SOURCE_DIR, "tests/kernel/license/fixtures/test-private.pem"),
		"--deployment", "scale-test", "--customer", "Scale-out test", "--expires", expires, "--max-syncs", "100"], { encoding: "utf8" }).trim();
	// The licence ping goes nowhere: a closed loopback port.
	return { DEPLOYMENT: "scale-test", DEPLOYMENT_KEY: key, TELEMETRY_URL: "http://127.0.0.1:9/" };
}

/// psql, without holding up the event loop (so that the processes start, and the pollers'
/// keep-alive connections are used, meanwhile): rows as arrays of strings, as psql() answers.
export function psqlInBackground(database, sql) {
	const pg = pgSettings();
	return new Promise((resolve, reject) => execFile("psql", ["-h", pg.host, "-p", pg.port, "-U", pg.user, "-d", database, "-v", "ON_ERROR_STOP=1",
		"-X", "-q", "-At", "-F", "\t", "-c", sql], { env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" }, maxBuffer: 64 << 20 },
	(error, stdout, stderr) => (error ? reject(new Error(`psql: ${stderr || error.message}`))
		: resolve(stdout.split("\n").filter((line) => line.length > 0).map((line) => line.split("\t"))))));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Cluster {
	/// Starts `roles` (e.g. ["web", "web", "worker", "scheduler"]) on one fresh database; the
	/// first must be "web" (it makes the organization key the others share). `env` goes to every process.
	static async start(name, roles, env = {}) {
		if (roles[0] !== "web") throw new Error("the first process of a cluster must have the web role");
		const cluster = new Cluster();
		cluster.name = name;
		cluster.env = env;
		cluster.processes = [];
		const first = await Server.start(name, { ...env, ROLE: "web" });
		first.role = "web";
		cluster.processes.push(first);
		cluster.first = first;
		await Promise.all(roles.slice(1).map((role) => cluster.add(role)));
		return cluster;
	}

	/// One more process with `role` on the cluster's database.
	async add(role, env = {}) {
		const server = await Server.start(this.name, { ...this.env, ...env, ROLE: role }, { sharing: this.first });
		server.role = role;
		this.processes.push(server);
		return server;
	}

	get database() { return this.first.database; }
	live(role) { return this.processes.filter((p) => p.role === role && p.process.exitCode === null && p.process.signalCode === null); }
	ofRole(role) { return this.processes.filter((p) => p.role === role); }

	/// A worker's id (as in the executions' worker column) contains its process id.
	static workerOf(execution, processes) {
		return processes.find((p) => execution.worker && execution.worker.includes(`:${p.process.pid}:`));
	}

	/// The process of the scheduler holding the lock (its log says so last).
	activeScheduler() {
		return this.live("scheduler").find((p) => p.output.includes("this scheduler is the active one"));
	}

	/// kill -9: no shutdown at all, the process is gone.
	async kill(server) {
		server.process.kill("SIGKILL");
		await server.exited;
	}

	/// SIGTERM: the graceful stop of a replica (a rolling update, a scale-down).
	async terminate(server) {
		server.process.kill("SIGTERM");
		return server.exited;
	}

	/// The executor processes (`polytomic execute`) whose parent is not a live process of the
	/// cluster: an executor that outlived its worker (and could write after its lease is gone).
	orphanExecutors() {
		const live = new Set(this.processes.filter((p) => p.process.exitCode === null && p.process.signalCode === null).map((p) => p.process.pid));
		const bin = fs.realpathSync(process.env.POLYTOMIC_BIN);
		const orphans = [];
		for (const entry of fs.readdirSync("/proc")) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				const argv = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
				if (argv[1] !== "execute") continue;
				if (fs.realpathSync(`/proc/${entry}/exe`) !== bin) continue;
				const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /, "").split(" ")[1]);
				if (!live.has(ppid)) orphans.push(Number(entry));
			} catch { /* gone meanwhile, or not ours to read */ }
		}
		return orphans;
	}

	async stop() {
		await Promise.all(this.processes.filter((p) => p !== this.first).map((p) => p.stop()));
		await this.first.stop();
	}
}

/// A request to one web process, outside any client library: {status, body}; never throws on a status.
export async function request(server, method, path, body) {
	const response = await fetch(`${server.baseUrl}${path}`, {
		method,
		headers: { Authorization: `Bearer ${server.token}`, "Content-Type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(10000),
	});
	const text = await response.text();
	let parsed;
	try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
	return { status: response.status, body: parsed };
}

/// The source and target databases and the syncs between them.
export class Workload {
	constructor(tag) {
		this.source = createDatabase(`t_scale_src_${tag}_${process.pid}`);
		this.target = createDatabase(`t_scale_dst_${tag}_${process.pid}`);
		this.syncs = [];
		// Every committed write into a model sync's target table, counted per table by statement
		// triggers: a batch written twice shows, however the target's rows end up.
		psql(this.target, `CREATE TABLE public.writes (target text NOT NULL, rows bigint NOT NULL);
			CREATE FUNCTION public.count_writes() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN INSERT INTO public.writes SELECT TG_TABLE_NAME, count(*) FROM changed; RETURN NULL; END $$;`);
	}

	/// Source tables: `bulk` of `bulkRows` rows for bulk syncs, `model` of `modelRows` rows for model syncs.
	async fill(bulk, bulkRows, model, modelRows) {
		let sql = "";
		for (let i = 1; i <= bulk; ++i)
			sql += `CREATE TABLE public.b${i} (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), updated_at timestamptz NOT NULL);
				INSERT INTO public.b${i} SELECT g, 'item ' || g || ' of b${i}', g * 0.25, timestamptz '2026-01-01' + g * interval '1 second'
				FROM generate_series(1, ${bulkRows}) g;`;
		for (let i = 1; i <= model; ++i)
			sql += `CREATE TABLE public.m${i} (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL);
				INSERT INTO public.m${i} SELECT g, 'person ' || g || ' of m${i}', 'p' || g || '@m${i}.example.com' FROM generate_series(1, ${modelRows}) g;`;
		const filled = psqlInBackground(this.source, sql);
		let targets = "";
		for (let i = 1; i <= model; ++i)
			targets += `CREATE TABLE public.t${i} (id bigint PRIMARY KEY, full_name text, email text);
				CREATE TRIGGER inserted AFTER INSERT ON public.t${i} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.count_writes();
				CREATE TRIGGER updated AFTER UPDATE ON public.t${i} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.count_writes();`;
		psql(this.target, targets);
		this.rows = { bulk: bulkRows, model: modelRows };
		await filled;
	}

	/// Connections to the two databases, through `web`.
	async connect(web) {
		this.web = web;
		this.sourceConnection = await web.postgresConnection("Source", this.source);
		this.targetConnection = await web.postgresConnection("Target", this.target);
	}

	/// A bulk sync (snapshot) of source table b<i> into the target's schema "copies".
	async bulkSync(i, schedule = { frequency: "manual" }) {
		const created = await this.web.api("POST", "/api/bulk/syncs", { name: `bulk ${i}`, source_connection_id: this.sourceConnection,
			destination_connection_id: this.targetConnection, destination_configuration: { schema: "copies" }, mode: "snapshot",
			schedule, schemas: [`public.b${i}`] });
		const sync = { kind: "bulk", i, id: created.id, table: `b${i}`, scheduled: schedule.frequency !== "manual" };
		this.syncs.push(sync);
		return sync;
	}

	/// A model sync (updateOrCreate) of a model on source table m<i> into target table t<i>.
	async modelSync(i, schedule = { frequency: "manual" }) {
		const model = (await this.web.api("POST", "/api/models", { name: `people ${i}`, connection_id: this.sourceConnection,
			configuration: { table: `public.m${i}` }, identifier: "id" })).id;
		const field = (name) => ({ model_id: model, field: name });
		const created = await this.web.api("POST", "/api/syncs", { name: `people ${i}`, mode: "updateOrCreate", active: true,
			target: { connection_id: this.targetConnection, object: `public.t${i}` },
			fields: [{ source: field("name"), target: "full_name" }, { source: field("email"), target: "email" }],
			identity: { source: field("id"), target: "id", function: "Equality" }, schedule });
		const sync = { kind: "model", i, id: created.id, table: `t${i}`, scheduled: schedule.frequency !== "manual" };
		this.syncs.push(sync);
		return sync;
	}

	/// Starts a run through the API of `web`: {status, body}.
	start(web, sync) {
		return request(web, "POST", sync.kind === "bulk" ? `/api/bulk/syncs/${sync.id}/executions` : `/api/syncs/${sync.id}/executions`, {});
	}

	/// The sync's executions as the API of `web` lists them (every page).
	async executions(web, sync) {
		const path = sync.kind === "bulk" ? `/api/bulk/syncs/${sync.id}/executions` : `/api/syncs/${sync.id}/executions`;
		const all = [];
		let token = "";
		do {
			const r = await request(web, "GET", path + (token ? `?page_token=${encodeURIComponent(token)}` : ""));
			if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
			all.push(...r.body.data);
			token = r.body.pagination && r.body.pagination.next_page_token;
		} while (token);
		return all;
	}

	/// Makes the scheduled syncs among `syncs` due now (their next run moved to now, instead of
	/// waiting for a clock minute): the active scheduler queues each once.
	async dueNow(database, syncs) {
		for (const kind of ["bulk", "model"]) {
			const ids = syncs.filter((s) => s.kind === kind).map((s) => `'${s.id}'`);
			if (ids.length) await psqlInBackground(database, `UPDATE ${kind === "bulk" ? "bulk_syncs" : "syncs"} SET next_run_at = now() WHERE id IN (${ids.join(",")})`);
		}
	}

	/// Every execution of the cluster's database, both kinds, with what the API does not show (worker, attempts).
	static async executionRows(database) {
		const rows = await psqlInBackground(database, `SELECT 'bulk', bulk_sync_id, id, status, trigger, attempts, coalesce(worker, ''),
				extract(epoch FROM created_at), coalesce(extract(epoch FROM started_at), 0), coalesce(extract(epoch FROM completed_at), 0),
				regexp_replace(coalesce(error, '') || coalesce((SELECT ' / ' || string_agg(s->>'error', ' / ') FROM jsonb_array_elements(schemas) s
					WHERE s ? 'error'), ''), '[[:space:]]+', ' ', 'g')
			FROM bulk_sync_executions
			UNION ALL SELECT 'model', sync_id, id, status, trigger, attempts, coalesce(worker, ''),
				extract(epoch FROM created_at), coalesce(extract(epoch FROM started_at), 0), coalesce(extract(epoch FROM completed_at), 0),
				regexp_replace(coalesce(error, ''), '[[:space:]]+', ' ', 'g')
			FROM sync_executions`);
		return rows.map(([kind, syncId, id, status, trigger, attempts, worker, created, started, completed, error]) => ({ kind, syncId, id, status, error,
			trigger, attempts: Number(attempts), worker, created: Number(created), started: Number(started), completed: Number(completed) }));
	}

	/// count and a digest of each table's rows, in `database`, in one psql call: equal digests, equal rows.
	/// tables: [{table, columns}]; the answer: one {count, md5} per table, in their order.
	static async digests(database, tables) {
		const rows = await psqlInBackground(database, tables.map(({ table, columns }, n) => `SELECT ${n}, count(*),
			coalesce(md5(string_agg(concat_ws('|', ${columns.join(", ")}), ',' ORDER BY id)), '') FROM ${table}`).join(" UNION ALL "));
		const found = new Map(rows.map(([n, count, md5]) => [Number(n), { count: Number(count), md5 }]));
		return tables.map((_, n) => found.get(n));
	}

	/// The rows of the target's t<i> as written by model syncs (insert and update statements), in all.
	writes(table) {
		return Number(psql(this.target, `SELECT coalesce(sum(rows), 0) FROM public.writes WHERE target = '${table}'`)[0][0]);
	}

	drop() {
		dropDatabase(this.source);
		dropDatabase(this.target);
	}
}

/// Polls the API of each web process until stop(): lists and single reads of the syncs'
/// executions, and /status.txt. Every answer that is not 200 (or no answer) is a failure.
export class Poller {
	constructor(webs, workload) {
		this.webs = webs;
		this.workload = workload;
		this.counts = new Map(webs.map((w) => [w, { ok: 0, failed: 0 }]));
		this.failures = [];
		this.running = true;
		this.loops = webs.map((web) => this.#loop(web));
	}

	async #loop(web) {
		let n = 0;
		while (this.running) {
			const sync = this.workload.syncs[n++ % this.workload.syncs.length];
			const path = n % 5 === 0 ? "/status.txt" : sync.kind === "bulk" ? `/api/bulk/syncs/${sync.id}/executions` : `/api/syncs/${sync.id}/executions`;
			const entry = this.counts.get(web);
			const at = Date.now();
			try {
				const r = await request(web, "GET", path);
				if (r.status === 200) entry.ok += 1;
				else { entry.failed += 1; this.failures.push(`${web.baseUrl}${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`); }
			} catch (e) {
				entry.failed += 1;
				this.failures.push(`${web.baseUrl}${path}: no answer after ${Date.now() - at} ms (${e.cause ? e.cause.code || e.cause.message : e.message})`);
			}
			await sleep(50);
		}
	}

	async stop() {
		this.running = false;
		await Promise.all(this.loops);
	}
}

/// p-th percentile (0-100) of numbers.
export function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
