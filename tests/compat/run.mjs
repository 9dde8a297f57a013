// Polytomic's official TypeScript SDK against the server: every group of tests in
// groups/*.mjs, each SDK answer checked against the SDK's declared type, then the
// coverage of the SDK's methods and the line "N passed, N failed".
//   node run.mjs [--only <text>] [--partial]
// --only runs the tests whose name contains <text>; --partial (implied by --only)
// does not count the SDK methods left unexercised as failures.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Contract, sdkVersion } from "./lib/contract.mjs";
import { Harness } from "./lib/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const partial = Boolean(only) || args.includes("--partial");

const contract = new Contract();
contract.sdkVersion = sdkVersion;
const harness = new Harness(contract);
const groups = fs.readdirSync(path.join(here, "groups")).filter((f) => f.endsWith(".mjs")).sort();
for (const file of groups) {
	const group = await import(path.join(here, "groups", file));
	await group.register(harness);
}
await harness.run(only);
const ok = harness.report({ requireEveryMethod: !partial });
process.exit(ok ? 0 : 1);
