// Signing in: through the OpenID Connect provider from the sign-in page, a
// refused sign-in saying why, a page asked for before signing in.

import assert from "node:assert/strict";
import { USERS } from "../lib/world.mjs";

export function register(t) {
  t.test("sign-in: through the OIDC provider from the sign-in page, then the session's CSRF token on writes", async (t) => {
    const page = await t.anonymousPage();
    await page.goto("/connections");
    await page.waitForURL(/\/sign-in\?next=/); // no session: the sign-in page
    // The page's own 401 carries no Basic challenge (it would open the browser's password
    // dialog over the UI and hold the page); a script outside a browser still gets one.
    const challenge = await page.evaluate(async () => (await fetch("/api/me")).headers.get("www-authenticate"));
    assert.equal(challenge, null);
    assert.equal((await fetch(t.baseUrl + "/api/me")).headers.get("www-authenticate"), 'Basic realm="polytomic"');
    await t.axe(page, "the sign-in page");
    await t.screens(page, "sign-in");
    await t.signIn(page, USERS.admin);
    await page.getByTestId("signed-in-as").getByText(/root@example.com/).waitFor();
    // The UI's client sends X-CSRF-Token: a write from the page with it succeeds, without it is refused.
    const answers = await page.evaluate(async () => {
      const me = await (await fetch("/api/me")).json();
      const bare = await fetch("/api/connections/test", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      return { csrf: me.data.csrf_token, bare: bare.status, key: (await bare.json()).key };
    });
    assert.ok(answers.csrf, "GET /api/me gives the session's CSRF token");
    assert.equal(answers.bare, 403);
    assert.equal(answers.key, "csrf_failed");
  });

  t.test("sign-in: someone the organization does not have is refused, and told why", async (t) => {
    const page = await t.anonymousPage();
    await t.world.oidc.signInAs("stranger@example.com");
    await page.goto("/sign-in");
    await page.getByRole("link", { name: /Sign in with single sign-on/ }).click();
    await page.getByRole("heading", { name: "Sign-in refused" }).waitFor();
    const text = await page.textContent("body");
    assert.match(text, /stranger@example.com|not a user|no user|ask an admin/i);
    await page.getByRole("link", { name: "Back to sign-in" }).waitFor();
  });
}
