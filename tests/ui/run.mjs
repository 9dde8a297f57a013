// The web UI in a real headless Chromium: every group of tests in specs/*.spec.mjs
// (one file per page group, each exporting register(t)) against one server, then
// the line "N passed, N failed". Screenshots go to POLYTOMIC_UI_OUTPUT (the build tree).
//   node run.mjs [--only <text>]

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Harness } from "./lib/harness.mjs";
import { World } from "./lib/world.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const output = process.env.POLYTOMIC_UI_OUTPUT || path.join(here, "output");

let world;
let ok = false;
try {
  world = await World.start();
  const harness = new Harness(world, output);
  for (const file of fs.readdirSync(path.join(here, "specs")).filter((f) => f.endsWith(".spec.mjs")).sort())
    (await import(path.join(here, "specs", file))).register(harness);
  ok = await harness.run(only);
} catch (error) {
  console.log(`the browser tests could not run: ${error?.stack || error}`);
  console.log("0 passed, 1 failed");
} finally {
  await world?.stop();
}
process.exit(ok ? 0 : 1);
