// What every browser test runs against, started once for the run: the fake
// OpenID Connect provider (tests/fakes/FakeOidcProvider as a process), a real
// server on a fresh database (tests/compat/lib/server.mjs) that signs people in
// through it, an admin, a member and a viewer, and Debian's headless Chromium.

import { spawn } from "node:child_process";
import readline from "node:readline";
import fs from "node:fs";
import { chromium } from "playwright-core";
import { Server, freePort, psql, pgSettings } from "../../compat/lib/server.mjs";

export { psql, pgSettings };

export const USERS = {
  admin: "root@example.com", // the first user (ROOT_USER), an admin
  member: "member@example.com",
  viewer: "viewer@example.com",
};

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through ctest -R Ui (or tests/run.sh)`);
  return value;
}

/// The fake provider: start(), signInAs(email | "" to cancel), stop().
export class OidcProvider {
  static CLIENT_ID = "ui-tests";
  static CLIENT_SECRET = "ui-tests-secret";

  static async start() {
    const provider = new OidcProvider();
    provider.process = spawn(required("POLYTOMIC_FAKE_OIDC"), [OidcProvider.CLIENT_ID, OidcProvider.CLIENT_SECRET], { stdio: ["pipe", "pipe", "inherit"] });
    provider.lines = readline.createInterface({ input: provider.process.stdout });
    provider.waiting = [];
    provider.lines.on("line", (line) => provider.waiting.shift()?.(line));
    const first = await provider.#nextLine();
    if (!first.startsWith("issuer ")) throw new Error(`the fake OIDC provider said: ${first}`);
    provider.issuer = first.slice("issuer ".length);
    return provider;
  }

  #nextLine() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the fake OIDC provider did not answer")), 10000);
      this.waiting.push((line) => { clearTimeout(timer); resolve(line); });
    });
  }

  async #command(text) {
    const answer = this.#nextLine();
    this.process.stdin.write(text + "\n");
    const line = await answer;
    if (line !== "ok") throw new Error(`the fake OIDC provider refused "${text}": ${line}`);
  }

  signInAs(email) { return this.#command(`sign-in-as ${email}`); }
  signInAsUnverified(email) { return this.#command(`sign-in-as-unverified ${email}`); }
  cancel() { return this.#command("cancel"); }

  stop() {
    this.process.stdin.end();
    this.process.kill("SIGTERM");
  }
}

export class World {
  static async start() {
    const world = new World();
    world.oidc = await OidcProvider.start();
    const port = await freePort();
    world.baseUrl = `http://127.0.0.1:${port}`;
    world.server = await Server.start("ui", {
      PORT: String(port),
      POLYTOMIC_URL: world.baseUrl,
      AUTH_METHODS: "oidc,link",
      OIDC_ISSUER: world.oidc.issuer,
      OIDC_CLIENT_ID: OidcProvider.CLIENT_ID,
      OIDC_CLIENT_SECRET: OidcProvider.CLIENT_SECRET,
      GOOGLE_CLIENT_ID: "",
      GOOGLE_CLIENT_SECRET: "",
      WEB_DIR: required("POLYTOMIC_WEB_DIR"),
    });
    for (const role of ["member", "viewer"]) await world.server.api("POST", "/api/organization/users", { email: USERS[role], role });
    world.browser = await chromium.launch({
      executablePath: process.env.POLYTOMIC_CHROMIUM || "/usr/bin/chromium",
      headless: true,
      // Root in a container has no user namespace for Chromium's sandbox.
      args: ["--no-sandbox", "--disable-dev-shm-usage"],
    });
    return world;
  }

  /// A role of the test PostgreSQL that must give its password (the test server trusts
  /// everyone else): a line for it ahead of pg_hba.conf's, reloaded. {user, password}.
  passwordRole() {
    const user = "polytomic_ui_password", password = "right-password-1";
    const hba = psql("postgres", "SHOW hba_file")[0][0];
    const line = `host all ${user} 127.0.0.1/32 scram-sha-256`;
    const text = fs.readFileSync(hba, "utf8");
    if (!text.includes(line)) fs.writeFileSync(hba, `${line}\n${text}`);
    psql("postgres", "SELECT pg_reload_conf()");
    psql("postgres", `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${user} LOGIN; END IF; END $$`);
    psql("postgres", `ALTER ROLE ${user} PASSWORD '${password}'`);
    psql("postgres", `GRANT ALL ON DATABASE ${this.server.database} TO ${user}`);
    return { user, password };
  }

  async stop() {
    await this.browser?.close().catch(() => undefined);
    await this.server?.stop().catch(() => undefined);
    this.oidc?.stop();
  }
}
