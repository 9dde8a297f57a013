// A real server for the compatibility suite: its own database in the test
// PostgreSQL that tests/run.sh started, the built binary through the image's
// entrypoint, the first-party connectors, and an organization key for the SDK.

import { spawn, execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";

/// Lets the event loop take in what arrived while it was blocked (psql and createDatabase run
/// synchronously, and a slow CREATE DATABASE blocks longer than the server's 5 s keep-alive):
/// without it the next request goes out on a pooled connection the server has closed, and
/// fetch fails ("other side closed") before the client has seen the close.
export function settle() {
	return new Promise((resolve) => setImmediate(resolve));
}

function required(name) {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run the suite through tests/run.sh (or ctest), which starts PostgreSQL and Redis`);
	return value;
}

export function pgSettings() {
	return { host: required("POLYTOMIC_TEST_PG_HOST"), port: required("POLYTOMIC_TEST_PG_PORT"), user: required("POLYTOMIC_TEST_PG_USER") };
}

/// Runs SQL with psql on `database` of the test PostgreSQL; rows as arrays of strings.
export function psql(database, sql) {
	const pg = pgSettings();
	const out = execFileSync("psql", ["-h", pg.host, "-p", pg.port, "-U", pg.user, "-d", database, "-v", "ON_ERROR_STOP=1",
		"-X", "-q", "-At", "-F", "\t", "-c", sql], { encoding: "utf8", env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" } });
	return out.split("\n").filter((line) => line.length > 0).map((line) => line.split("\t"));
}

export function createDatabase(name) {
	psql("postgres", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	psql("postgres", `CREATE DATABASE ${name}`);
	return name;
}

export function dropDatabase(name) {
	try { psql("postgres", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* the run's outcome is what counts */ }
}

export function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on("error", reject);
		s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
	});
}

export const DEPLOYMENT_API_KEY = "compat-deployment-key-0123456789";

export class Server {
	/// Starts a server on a fresh database; `extraEnv` adds or overrides settings.
	/// `{sharing: other}` starts a second process on another server's database instead
	/// (its stop() leaves the database to that server).
	static async start(name, extraEnv = {}, { sharing } = {}) {
		const server = new Server();
		server.sharing = Boolean(sharing);
		server.database = sharing ? sharing.database : createDatabase(`t_compat_${name}_${process.pid}`);
		// A caller that must know the port first (POLYTOMIC_URL names it) gives PORT itself.
		server.port = extraEnv.PORT ? Number(extraEnv.PORT) : await freePort();
		const pg = pgSettings();
		const source = required("POLYTOMIC_SOURCE_DIR");
		server.env = {
			PATH: process.env.PATH,
			HOME: process.env.HOME || "/tmp",
			POLYTOMIC_BIN: required("POLYTOMIC_BIN"),
			EVALUATION: "true",
			ROOT_USER: "root@example.com",
			DATABASE_URL: `postgres://${pg.user}@${pg.host}:${pg.port}/${server.database}?sslmode=disable`,
			PORT: String(server.port),
			SHUTDOWN_TIMEOUT: "10",
			DEPLOYMENT_API_KEY,
			PLUGIN_DIR: required("POLYTOMIC_PLUGIN_DIR"),
			// The API reference page, as the build lays it out (ctest sets it; else beside the binary's build tree).
			WEB_DIR: process.env.POLYTOMIC_WEB_DIR || path.resolve(path.dirname(required("POLYTOMIC_BIN")), "..", "..", "web"),
			...extraEnv,
		};
		server.output = "";
		server.process = spawn(path.join(source, "docker", "entrypoint.sh"), [], { env: server.env, stdio: ["ignore", "pipe", "pipe"] });
		server.process.stdout.on("data", (d) => { server.output += d; });
		server.process.stderr.on("data", (d) => { server.output += d; });
		server.exited = new Promise((resolve) => server.process.on("exit", (code, signal) => resolve({ code, signal })));
		await server.waitUntilServing(40000);
		server.baseUrl = `http://127.0.0.1:${server.port}`;
		server.organizationId = psql(server.database, "SELECT id FROM organizations")[0][0];
		server.basic = "Basic " + Buffer.from(`${server.organizationId}:${DEPLOYMENT_API_KEY}`).toString("base64");
		if (sharing) {
			server.token = sharing.token;
			return server;
		}
		const key = await fetch(`${server.baseUrl}/api/organization/keys`, { method: "POST", headers: { Authorization: server.basic } });
		if (key.status !== 200) throw new Error(`could not make an organization key: ${key.status} ${await key.text()}`);
		server.token = (await key.json()).data.value;
		return server;
	}

	async waitUntilServing(ms) {
		const deadline = Date.now() + ms;
		let exited = false;
		this.process.on("exit", () => { exited = true; });
		while (Date.now() < deadline && !exited) {
			try {
				const r = await fetch(`http://127.0.0.1:${this.port}/status.txt`);
				if (r.status === 200) return;
			} catch { /* not listening yet */ }
			await new Promise((r) => setTimeout(r, 200));
		}
		throw new Error(`the server did not start; its output:\n${this.output}`);
	}

	/// The server's own API outside the SDK's checked client, for setting up what a group
	/// under test needs: the answer's data; a status of 300 or more throws.
	async api(method, path, body) {
		await settle();
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
		return text ? JSON.parse(text).data : undefined;
	}

	/// A connection to a database of the test PostgreSQL: its id.
	async postgresConnection(name, database) {
		const pg = pgSettings();
		return (await this.api("POST", "/api/connections", { name, type: "postgresql",
			configuration: { host: pg.host, port: Number(pg.port), database, username: pg.user, ssl_mode: "disable" } })).id;
	}

	async stop() {
		if (this.process.exitCode === null && this.process.signalCode === null) {
			this.process.kill("SIGTERM");
			const killer = setTimeout(() => this.process.kill("SIGKILL"), 15000);
			await this.exited;
			clearTimeout(killer);
		}
		if (!this.sharing) dropDatabase(this.database);
	}
}
