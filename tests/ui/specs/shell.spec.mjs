// The app shell and how the server serves it: caching, gzip, the policy, the
// fallback for client routes, the navigation per role, the initial download.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { WIDTHS } from "../lib/harness.mjs";

export function register(t) {
  t.test("shell: index.html is never cached, hashed assets for a year, gzip when accepted, a strict policy", async (t) => {
    const page = await fetch(t.baseUrl + "/connections/some/client/route", { headers: { "Accept-Encoding": "gzip" } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("cache-control"), "no-cache");
    assert.equal(page.headers.get("content-encoding"), "gzip");
    assert.match(page.headers.get("vary"), /Accept-Encoding/);
    const policy = page.headers.get("content-security-policy");
    assert.match(policy, /script-src 'self'/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    const html = await page.text(); // fetch decodes the gzip
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)[1];
    const asset = await fetch(t.baseUrl + script, { headers: { "Accept-Encoding": "identity" } });
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(asset.headers.get("content-encoding"), null);
    assert.match(asset.headers.get("content-type"), /^text\/javascript/);
    // The server's own paths stay JSON answers, never the page.
    for (const p of ["/api/nothing-here", "/auth/nothing", "/assets/nothing.js", "/metrics/x"]) {
      const r = await fetch(t.baseUrl + p);
      assert.equal(r.status, 404, p);
      assert.equal((await r.json()).key, "not_found", p);
    }
  });

  t.test("shell: the initial JavaScript and CSS, gzipped, stay within 300 KB", async () => {
    const web = process.env.POLYTOMIC_WEB_DIR;
    const html = fs.readFileSync(path.join(web, "index.html"), "utf8");
    const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    const gzip = files.reduce((sum, f) => sum + fs.statSync(path.join(web, f + ".gz")).size, 0);
    console.log(`  initial JS+CSS: ${files.length} files, ${(gzip / 1024).toFixed(1)} KB gzipped`);
    assert.ok(gzip <= 300 * 1024, `${gzip} bytes`);
  });

  t.test("shell: an admin sees every page in the navigation; a viewer not the admin-only ones", async (t) => {
    const admin = await t.page("admin");
    const nav = admin.getByRole("navigation", { name: "Main navigation" });
    for (const label of ["Home", "Connections", "Models", "Model syncs", "Bulk syncs", "Runs", "Users", "API keys", "Webhooks", "Notifications", "Audit log", "Licence", "Connectors"])
      await nav.getByRole("link", { name: label, exact: true }).waitFor();
    await t.axe(admin, "the home page");
    await t.screens(admin, "home");

    const viewer = await t.page("viewer");
    const viewerNav = viewer.getByRole("navigation", { name: "Main navigation" });
    await viewerNav.getByRole("link", { name: "Connections", exact: true }).waitFor();
    for (const label of ["Users", "Webhooks", "Audit log"])
      assert.equal(await viewerNav.getByRole("link", { name: label, exact: true }).count(), 0, label);
  });

  t.test("shell: at 390 px the navigation is a drawer opened by a labelled button", async (t) => {
    const page = await t.page("member", WIDTHS.phone);
    const open = page.getByRole("button", { name: "Open navigation" });
    await open.click();
    await page.getByRole("link", { name: "Models", exact: true }).click();
    await page.waitForURL(/\/models$/);
    await page.getByRole("heading", { name: "Models" }).waitFor();
  });

  t.test("shell: a page that does not exist says so inside the frame", async (t) => {
    const page = await t.page("member");
    await page.goto("/no/such/page");
    await page.getByText("There is no page at this address").waitFor();
  });

  t.test("shell: the home page is interactive soon after navigation (its time measured)", async (t) => {
    const page = await t.page("member");
    const figures = [];
    for (let i = 0; i < 5; i++) {
      await page.goto("about:blank");
      const started = Date.now();
      await page.goto("/");
      // Interactive: the navigation answers a click (the route's code has loaded and rendered).
      await page.getByRole("heading", { name: "Home" }).waitFor();
      figures.push(Date.now() - started);
    }
    const timing = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      return { domInteractive: Math.round(n.domInteractive), domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) };
    });
    figures.sort((a, b) => a - b);
    console.log(`  home page interactive: median ${figures[2]} ms (runs ${figures.join(", ")} ms); last run ${JSON.stringify(timing)}`);
    assert.ok(figures[2] < 5000, `${figures[2]} ms`);
  });
}
