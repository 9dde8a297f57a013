// The SDK's half of GET /api/openapi.json, written from the pinned SDK itself so that
// the document cannot drift from it:
//   kernel/http/openapi/sdk-operations.json  one OpenAPI operation per SDK method (its
//       path, operationId, tag, summary, query parameters, request body, answer, errors),
//       read from the SDK's resource clients (Client.js and Client.d.ts);
//   kernel/http/openapi/components.json      components.schemas: every type the SDK
//       exports, as JSON Schema made from its .d.ts (lib/contract.mjs's generator).
// The server embeds both with kernel/http/openapi/server-operations.json (the routes the
// SDK does not have, written by hand) and documents each route of its table from them.
//   node tests/compat/openapi.mjs           writes the two files
//   node tests/compat/openapi.mjs --check   exits 1, naming the file, when a committed file differs

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createGenerator } from "ts-json-schema-generator";
import { sdkClients, sdkRoot, sdkVersion } from "./lib/contract.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const openApiDir = path.join(here, "..", "..", "kernel", "http", "openapi");

const ERROR_STATUS = {
	BadRequestError: 400, UnauthorizedError: 401, PaymentRequiredError: 402, ForbiddenError: 403, NotFoundError: 404,
	ConflictError: 409, UnprocessableEntityError: 422, TooManyRequestsError: 429, InternalServerError: 500, ServiceUnavailableError: 503,
};

function generate(pathGlob, type = "*") {
	return createGenerator({ path: pathGlob, type, skipTypeCheck: true, expose: "export", additionalProperties: true }).createSchema(type);
}

/// The JSDoc above a method: its first sentence (summary) and its text (description).
function docOf(comment) {
	const lines = comment.split("\n").map((l) => l.replace(/^\s*\/?\*+\/?\s?/, "")).filter((l, i, all) => i > 0 || l.trim());
	const text = [];
	for (const line of lines) {
		if (line.startsWith("@")) break;
		text.push(line);
	}
	const description = text.join("\n").trim();
	const summary = (description.split(/\n\s*\n/)[0] || "").replace(/\s+/g, " ").trim();
	return { summary, description };
}

/// The methods of one Client.js with what its code sends: method, path, query names, body, errors.
function methodsOf(client) {
	const js = fs.readFileSync(path.join(client.dir, "client", "Client.js"), "utf8");
	const dts = fs.readFileSync(path.join(client.dir, "client", "Client.d.ts"), "utf8");
	const out = [];
	const starts = [...js.matchAll(/^    (\/\*\*[\s\S]*?\*\/)\n    ([a-zA-Z]+)\(([^)]*)\) \{$/gm)];
	for (let i = 0; i < starts.length; ++i) {
		const [, comment, name] = starts[i];
		const body = js.slice(starts[i].index, i + 1 < starts.length ? starts[i + 1].index : js.length);
		const url = body.match(/PolytomicEnvironment\.Default, (?:`([^`]*)`|"([^"]*)")\)/);
		const method = body.match(/method: "([A-Z]+)"/)[1];
		const urlPath = "/" + (url[1] || url[2]).replace(/\$\{encodeURIComponent\((\w+)\)\}/g, "{$1}");
		const query = [...new Set([...body.matchAll(/_queryParams\["(\w+)"\]/g)].map((m) => m[1]))];
		const sent = body.match(/^                body: (request|_body),$/m);
		const errors = [...new Set([...body.matchAll(/throw new Polytomic\.(\w+)\(/g)].map((m) => ERROR_STATUS[m[1]]).filter(Boolean))].sort();
		const signature = dts.match(new RegExp(`^    ${name}\\((.*)\\): Promise<(.*)>;$`, "m"));
		const requestType = (signature[1].match(/request\??: Polytomic\.(?:\w+\.)*(\w+)/) || [])[1];
		const returns = signature[2].replace(/^Polytomic\./, "");
		out.push({ group: client.group, name, comment, method, path: urlPath, query, body: sent && sent[1], requestType, returns, errors });
	}
	return out;
}

/// The schema of the request type's query fields, from the request's own file (two SDK requests share a name).
function requestSchemaOf(client, typeName, schemas) {
	const file = path.join(client.dir, "client", "requests", `${typeName}.d.ts`);
	if (typeName === "ExecutionsListRequest" && fs.existsSync(file)) return generate(file, typeName).definitions[typeName];
	return schemas[typeName];
}

function operationOf(m, client, schemas) {
	const { summary, description } = docOf(m.comment);
	const operation = { operationId: `${m.group}.${m.name}`, tags: [m.group], summary, description };
	const request = m.requestType ? requestSchemaOf(client, m.requestType, schemas) : undefined;
	if (m.query.length) {
		operation.parameters = m.query.map((name) => {
			const schema = (request && request.properties && request.properties[name]) || { type: "string" };
			const { description: about, ...rest } = schema;
			const parameter = { name, in: "query", required: Boolean(request && (request.required || []).includes(name)), schema: rest };
			if (about) parameter.description = about;
			return parameter;
		});
	}
	if (m.body) {
		const ref = m.body === "request" ? m.requestType : `${m.requestType}Body`;
		operation.requestBody = { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } };
	}
	const answer = m.returns === "void" ? { description: "Done." }
		: m.returns.startsWith("Record<") ? { description: "The answer.", content: { "application/json": { schema: { type: "object" } } } }
		: { description: "The answer.", content: { "application/json": { schema: { $ref: `#/components/schemas/${m.returns}` } } } };
	operation.responses = { "2XX": answer };
	for (const status of m.errors)
		operation.responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
	return operation;
}

/// Rewrites the generator's "#/definitions/X" into OpenAPI's "#/components/schemas/X".
function asComponents(value) {
	if (Array.isArray(value)) return value.map(asComponents);
	if (value && typeof value === "object") {
		const out = {};
		for (const key of Object.keys(value).sort()) {
			const v = value[key];
			out[key] = key === "$ref" && typeof v === "string" ? v.replace("#/definitions/", "#/components/schemas/") : asComponents(v);
		}
		return out;
	}
	return value;
}

/// One response per error status the SDK names: its ApiError body.
function errorResponses() {
	const responses = {};
	for (const [name, status] of Object.entries(ERROR_STATUS).sort((a, b) => a[1] - b[1]))
		responses[`Error${status}`] = { description: `${name.replace(/Error$/, "").replace(/([a-z])([A-Z])/g, "$1 $2")}: {status, key, message} says what went wrong and what to do.`,
			content: { "application/json": { schema: { $ref: "#/components/schemas/ApiError" } } } };
	return responses;
}

export function build() {
	const api = path.join(sdkRoot, "api");
	const all = generate(`${api}/{types/index.d.ts,resources/*/types/*.d.ts,resources/**/client/requests/*.d.ts}`).definitions;
	const operations = [];
	const bodies = {};
	for (const client of sdkClients())
		for (const m of methodsOf(client)) {
			operations.push({ method: m.method, path: m.path, operation: asComponents(operationOf(m, client, all)) });
			if (m.body === "_body") {
				// The request type holds the query fields too; the body is the rest.
				const { properties = {}, required = [], ...rest } = all[m.requestType];
				const kept = Object.fromEntries(Object.entries(properties).filter(([k]) => !m.query.includes(k)));
				bodies[`${m.requestType}Body`] = { ...rest, properties: kept, ...(required.length ? { required: required.filter((k) => !m.query.includes(k)) } : {}) };
			}
		}
	operations.sort((a, b) => (a.path + " " + a.method).localeCompare(b.path + " " + b.method));
	const schemas = { ...all, ...bodies };
	delete schemas.ExecutionsListRequest; // query parameters only, and two requests of that name
	const files = {
		"sdk-operations.json": { sdk: `polytomic ${sdkVersion}`, operations },
		"components.json": { schemas: asComponents(schemas), responses: errorResponses() },
	};
	return Object.fromEntries(Object.entries(files).map(([name, value]) => [name, JSON.stringify(value, null, "\t") + "\n"]));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const check = process.argv.includes("--check");
	let stale = 0;
	for (const [name, text] of Object.entries(build())) {
		const file = path.join(openApiDir, name);
		if (!check) {
			fs.mkdirSync(openApiDir, { recursive: true });
			fs.writeFileSync(file, text);
			console.log(`wrote ${path.relative(process.cwd(), file)}`);
		} else if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
			console.log(`${name} differs from what the SDK gives now: run node tests/compat/openapi.mjs and commit it`);
			stale += 1;
		}
	}
	process.exit(stale ? 1 : 0);
}
