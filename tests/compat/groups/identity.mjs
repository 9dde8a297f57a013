// Identity: who the SDK's token is.

import assert from "node:assert/strict";
import { Server } from "../lib/server.mjs";

export async function register(t) {
	t.test("identity.get names the organization of the token", async () => {
		const server = await Server.start("identity");
		try {
			const sdk = t.sdk(server);
			const me = await sdk.identity.get();
			assert.equal(me.data.organization_id, server.organizationId);
		} finally {
			await server.stop();
		}
	});
}
