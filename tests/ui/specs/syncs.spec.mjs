// Model syncs, bulk syncs, runs and the home page (owned by the sync pages' engineer).

export function register(t) {
  t.test("syncs: each page opens, passes axe, and is screenshotted at both widths", async (t) => {
    const page = await t.page("member");
    for (const [path, heading, name] of [["/syncs", "Model syncs", "model-syncs"], ["/bulk", "Bulk syncs", "bulk-syncs"], ["/runs", "Runs", "runs"]]) {
      await page.goto(path);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await t.axe(page, path);
      await t.screens(page, name);
    }
  });
}
