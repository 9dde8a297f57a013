// The browser tests' bookkeeping: named tests, pages signed in as a role, a
// page's problems (script errors, Content-Security-Policy refusals, failed
// requests for the UI's own files) failing its test, screenshots at the two
// widths, and the axe check (0 serious or critical violations).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { USERS } from "./world.mjs";

export const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/// Calls `check` until it answers something truthy (at most `ms`).
export async function until(what, check, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export class Harness {
  constructor(world, outputDir) {
    this.world = world;
    this.outputDir = outputDir;
    this.tests = [];
    this.results = [];
    fs.mkdirSync(path.join(outputDir, "screenshots"), { recursive: true });
  }

  /// Registers a test; `fn(t)` gets this harness (t.page, t.screens, t.axe, t.api ...).
  test(name, fn) {
    this.tests.push({ name, fn });
  }

  get baseUrl() {
    return this.world.baseUrl;
  }

  /// The server's API with the organization key (setting up what a test needs).
  api(method, apiPath, body) {
    return this.world.server.api(method, apiPath, body);
  }

  /// A fresh browser context at `size` (a WIDTHS entry), not signed in.
  async anonymousPage(size = WIDTHS.desktop) {
    const context = await this.world.browser.newContext({ viewport: size, baseURL: this.baseUrl });
    const page = await context.newPage();
    this.#watch(page);
    this.contexts.push(context);
    return page;
  }

  /// A page signed in as `role` (admin, member, viewer) through the sign-in page and the OIDC provider, on /.
  async page(role, size = WIDTHS.desktop) {
    const page = await this.anonymousPage(size);
    await this.signIn(page, USERS[role]);
    return page;
  }

  /// Signs `email` in the way a person does: the sign-in page's button, the provider, back to /.
  async signIn(page, email) {
    await this.world.oidc.signInAs(email);
    await page.goto("/sign-in");
    await page.getByRole("link", { name: /Sign in with single sign-on/ }).click();
    await page.waitForURL(this.baseUrl + "/");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  }

  #watch(page) {
    page.problems = [];
    page.on("pageerror", (error) => page.problems.push(`script error: ${error.message}`));
    page.on("console", (message) => {
      const text = message.text();
      if (/Content Security Policy|Refused to/.test(text)) page.problems.push(`CSP: ${text}`);
    });
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith("/assets/") && response.status() >= 400) page.problems.push(`${response.status()} for ${url.pathname}`);
    });
  }

  /// The input labelled `label`, required or not (Mantine's label of a required input ends in " *").
  field(page, label) {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return page.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`));
  }

  /// Screenshots of the page at both widths (desktop, phone), as <name>-1280.png and <name>-390.png.
  async screens(page, name) {
    const original = page.viewportSize();
    for (const size of Object.values(WIDTHS)) {
      await page.setViewportSize(size);
      // From the top: a full-page capture of a scrolled page draws the fixed header mid-page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(this.outputDir, "screenshots", `${name}-${size.width}.png`), fullPage: true });
    }
    await page.setViewportSize(original);
  }

  /// axe-core on the page as it is: fails on any serious or critical violation.
  async axe(page, what) {
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.equal(bad.length, 0, `axe on ${what}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`).join("; ")}`);
  }

  async run(only) {
    for (const { name, fn } of this.tests) {
      if (only && !name.includes(only)) continue;
      this.contexts = [];
      const started = Date.now();
      try {
        await fn(this);
        const problems = [];
        for (const context of this.contexts) for (const page of context.pages()) problems.push(...(page.problems ?? []));
        assert.deepEqual(problems, [], "the page had problems");
        this.results.push({ name, ok: true });
        console.log(`ok - ${name} (${Date.now() - started} ms)`);
      } catch (error) {
        this.results.push({ name, ok: false });
        console.log(`not ok - ${name}\n  ${String(error?.stack || error).split("\n").slice(0, 8).join("\n  ")}`);
        for (const [i, context] of this.contexts.entries())
          for (const [j, page] of context.pages().entries())
            await page.screenshot({ path: path.join(this.outputDir, `failed-${name.replace(/\W+/g, "_")}-${i}-${j}.png`) }).catch(() => undefined);
      }
      for (const context of this.contexts) await context.close().catch(() => undefined);
    }
    const passed = this.results.filter((r) => r.ok).length;
    const failed = this.results.length - passed;
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 && this.results.length > 0;
  }
}
