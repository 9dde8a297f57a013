// The admin pages (owned by the admin pages' engineer).

export function register(t) {
  t.test("admin: each page opens, passes axe, and is screenshotted at both widths", async (t) => {
    const page = await t.page("admin");
    for (const [path, heading] of [["users", "Users"], ["keys", "API keys"], ["webhooks", "Webhooks"], ["notifications", "Notifications"], ["audit", "Audit log"],
      ["licence", "Licence"], ["connectors", "Connectors"]]) {
      await page.goto(`/admin/${path}`);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await t.axe(page, `/admin/${path}`);
      await t.screens(page, `admin-${path}`);
    }
  });
}
