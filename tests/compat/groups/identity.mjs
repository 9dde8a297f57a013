// Identity, organizations, users and permissions: who the SDK's token is, the
// deployment's organizations, the users of one and their keys, and the built-in
// roles. One server for the four groups.

import assert from "node:assert/strict";
import { Server, psql } from "../lib/server.mjs";

const ROLE_IDS = {
	admin: "5b0c7e1a-0000-4000-8000-00000000a001",
	member: "5b0c7e1a-0000-4000-8000-00000000a002",
	viewer: "5b0c7e1a-0000-4000-8000-00000000a003",
};

/// A call with the deployment key (Authorization: Basic, which the SDK cannot send), checked against `type`.
async function asDeployment(t, server, method, path, body, type) {
	const response = await fetch(`${server.baseUrl}${path}`, {
		method,
		headers: { Authorization: server.basic, "Content-Type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	const json = text ? JSON.parse(text) : undefined;
	if (type) assert.deepEqual(t.contract.check(type, json), [], `${method} ${path}: ${text}`);
	return { status: response.status, json };
}

async function identity(t, server, sdk) {
	const me = (await sdk.identity.get()).data;
	assert.equal(me.organization_id, server.organizationId);
	assert.equal(me.is_organization, true);
	assert.equal(me.is_user, false);
	// The SDK types id and email as strings: a caller that is not a user has none, not null.
	assert.ok(!("id" in me) && !("email" in me), JSON.stringify(me));
}

async function organizations(t, server, sdk) {
	const own = (await sdk.organization.list()).data;
	assert.deepEqual(own.map((o) => o.id), [server.organizationId]);
	assert.equal((await sdk.organization.get(server.organizationId)).data.id, server.organizationId);
	const renamed = (await sdk.organization.update(server.organizationId, { name: "Compat Inc." })).data;
	assert.equal(renamed.name, "Compat Inc.");
	assert.equal(psql(server.database, `SELECT name FROM organizations WHERE id = '${server.organizationId}'`)[0][0], "Compat Inc.");
	await t.refused("organization.update", 400, sdk.organization.update(server.organizationId, { name: "X", issuer: "https://idp.example.com" }));
	// Only the deployment key creates and removes organizations.
	await t.refused("organization.create", 403, sdk.organization.create({ name: "Second" }));
	await t.refused("organization.remove", 403, sdk.organization.remove(server.organizationId));

	const second = await asDeployment(t, server, "POST", "/api/organizations", { name: "Second" }, "OrganizationEnvelope");
	assert.equal(second.status, 200);
	const secondId = second.json.data.id;
	assert.equal((await asDeployment(t, server, "POST", "/api/organizations", { name: "second" })).status, 409);
	const all = await asDeployment(t, server, "GET", "/api/organizations", undefined, "OrganizationsEnvelope");
	assert.deepEqual(all.json.data.map((o) => o.id).sort(), [server.organizationId, secondId].sort());
	// An organization key sees only its own.
	await t.refused("organization.get", 404, sdk.organization.get(secondId));
	assert.deepEqual((await sdk.organization.list()).data.map((o) => o.id), [server.organizationId]);
	assert.equal((await asDeployment(t, server, "DELETE", `/api/organizations/${server.organizationId}`)).status, 403);
	assert.equal((await asDeployment(t, server, "DELETE", `/api/organizations/${secondId}`)).status, 204);
	assert.deepEqual(psql(server.database, `SELECT count(*) FROM organizations WHERE id = '${secondId}'`), [["0"]]);
}

async function users(t, server, sdk) {
	const org = server.organizationId;
	const listed = (await sdk.users.list(org)).data;
	const root = listed.find((u) => u.email === "root@example.com");
	assert.equal(root.role, "admin");
	assert.deepEqual(root.role_ids, [ROLE_IDS.admin]);

	const ann = (await sdk.users.create(org, { email: "ann@example.com", role_ids: [ROLE_IDS.viewer] })).data;
	assert.equal(ann.role, "viewer");
	assert.deepEqual(ann.role_ids, [ROLE_IDS.viewer]);
	assert.equal((await sdk.users.get(ann.id, org)).data.email, "ann@example.com");
	const member = (await sdk.users.update(ann.id, org, { email: "ann@example.com", role: "member" })).data;
	assert.deepEqual(member.role_ids, [ROLE_IDS.member]);
	assert.deepEqual(psql(server.database, `SELECT role FROM users WHERE id = '${ann.id}'`), [["member"]]);
	await t.refused("users.create", 400, sdk.users.create(org, { email: "bob@example.com", role: "admin", role_ids: [ROLE_IDS.admin] }));
	await t.refused("users.update", 400, sdk.users.update(ann.id, org, { email: "ann@example.com", role_ids: ["not-a-role"] }));

	// A user's key speaks for the user.
	const key = (await sdk.users.createApiKey(org, ann.id, { force: true })).data.value;
	const annMe = (await t.sdk(server, { token: key }).identity.get()).data;
	assert.equal(annMe.id, ann.id);
	assert.equal(annMe.email, "ann@example.com");
	assert.equal(annMe.is_user, true);

	const removed = (await sdk.users.remove(ann.id, org)).data;
	assert.equal(removed.id, ann.id);
	await t.refused("users.get", 404, sdk.users.get(ann.id, org));
	await t.refused("identity.get", 401, t.sdk(server, { token: key }).identity.get());
}

async function permissions(t, server, sdk) {
	const roles = (await sdk.permissions.roles.list()).data;
	assert.deepEqual(roles.map((r) => [r.name, r.id, r.system]),
		[["Admin", ROLE_IDS.admin, true], ["Member", ROLE_IDS.member, true], ["Viewer", ROLE_IDS.viewer, true]]);
	assert.equal((await sdk.permissions.roles.get(ROLE_IDS.viewer)).data.name, "Viewer");
	await t.refused("permissions.roles.get", 404, sdk.permissions.roles.get("5b0c7e1a-0000-4000-8000-0000000000ff"));
	await t.refused("permissions.roles.create", 403, sdk.permissions.roles.create({ name: "Custom" }));
	await t.refused("permissions.roles.update", 403, sdk.permissions.roles.update(ROLE_IDS.member, { name: "Custom" }));
	await t.refused("permissions.roles.remove", 403, sdk.permissions.roles.remove(ROLE_IDS.member));

	const policies = (await sdk.permissions.policies.list()).data;
	assert.equal(policies.length, 1);
	const policy = (await sdk.permissions.policies.get(policies[0].id)).data;
	assert.equal(policy.system, true);
	// The policy states the rule the server enforces: a viewer reads, a member writes, an admin administers.
	assert.deepEqual(policy.policy_actions.find((a) => a.action === "write").role_ids, [ROLE_IDS.admin, ROLE_IDS.member]);
	await t.refused("permissions.policies.create", 403, sdk.permissions.policies.create({ name: "Custom", policy_actions: [] }));
	await t.refused("permissions.policies.update", 403, sdk.permissions.policies.update(policy.id, { name: "Custom" }));
	await t.refused("permissions.policies.remove", 403, sdk.permissions.policies.remove(policy.id));
}

export async function register(t) {
	t.test("identity, organizations, users and permissions through the SDK", async () => {
		const server = await Server.start("identity");
		try {
			const sdk = t.sdk(server);
			await identity(t, server, sdk);
			await organizations(t, server, sdk);
			await users(t, server, sdk);
			await permissions(t, server, sdk);
		} finally {
			await server.stop();
		}
	});
}
