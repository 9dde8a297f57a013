// For tests that need a server set up apart from the run's shared one (another
// PLUGIN_DIR, an OAuth app, a brand-new organization): a server of its own on a
// fresh database, signed in through the run's OIDC provider or its own sign-in
// link, and the fake HubSpot (tests/fakes/FakeHubSpot) as a process.

import { spawn } from "node:child_process";
import readline from "node:readline";
import { Server, freePort } from "../../compat/lib/server.mjs";
import { OidcProvider } from "./world.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through ctest -R Ui (or tests/run.sh)`);
  return value;
}

/// A server of its own on a fresh database, signing people in through the run's OIDC
/// provider unless `env` says otherwise; stop() it when done (in a finally).
export async function ownServer(t, name, env = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await Server.start(name, {
    PORT: String(port),
    POLYTOMIC_URL: baseUrl,
    AUTH_METHODS: "oidc,link",
    OIDC_ISSUER: t.world.oidc.issuer,
    OIDC_CLIENT_ID: OidcProvider.CLIENT_ID,
    OIDC_CLIENT_SECRET: OidcProvider.CLIENT_SECRET,
    GOOGLE_CLIENT_ID: "",
    GOOGLE_CLIENT_SECRET: "",
    WEB_DIR: required("POLYTOMIC_WEB_DIR"),
    ...env,
  });
  server.baseUrl = baseUrl;
  return server;
}

/// Signs `email` in at `baseUrl` as a person does: its sign-in page, the provider, back to its home.
export async function signInAt(t, page, baseUrl, email) {
  await t.world.oidc.signInAs(email);
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByRole("link", { name: /Sign in with single sign-on/ }).click();
  await page.waitForURL(`${baseUrl}/`);
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/// The fake HubSpot portal and OAuth app: start(), addContact, revoke, authorized, stop().
export class HubSpot {
  static CLIENT_ID = "ui-hubspot-client-id";
  static CLIENT_SECRET = "ui-hubspot-client-secret";

  static async start() {
    const hubspot = new HubSpot();
    hubspot.process = spawn(required("POLYTOMIC_FAKE_HUBSPOT"), [HubSpot.CLIENT_ID, HubSpot.CLIENT_SECRET], { stdio: ["pipe", "pipe", "inherit"] });
    hubspot.waiting = [];
    readline.createInterface({ input: hubspot.process.stdout }).on("line", (line) => hubspot.waiting.shift()?.(line));
    const first = await hubspot.#nextLine();
    if (!first.startsWith("url ")) throw new Error(`the fake HubSpot said: ${first}`);
    hubspot.url = first.slice("url ".length).replace(/\/$/, "");
    return hubspot;
  }

  /// What the server needs to sign connections in at this fake (integrations/hubspot.md).
  get serverEnvironment() {
    return {
      HUBSPOT_CLIENT_ID: HubSpot.CLIENT_ID,
      HUBSPOT_CLIENT_SECRET: HubSpot.CLIENT_SECRET,
      HUBSPOT_OAUTH_AUTHORIZE_URL: `${this.url}/oauth/authorize`,
      HUBSPOT_OAUTH_TOKEN_URL: `${this.url}/oauth/v1/token`,
    };
  }

  #nextLine() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the fake HubSpot did not answer")), 10000);
      this.waiting.push((line) => { clearTimeout(timer); resolve(line); });
    });
  }

  async #ask(text) {
    const answer = this.#nextLine();
    this.process.stdin.write(text + "\n");
    return answer;
  }

  async #command(text) {
    const line = await this.#ask(text);
    if (line !== "ok") throw new Error(`the fake HubSpot refused "${text}": ${line}`);
  }

  addContact(email, name) { return this.#command(`add-contact ${email} ${name}`); }
  revoke() { return this.#command("revoke"); }
  /// The client id the browser brought to /oauth/authorize last, or undefined.
  async authorized() {
    const line = await this.#ask("authorized");
    return line.startsWith("yes ") ? line.slice(4) : undefined;
  }

  stop() {
    this.process.stdin.end();
    this.process.kill("SIGTERM");
  }
}
