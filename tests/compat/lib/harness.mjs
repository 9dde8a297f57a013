// The suite's bookkeeping: named tests, an SDK client whose every method call is
// checked against the type the SDK declares for it, and the coverage of the SDK's
// methods (each must be exercised: answered in its type, or refused as documented).

import assert from "node:assert/strict";
import { PolytomicClient, PolytomicError } from "polytomic";
import { settle } from "./server.mjs";

/// Calls `check` until it answers something truthy (at most `ms`): that answer; throws, naming `what`, when time runs out.
export async function until(what, check, ms = 40000) {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

export class Harness {
	constructor(contract) {
		this.contract = contract;
		this.tests = [];
		this.results = [];
		this.calls = new Map(); // method name -> {ok, failed, refused}
	}

	/// Registers a test; `fn(t)` gets this harness.
	test(name, fn) {
		this.tests.push({ name, fn });
	}

	/// An SDK client for `server`, every call checked against its declared type.
	sdk(server, options = {}) {
		const client = new PolytomicClient({ environment: server.baseUrl, token: options.token || server.token, ...options.client });
		return this.#checked(client, "");
	}

	#record(method, outcome) {
		const entry = this.calls.get(method) || { ok: 0, failed: 0, refused: 0 };
		entry[outcome] += 1;
		this.calls.set(method, entry);
	}

	#checked(target, prefix) {
		const harness = this;
		return new Proxy(target, {
			get(obj, prop, receiver) {
				const value = Reflect.get(obj, prop, receiver);
				if (typeof prop !== "string") return value;
				const name = prefix ? `${prefix}.${prop}` : prop;
				if (typeof value === "function") {
					const returns = harness.contract.returnType(name);
					if (returns === undefined) return value.bind(obj);
					return async (...args) => {
						let result;
						await settle();
						try {
							result = await value.apply(obj, args);
						} catch (error) {
							harness.#record(name, "failed");
							throw harness.#explained(name, error);
						}
						const errors = harness.contract.check(returns, result);
						if (errors.length) {
							harness.#record(name, "failed");
							throw new assert.AssertionError({ message: `${name} answered outside its type ${returns}:\n  ${errors.join("\n  ")}\n  answer: ${JSON.stringify(result).slice(0, 600)}` });
						}
						harness.#record(name, "ok");
						return result;
					};
				}
				if (value && typeof value === "object") return harness.#checked(value, name);
				return value;
			},
		});
	}

	#explained(name, error) {
		if (error instanceof PolytomicError)
			error.message = `${name}: HTTP ${error.statusCode} ${JSON.stringify(error.body).slice(0, 400)}`;
		return error;
	}

	/// Expects `call` (a promise of an SDK call on a client from sdk()) to be refused with `status`,
	/// in the SDK's error shape ({status, key, message}); counts the method as served by a documented refusal.
	async refused(method, status, call) {
		let error;
		try {
			await call;
		} catch (e) {
			error = e;
		}
		assert.ok(error instanceof PolytomicError, `${method} should have been refused with ${status}, it answered`);
		assert.equal(error.statusCode, status, `${method}: ${JSON.stringify(error.body)}`);
		const shape = this.contract.check("ApiError", error.body);
		assert.deepEqual(shape, [], `${method}'s refusal is not the SDK's ApiError: ${JSON.stringify(error.body)}`);
		assert.ok(typeof error.body.message === "string" && error.body.message.length > 10, `${method}'s refusal says what to do`);
		// The failed call was counted as failed by the checked client; a refusal as documented is served.
		const entry = this.calls.get(method);
		if (entry && entry.failed > 0) entry.failed -= 1;
		this.#record(method, "refused");
	}

	async run(filter) {
		for (const { name, fn } of this.tests) {
			if (filter && !name.includes(filter)) continue;
			const started = Date.now();
			try {
				await fn(this);
				this.results.push({ name, ok: true });
				console.log(`ok   ${name} (${Date.now() - started} ms)`);
			} catch (error) {
				this.results.push({ name, ok: false });
				console.log(`FAIL ${name} (${Date.now() - started} ms)\n     ${String(error && error.stack || error).split("\n").join("\n     ")}`);
			}
		}
	}

	/// Prints the coverage of the SDK's methods and the summary line; true when everything passed.
	report({ requireEveryMethod }) {
		const methods = this.contract.methods.map((m) => m.name);
		const served = methods.filter((m) => (this.calls.get(m) || {}).ok > 0);
		const refused = methods.filter((m) => !served.includes(m) && (this.calls.get(m) || {}).refused > 0);
		const failing = methods.filter((m) => (this.calls.get(m) || {}).failed > 0);
		const missing = methods.filter((m) => !this.calls.has(m));
		console.log(`\nSDK ${this.contract.sdkVersion || ""} methods: ${methods.length}; answered in their types: ${served.length}; refused as documented: ${refused.length}; with a failing call: ${failing.length}; never exercised: ${missing.length}`);
		if (failing.length) console.log(`  failing: ${failing.join(", ")}`);
		if (missing.length) console.log(`  never exercised: ${missing.join(", ")}`);
		let passed = this.results.filter((r) => r.ok).length;
		let failed = this.results.length - passed;
		if (requireEveryMethod) {
			// Each method the suite never exercised is a failure: the SDK's every method is the contract.
			failed += missing.length;
		}
		console.log(`${passed} passed, ${failed} failed`);
		return failed === 0;
	}
}
