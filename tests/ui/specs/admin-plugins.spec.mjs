// Admin → Connectors with refused plugins: a server of its own whose PLUGIN_DIR holds the
// shipped connectors, a plugin built for a future connector ABI major (the kernel
// fixture other_major.so) and a file that is not a shared library. The page shows the
// ABI and SDK versions the first declares, and says plainly that the second could not
// be read. Also: the new key and the passing "connection works" message are
// role=status (Mantine's Alert forced role=alert), and a member and a viewer may make
// their own key (useCan follows the server's rule for it).

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ownServer, signInAt } from "../lib/own-server.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through ctest -R Ui`);
  return value;
}

/// A PLUGIN_DIR: the shipped connectors, the future-ABI plugin and a text file named .so.
function pluginDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ui-plugins-"));
  const shipped = required("POLYTOMIC_PLUGIN_DIR");
  for (const file of fs.readdirSync(shipped).filter((f) => f.endsWith(".so"))) fs.symlinkSync(path.join(shipped, file), path.join(dir, file));
  fs.copyFileSync(required("POLYTOMIC_FUTURE_ABI_PLUGIN"), path.join(dir, "future_abi.so"));
  fs.writeFileSync(path.join(dir, "notes.so"), "a text file, not a shared library\n");
  return dir;
}

export function register(t) {
  t.test("admin-plugins: refused plugins show the ABI and SDK versions they declare, or that the file could not be read", async (t) => {
    const dir = pluginDir();
    const server = await ownServer(t, "uiplugins", { PLUGIN_DIR: dir });
    try {
      // The API first: what the page is made from.
      const answer = await (await fetch(`${server.baseUrl}/api/connection_types`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
      const byFile = Object.fromEntries(answer.refused.map((r) => [r.file, r]));
      assert.deepEqual(Object.keys(byFile).sort(), ["future_abi.so", "notes.so"], JSON.stringify(answer.refused));
      assert.equal(byFile["future_abi.so"].manifest_read, true);
      assert.match(byFile["future_abi.so"].abi_version, /^2\.\d+$/); // the next ABI major, built with this minor
      assert.equal(byFile["future_abi.so"].sdk_version, "1.0.0");
      assert.equal(byFile["notes.so"].manifest_read, false);
      assert.equal(byFile["notes.so"].abi_version, null);

      const page = await t.anonymousPage();
      await signInAt(t, page, server.baseUrl, "root@example.com");
      await page.getByRole("link", { name: "Connectors", exact: true }).click();
      await page.getByRole("heading", { name: "Connectors", exact: true }).waitFor();
      const table = page.getByRole("table", { name: "Refused plugins" });
      const future = table.getByRole("row").filter({ hasText: "future_abi.so" });
      await future.waitFor();
      const futureText = await future.innerText();
      assert.match(futureText, /ABI 2\.\d+/);
      assert.match(futureText, /SDK 1\.0\.0/);
      assert.match(futureText, /built for connector ABI 2\.\d+, but this server speaks ABI 1\.\d+/);
      const notes = await table.getByRole("row").filter({ hasText: "notes.so" }).innerText();
      assert.match(notes, /Not read: the file could not be read as a connector/);
      assert.match(notes, /it is not a shared library \(no ELF header\)/);
      assert.ok(!/ABI \d/.test(notes), notes);
      // The loaded ones are still there.
      await page.getByRole("table", { name: "Loaded connectors" }).getByText("postgresql").first().waitFor();
      await t.axe(page, "the connectors page with refused plugins");
      await t.screens(page, "admin-connectors-refused");
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  t.test("admin-plugins: a member and a viewer make their own key; the new key is a status message (role=status)", async (t) => {
    for (const role of ["member", "viewer"]) {
      const page = await t.page(role);
      await page.getByRole("link", { name: "API keys", exact: true }).click();
      await page.getByRole("heading", { name: "API keys", exact: true }).waitFor();
      await page.getByRole("button", { name: "Make a key for you" }).click();
      // Announced politely, as a status: not as an alert (a key made before is replaced).
      const status = page.getByRole("status").filter({ hasText: "New API key for you" });
      const replace = page.getByRole("button", { name: "Replace the key (revokes the old one)" });
      await status.or(replace).first().waitFor();
      if (await replace.count()) await replace.click();
      await status.waitFor();
      assert.equal(await page.getByRole("alert").filter({ hasText: "New API key for you" }).count(), 0, `${role}: the new key is announced as an alert`);
      const key = (await page.getByLabel("The new API key").textContent()).trim();
      const me = await (await fetch(`${t.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${key}` } })).json();
      assert.equal(me.data.role, role, `${role}'s key acts as ${role}`);
      // Nothing of another owner's key for them.
      assert.equal(await page.getByRole("button", { name: /Make a key for the organization/ }).count(), 0);
    }
  });

  t.test("admin-plugins: a connection that works is told as a status (role=status), not an alert", async (t) => {
    const page = await t.page("member");
    const id = await t.world.server.postgresConnection("Status check", t.world.server.database);
    await page.goto(`/connections/${id}`);
    await page.getByRole("heading", { name: "Status check" }).waitFor();
    await page.getByRole("button", { name: "Test" }).click();
    await page.getByRole("status").filter({ hasText: "The connection works" }).waitFor();
    assert.equal(await page.getByRole("alert").filter({ hasText: "The connection works" }).count(), 0);
    await t.api("DELETE", `/api/connections/${id}`);
  });
}
