// The SDK's declared types as the contract: every method of the pinned `polytomic`
// package with the type it promises to return, and a run-time check of an answer
// against that type (JSON Schema made from the SDK's own .d.ts files, checked with Ajv).
//
// Strict where the SDK is: a required field must be there with its type, an enum
// value must be one of the SDK's, `null` only where the type allows it. Fields the
// SDK does not declare are allowed (they cannot break a client).

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { createGenerator } from "ts-json-schema-generator";

const require = createRequire(import.meta.url);
export const sdkRoot = path.dirname(require.resolve("polytomic/package.json"));
export const sdkVersion = JSON.parse(fs.readFileSync(path.join(sdkRoot, "package.json"), "utf8")).version;

/// Every resource client of the SDK: {group: "bulkSync.executions", dir} (dir holds client/Client.js).
export function sdkClients() {
	const found = [];
	const walk = (dir, group) => {
		if (fs.existsSync(path.join(dir, "client", "Client.d.ts"))) found.push({ group, dir });
		const nested = path.join(dir, "resources");
		if (fs.existsSync(nested))
			for (const sub of fs.readdirSync(nested).sort())
				if (fs.statSync(path.join(nested, sub)).isDirectory()) walk(path.join(nested, sub), `${group}.${sub}`);
	};
	const top = path.join(sdkRoot, "api", "resources");
	for (const group of fs.readdirSync(top).sort())
		if (fs.statSync(path.join(top, group)).isDirectory()) walk(path.join(top, group), group);
	return found;
}

/// Every method of every resource client: {name: "bulkSync.executions.list", returns: "BulkSyncExecutionEnvelope" | "void" | ...}.
export function sdkMethods() {
	const methods = [];
	for (const { group, dir } of sdkClients()) {
		const text = fs.readFileSync(path.join(dir, "client", "Client.d.ts"), "utf8");
		for (const m of text.matchAll(/^    ([a-zA-Z]+)\((.*)\): Promise<(.*)>;$/gm))
			methods.push({ name: `${group}.${m[1]}`, returns: m[3].replace(/^Polytomic\./, "") });
	}
	return methods;
}

/// JSON Schema of every type the SDK exports (generated from its .d.ts on each run: the installed SDK is the source).
export function sdkSchemas() {
	const generator = createGenerator({
		path: path.join(sdkRoot, "api", "types", "index.d.ts"),
		type: "*",
		skipTypeCheck: true,
		expose: "export",
		additionalProperties: true,
	});
	return generator.createSchema("*");
}

export class Contract {
	constructor() {
		this.methods = sdkMethods();
		this.schema = sdkSchemas();
		this.ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
		this.ajv.addSchema(this.schema, "sdk");
		this.validators = new Map();
	}

	/// Errors of `value` against the SDK type `typeName` ([] when it matches).
	check(typeName, value) {
		if (typeName === "void") return [];
		if (typeName.startsWith("Record<")) return value !== null && typeof value === "object" && !Array.isArray(value) ? [] : ["not an object"];
		if (!this.schema.definitions[typeName]) return [`the SDK has no type ${typeName}`];
		let validate = this.validators.get(typeName);
		if (!validate) {
			validate = this.ajv.getSchema(`sdk#/definitions/${typeName}`);
			this.validators.set(typeName, validate);
		}
		if (validate(value)) return [];
		return validate.errors.slice(0, 8).map((e) => `${typeName}${e.instancePath || ""} ${e.message}${e.params && e.params.allowedValues ? " " + JSON.stringify(e.params.allowedValues) : ""}`);
	}

	returnType(methodName) {
		const m = this.methods.find((x) => x.name === methodName);
		return m ? m.returns : undefined;
	}
}
