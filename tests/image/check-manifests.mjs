// Checks the rendered Kubernetes manifests (kubectl kustomize docker/kubernetes) offline:
// every object against the Kubernetes API's schema of its kind (kubernetes-models, pinned in
// package-lock.json), then what an operator relies on: probes, resources, a disruption budget
// and network policies for every Deployment, and no secret in the ConfigMap.
//
//   node tests/image/check-manifests.mjs <rendered.yaml> <secret.example.yaml> <entrypoint.sh> [<other.yaml>...]
// (the others: example files kustomize does not apply, checked against their schema only)
//
// Prints one line per check ("ok   ..." or "FAIL ..."); exits 1 on any failure.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";

const MODELS = {
	"v1/ConfigMap": ConfigMap,
	"v1/Secret": Secret,
	"v1/Service": Service,
	"apps/v1/Deployment": Deployment,
	"batch/v1/Job": Job,
	"policy/v1/PodDisruptionBudget": PodDisruptionBudget,
	"networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
};
const ROLES = ["web", "worker", "scheduler"];

const [renderedPath, secretPath, entrypointPath, ...examplePaths] = process.argv.slice(2);
let failed = 0;

function check(name, problems) {
	const list = problems.filter(Boolean);
	console.log(list.length ? `FAIL ${name}: ${list.join("; ")}` : `ok   ${name}`);
	if (list.length) failed++;
}

function readObjects(path) {
	return parseAllDocuments(readFileSync(path, "utf8")).map((doc) => {
		if (doc.errors.length) throw new Error(`${path}: ${doc.errors[0].message}`);
		return doc.toJS();
	}).filter(Boolean);
}

function schemaProblem(object) {
	const Model = MODELS[`${object.apiVersion}/${object.kind}`];
	if (!Model) return `no schema known for ${object.apiVersion} ${object.kind}: add it to MODELS`;
	try {
		new Model(object).validate();
		return null;
	} catch (e) {
		return e.message;
	}
}

function selects(selector, labels) {
	return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
}

function label(object) {
	return `${object.kind} ${object.metadata?.name}`;
}

// The secret variables are those the entrypoint reads from NAME_FILE: one list, kept there.
function secretNames(entrypoint) {
	const match = /for name in ([^;]+);/.exec(readFileSync(entrypoint, "utf8"));
	if (!match) throw new Error(`${entrypoint}: the "for name in ..." list of secret variables was not found`);
	// A "$list" in it stands for names found at run time (the connectors' <TYPE>_CLIENT_SECRET): not a name.
	return match[1].replace(/\\\n/g, " ").split(/\s+/).filter((name) => name && !name.startsWith("$"));
}

const objects = readObjects(renderedPath);
const secretExample = readObjects(secretPath);
const secrets = secretNames(entrypointPath);
const deployments = objects.filter((o) => o.kind === "Deployment");
const policies = objects.filter((o) => o.kind === "NetworkPolicy");

// The schema check can fail: a Deployment with a string replica count is refused.
check("the schema check refuses a malformed Deployment", [
	schemaProblem({ ...deployments[0], spec: { ...deployments[0]?.spec, replicas: "two" } }) ? null : "it was accepted",
]);
const examples = examplePaths.flatMap(readObjects);
for (const object of [...objects, ...secretExample, ...examples]) check(`schema: ${label(object)}`, [schemaProblem(object)]);

check("one Deployment per role (web, worker, scheduler)", ROLES.map((role) => {
	const found = deployments.filter((d) => d.spec.template.spec.containers[0].env?.find((e) => e.name === "ROLE")?.value === role);
	return found.length === 1 ? null : `${found.length} Deployments with ROLE=${role}`;
}));

for (const d of deployments) {
	const pod = d.spec.template;
	const c = pod.spec.containers[0];
	const mounts = (c.volumeMounts ?? []).map((m) => m.mountPath);
	check(`${label(d)}: probes, resources, non-root, read-only root filesystem`, [
		...["startupProbe", "livenessProbe", "readinessProbe"].map((p) => (c[p]?.httpGet?.path ? null : `no ${p}`)),
		c.resources?.requests?.cpu && c.resources?.requests?.memory ? null : "no cpu and memory requests",
		c.resources?.limits?.memory ? null : "no memory limit",
		pod.spec.securityContext?.runAsNonRoot === true && pod.spec.securityContext?.runAsUser === 10001 ? null : "not run as uid 10001",
		c.securityContext?.readOnlyRootFilesystem === true ? null : "root filesystem not read-only",
		mounts.includes("/tmp") ? null : "no volume on /tmp (README.md: Deployment)",
		(c.envFrom ?? []).some((e) => e.secretRef?.name === "polytomic") ? null : "does not read the Secret \"polytomic\"",
	]);
	const budgets = objects.filter((o) => o.kind === "PodDisruptionBudget" && selects(o.spec.selector, pod.metadata.labels));
	check(`${label(d)}: a PodDisruptionBudget`, [budgets.length === 1 ? null : `${budgets.length} budgets select its pods`]);
	const egress = policies.filter((p) => p.spec.policyTypes.includes("Egress") && selects(p.spec.podSelector, pod.metadata.labels));
	const ingress = policies.filter((p) => p.spec.policyTypes.includes("Ingress") && selects(p.spec.podSelector, pod.metadata.labels));
	const open = ingress.flatMap((p) => p.spec.ingress ?? []);
	const isWeb = pod.metadata.labels["app.kubernetes.io/component"] === "web";
	check(`${label(d)}: network policies (egress limited, ingress ${isWeb ? "on the HTTP port only" : "none"})`, [
		egress.length ? null : "no egress policy selects its pods",
		egress.flatMap((p) => p.spec.egress ?? []).some((rule) => !rule.ports?.length) ? "an egress rule allows every port" : null,
		ingress.length ? null : "no ingress policy selects its pods",
		isWeb && !open.every((r) => r.ports?.length === 1 && r.ports[0].port === 5100) ? "ingress beyond port 5100" : null,
		!isWeb && open.length ? "takes ingress" : null,
	]);
}

const service = objects.find((o) => o.kind === "Service");
check("the Service sends traffic to the web pods only", [
	service ? null : "no Service",
	...deployments.map((d) => {
		const web = d.spec.template.metadata.labels["app.kubernetes.io/component"] === "web";
		return selects({ matchLabels: service?.spec.selector }, d.spec.template.metadata.labels) === web ? null : `${label(d)} ${web ? "not " : ""}selected`;
	}),
]);

const configMaps = objects.filter((o) => o.kind === "ConfigMap");
check("no secret in the ConfigMap, no Secret in what kustomize applies", [
	configMaps.length ? null : "no ConfigMap",
	...configMaps.flatMap((m) => Object.keys(m.data ?? {}).filter((k) => secrets.includes(k)).map((k) => `${label(m)} holds ${k}`)),
	...objects.filter((o) => o.kind === "Secret").map((o) => `${label(o)} is rendered: keep secrets out of kustomization.yaml`),
]);
check("secret.example.yaml names every secret the server reads", secrets
	.filter((name) => !["ENCRYPTION_KEY_PREVIOUS", "OIDC_CLIENT_SECRET"].includes(name))
	.map((name) => (secretExample[0]?.stringData?.[name] !== undefined ? null : `no ${name}`)));

process.exit(failed ? 1 : 0);
