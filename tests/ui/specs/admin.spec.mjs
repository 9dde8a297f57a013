// The admin pages: users (add, role, remove; the last admin stays, with the
// server's message), API keys (shown once: a reload forgets it), the audit log of
// both, webhooks, notifications, licence, connectors; a viewer's view (no control
// they may not use; a direct write refused 403); axe and screenshots of each page.

import assert from "node:assert/strict";
import { until } from "../lib/harness.mjs";
import { USERS } from "../lib/world.mjs";

const PAGES = [["users", "Users"], ["keys", "API keys"], ["webhooks", "Webhooks"], ["notifications", "Notifications"], ["audit", "Audit log"],
  ["licence", "Licence"], ["connectors", "Connectors"]];

async function open(page, path, heading) {
  await page.goto(`/admin/${path}`);
  await page.getByRole("heading", { name: heading, exact: true }).waitFor();
  // Wait for the page's loads to settle (no spinner left).
  await page.locator("[aria-busy=true]").first().waitFor({ state: "detached" }).catch(() => undefined);
}

async function pickOption(page, label, option) {
  await page.getByRole("textbox", { name: label, exact: true }).click();
  await page.getByRole("option", { name: option }).click();
}

/// The rows of the table labelled `name`, as text.
async function rows(page, name) {
  return page.getByRole("table", { name }).locator("tbody tr").allInnerTexts();
}

/// Names of every button inside the page's main area (the frame's "Sign out" and navigation are outside).
async function mainButtons(page) {
  return page.locator("main button:visible").evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label") || b.textContent.trim()));
}

export function register(t) {
  t.test("admin: adds a user, makes a key shown once (a reload forgets it), sees the audit entry of both", async (t) => {
    const page = await t.page("admin");
    await open(page, "users", "Users");
    const email = "new.analyst@example.com";
    await page.getByRole("textbox", { name: "Email", exact: true }).fill(email);
    await pickOption(page, "Role", /^Viewer/);
    await page.getByRole("button", { name: "Add user" }).click();
    await page.getByRole("table", { name: "Users" }).getByText(email).waitFor();
    const added = (await t.api("GET", "/api/organization/users")).find((u) => u.email === email);
    assert.equal(added.role, "viewer");

    // A refusal at its field: the same address again.
    await page.getByRole("textbox", { name: "Email", exact: true }).fill(email);
    await page.getByRole("button", { name: "Add user" }).click();
    await page.getByRole("alert").getByText(/already has a user/).waitFor();

    // Change the new user's role.
    await pickOption(page, `Role of ${email}`, "member");
    await page.getByText(`${email} is now member.`).waitFor();
    assert.equal((await t.api("GET", `/api/organization/users/${added.id}`)).role, "member");

    await open(page, "keys", "API keys");
    await page.getByRole("button", { name: "Make a key for you" }).click();
    const shown = page.getByTestId("new-key");
    await shown.getByText("you will not see it again").waitFor();
    await shown.getByRole("button", { name: "Copy key" }).waitFor();
    const key = (await shown.locator("pre, code").first().innerText()).trim();
    assert.ok(key.length >= 20, key);
    const me = await fetch(t.baseUrl + "/api/me", { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).data.email, USERS.admin);
    await t.axe(page, "a new key shown once");
    await t.screens(page, "admin-key-shown");
    await page.reload();
    await page.getByRole("heading", { name: "API keys", exact: true }).waitFor();
    await page.getByRole("button", { name: "Make a key for you" }).waitFor();
    assert.equal(await page.getByTestId("new-key").count(), 0);
    assert.ok(!(await page.content()).includes(key), "the key is in the page after a reload");
    // Keys in use lists the admin's key.
    await page.getByRole("table", { name: "Keys in use" }).getByText(USERS.admin).first().waitFor();

    // Making it again is refused (409) and offered as a replacement that revokes the old key.
    await page.getByRole("button", { name: "Make a key for you" }).click();
    await page.getByText("has a key already").waitFor();
    await page.getByRole("button", { name: /Replace the key/ }).click();
    const replaced = (await page.getByTestId("new-key").locator("pre, code").first().innerText()).trim();
    assert.notEqual(replaced, key);
    assert.equal((await fetch(t.baseUrl + "/api/me", { headers: { Authorization: `Bearer ${key}` } })).status, 401, "the old key still works");

    await open(page, "audit", "Audit log");
    await page.getByLabel("Action", { exact: true }).fill("user.create");
    const log = page.getByRole("table", { name: "Audit log" });
    await log.getByText(added.id).first().waitFor();
    const created = (await rows(page, "Audit log")).find((r) => r.includes(added.id));
    assert.match(created, /root@example\.com/);
    assert.match(created, /200/);
    await page.getByLabel("Action", { exact: true }).fill("user.key.create");
    await until("the rows", async () => (await rows(page, "Audit log")).filter((r) => r.includes(USERS.admin) && /\b200\b/.test(r)).length >= 2);
    // The time filter: a range that ended an hour ago holds neither.
    const anHourAgo = new Date(Date.now() - 3600_000);
    const local = new Date(anHourAgo.getTime() - anHourAgo.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel("To", { exact: true }).fill(local);
    await page.getByText("No entry matches").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await log.waitFor();
    await t.axe(page, "the audit log");
  });

  t.test("admin: the last admin cannot be removed or demoted; the server's message is shown", async (t) => {
    const page = await t.page("admin");
    await open(page, "users", "Users");
    await page.getByRole("button", { name: `Remove ${USERS.admin}` }).click();
    const dialog = page.getByRole("dialog", { name: "Remove this user?" });
    await dialog.getByRole("button", { name: "Remove user" }).click();
    await dialog.getByRole("alert").getByText("this is the organization's last admin: make another user an admin first").waitFor();
    await t.axe(page, "the refused removal");
    await t.screens(page, "admin-last-admin");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await pickOption(page, `Role of ${USERS.admin}`, "viewer");
    await page.getByRole("alert").getByText(/last admin/).waitFor();
    const root = (await t.api("GET", "/api/organization/users")).find((u) => u.email === USERS.admin);
    assert.equal(root.role, "admin");

    // Another user can be removed.
    const gone = await t.api("POST", "/api/organization/users", { email: "leaver@example.com", role: "member" });
    await page.reload();
    await page.getByLabel("Search users").fill("leaver");
    await page.getByRole("button", { name: "Remove leaver@example.com" }).click();
    await page.getByRole("dialog", { name: "Remove this user?" }).getByRole("button", { name: "Remove user" }).click();
    await page.getByText("No user matches").waitFor();
    await assert.rejects(t.api("GET", `/api/organization/users/${gone.id}`), /404/);
  });

  t.test("admin: webhooks are added, edited with the secret kept, disabled, deleted; failure emails saved", async (t) => {
    const page = await t.page("admin");
    await open(page, "webhooks", "Webhooks");
    await page.getByText("No webhook yet").waitFor();
    await page.getByRole("textbox", { name: "Endpoint", exact: true }).fill("ftp://example.com/hook");
    await page.locator("form input[type=password]").fill("short");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await page.getByText("must be an http:// or https:// URL").waitFor();
    await page.getByText(/at least 8 characters, used to sign/).waitFor();
    await page.getByRole("textbox", { name: "Endpoint", exact: true }).fill("https://hooks.example.com/polytomic");
    await page.locator("form input[type=password]").fill("a-long-secret-1");
    await page.getByRole("button", { name: "Add webhook" }).click();
    const table = page.getByRole("table", { name: "Webhooks" });
    await table.getByText("https://hooks.example.com/polytomic").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Endpoint", exact: true }).inputValue(), "");

    await page.getByRole("button", { name: "Edit https://hooks.example.com/polytomic" }).click();
    const secret = page.locator("form input[type=password]");
    assert.equal(await secret.inputValue(), "");
    assert.equal(await secret.getAttribute("placeholder"), "Stored: leave empty to keep it");
    await page.getByRole("textbox", { name: "Endpoint", exact: true }).fill("https://hooks.example.com/v2");
    await page.getByRole("button", { name: "Save webhook" }).click();
    await table.getByText("https://hooks.example.com/v2").waitFor();
    const [hook] = await t.api("GET", "/api/webhooks");
    assert.equal(hook.secret, "********");
    assert.equal(hook.disabled, false);
    assert.ok(!(await page.content()).includes("a-long-secret-1"));

    await page.getByRole("button", { name: "Disable https://hooks.example.com/v2" }).click();
    await table.getByText("disabled", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Enable https://hooks.example.com/v2" }).waitFor();
    await until("the webhook disabled", async () => (await t.api("GET", `/api/webhooks/${hook.id}`)).disabled === true, 5000);
    await page.getByRole("textbox", { name: "Event type" }).click();
    await page.getByRole("option", { name: "sync.failed", exact: true }).click();
    await t.axe(page, "webhooks");
    await t.screens(page, "admin-webhooks-one");
    await page.getByRole("button", { name: "Delete https://hooks.example.com/v2" }).click();
    await page.getByRole("dialog", { name: "Delete this webhook?" }).getByRole("button", { name: "Delete webhook" }).click();
    await page.getByText("No webhook yet").waitFor();
    assert.equal((await t.api("GET", "/api/webhooks")).length, 0);

    await open(page, "notifications", "Notifications");
    await page.getByText("Nobody is emailed when a sync fails").waitFor();
    const emails = page.getByRole("textbox", { name: "Email addresses", exact: true });
    await emails.fill("oncall@example.com");
    await emails.press("Enter");
    await emails.fill("not-an-address");
    await emails.press("Enter");
    await page.getByRole("button", { name: "Save subscribers" }).click();
    await page.getByText("not-an-address: is not an email address").waitFor();
    // Backspace in the empty input takes the last address off.
    await emails.press("Backspace");
    await page.getByRole("button", { name: "Save subscribers" }).click();
    await page.getByText("1 address(es) will be told of failed syncs.").waitFor();
    const saved = await (await fetch(t.baseUrl + "/api/notifications/global-error-subscribers", { headers: { Authorization: `Bearer ${t.world.server.token}` } })).json();
    assert.deepEqual(saved.emails, ["oncall@example.com"]);
  });

  t.test("admin: a viewer sees what a viewer may read and no control they may not use; a direct write is refused 403", async (t) => {
    const page = await t.page("viewer");
    for (const [path, heading] of PAGES) {
      await open(page, path, heading);
      const buttons = await mainButtons(page);
      // A viewer may make their own key (the server's rule); nothing else.
      const allowed = path === "keys" ? ["Make a key for you"] : [];
      assert.deepEqual(buttons.filter((b) => !allowed.includes(b)), [], `${path}: ${buttons}`);
      if (["users", "webhooks", "notifications", "audit"].includes(path)) await page.getByText("Only admins see this page").waitFor();
      await t.axe(page, `/admin/${path} as a viewer`);
    }
    await open(page, "connectors", "Connectors");
    await page.getByRole("table", { name: "Loaded connectors" }).getByText("postgresql").first().waitFor();
    await t.screens(page, "admin-connectors-viewer");
    await open(page, "keys", "API keys");
    await t.screens(page, "admin-keys-viewer");

    const statuses = await page.evaluate(async () => {
      const me = (await (await fetch("/api/me")).json()).data;
      const headers = { "Content-Type": "application/json", "X-CSRF-Token": me.csrf_token };
      const calls = [
        ["POST", "/api/organization/users", { email: "sneaky@example.com", role: "admin" }],
        ["PUT", `/api/organization/users/${me.id}`, { email: me.email, role: "admin" }],
        ["POST", "/api/organization/keys", {}],
        ["POST", "/api/webhooks", { endpoint: "https://example.com/x", secret: "12345678" }],
        ["PUT", "/api/notifications/global-error-subscribers", { emails: ["x@example.com"] }],
        ["GET", "/api/audit", undefined],
      ];
      const out = [];
      for (const [method, path, body] of calls) {
        const r = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
        out.push(`${method} ${path} ${r.status} ${(await r.json()).key}`);
      }
      return out;
    });
    for (const line of statuses) assert.match(line, / 403 forbidden$/, line);
    assert.equal((await t.api("GET", "/api/organization/users")).some((u) => u.email === "sneaky@example.com"), false);
  });

  t.test("admin: each page opens, passes axe, and is screenshotted at both widths", async (t) => {
    const page = await t.page("admin");
    for (const [path, heading] of PAGES) {
      await open(page, path, heading);
      await t.axe(page, `/admin/${path}`);
      await t.screens(page, `admin-${path}`);
    }
    await open(page, "licence", "Licence");
    await page.getByTestId("licence-status").getByText("evaluation").waitFor();
    await page.getByTestId("active-syncs").getByText(/of \d+ allowed/).waitFor();
    // The banner: once in the frame, once on the page with what it means.
    assert.equal(await page.getByText(/^Evaluation mode: at most \d+ active syncs/).count(), 2);
  });

  t.test("admin: 1,000 users and 1,000 audit entries stay fast", async (t) => {
    const started = Date.now();
    for (let i = 0; i < 1000; i += 20)
      await Promise.all(Array.from({ length: 20 }, (_, j) => t.api("POST", "/api/organization/users", { email: `bulk-${String(i + j).padStart(4, "0")}@example.com`, role: "viewer" })));
    console.log(`  made 1,000 users through the API in ${Date.now() - started} ms`);
    const page = await t.page("admin");

    let t0 = Date.now();
    await page.goto("/admin/users");
    await page.getByRole("table", { name: "Users" }).getByText("bulk-0000@example.com").waitFor();
    const usersShown = Date.now() - t0;
    const count = await page.getByTestId("user-count").innerText();
    assert.match(count, /^10\d\d users$/);
    t0 = Date.now();
    await page.getByLabel("Search users").fill("bulk-0999");
    await page.getByRole("table", { name: "Users" }).getByText("bulk-0999@example.com").waitFor();
    const searched = Date.now() - t0;
    await page.getByLabel("Search users").fill("");
    t0 = Date.now();
    await page.getByRole("button", { name: "Page 21" }).click();
    await page.getByRole("table", { name: "Users" }).getByText(/^viewer@example\.com$/).waitFor();
    const paged = Date.now() - t0;
    assert.equal((await rows(page, "Users")).length <= 50, true);

    // The API alone: ten pages of 100.
    t0 = Date.now();
    let token = "";
    for (let i = 0; i < 10; i++) {
      const r = await (await fetch(`${t.baseUrl}/api/audit?limit=100${token ? `&page_token=${token}` : ""}`, { headers: { Authorization: `Bearer ${t.world.server.token}` } })).json();
      token = r.pagination?.next_page_token;
    }
    const apiTen = Date.now() - t0;
    t0 = Date.now();
    await page.goto("/admin/audit");
    await page.getByRole("table", { name: "Audit log" }).waitFor();
    const auditFirst = Date.now() - t0;
    t0 = Date.now();
    // aria-rowcount counts what is loaded; the table keeps only the rows in view.
    for (let pages = 1; pages < 10; pages++) {
      const count = await page.getByRole("table", { name: "Audit log" }).getAttribute("aria-rowcount");
      await page.getByRole("button", { name: "Load more" }).click();
      await until("the next page", async () => (await page.getByRole("table", { name: "Audit log" }).getAttribute("aria-rowcount")) !== count);
    }
    const rowCount = Number(await page.getByRole("table", { name: "Audit log" }).getAttribute("aria-rowcount")) - 1;
    assert.ok(rowCount >= 1000, String(rowCount));
    const inPage = await page.getByRole("table", { name: "Audit log" }).locator("tbody tr").count();
    assert.ok(inPage < 120, `${inPage} rows in the page`);
    const auditThousand = Date.now() - t0;
    // With 1,000 rows in the page, a filter keystroke's re-render.
    t0 = Date.now();
    await page.getByLabel("Action", { exact: true }).fill("user.delete");
    await page.getByText("No entry matches").or(page.getByRole("table", { name: "Audit log" }).getByText("user.delete").first()).waitFor();
    const refilter = Date.now() - t0;
    console.log(`  users page with 1,0xx users: first rows ${usersShown} ms, search ${searched} ms, page 21 ${paged} ms; ` +
      `audit log: the API's 10 pages of 100 in ${apiTen} ms, first 100 in ${auditFirst} ms, ${rowCount} entries by Load more in ${auditThousand} ms (${inPage} rows in the page), a new filter in ${refilter} ms`);
    assert.ok(usersShown < 10000 && searched < 3000 && paged < 3000 && auditThousand < 20000, "too slow");
  });
}
