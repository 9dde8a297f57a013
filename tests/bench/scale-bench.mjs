// Scale-out benchmark: figures, not pass/fail (tests/scale/scale.mjs is the correctness test).
//   bash tests/bench/scale-bench.sh [syncs] [bulk rows] [model rows]     (defaults 12, 80000, 60000; after a build)
// In one run, on the test PostgreSQL that the .sh wrapper starts:
//   1. runs per minute: `syncs` syncs (half bulk snapshot, half model updateOrCreate, one source
//      table each) started at once through the API, with 1 worker process, then the same on fresh
//      tables with 2 worker processes (each with SYNC_CONCURRENCY, default 2), timed from the
//      first start to the last completed run; the ratio;
//   2. claim latency: queued -> claimed (the executions' created_at -> started_at), p50 and p95,
//      with idle workers, over 20 runs started one at a time;
//   3. lease recovery: a bulk sync of a larger table, its worker killed (SIGKILL) a second into
//      the run: the time until the other worker claims it, against SYNC_LEASE_SECONDS.
import { Cluster, Workload, licensedEnvironment, psqlInBackground, until, sleep, percentile } from "../scale/lib/cluster.mjs";

const SYNCS = Number(process.argv[2] || 12);
const BULK_ROWS = Number(process.argv[3] || 80000);
const MODEL_ROWS = Number(process.argv[4] || 60000);
const CONCURRENCY = process.env.SYNC_CONCURRENCY || "2";
const LEASE = process.env.SYNC_LEASE_SECONDS || "30";
const env = { ...licensedEnvironment(), SYNC_CONCURRENCY: CONCURRENCY, SYNC_LEASE_SECONDS: LEASE, LOG_LEVEL: "warning" };

async function syncsOf(workload, web) {
	await workload.connect(web);
	for (let i = 1; i <= SYNCS / 2; ++i) {
		await workload.bulkSync(i);
		await workload.modelSync(i);
	}
}

async function finished(database, ids) {
	return until("every run to end", async () => {
		const rows = (await Workload.executionRows(database)).filter((e) => ids.has(e.id));
		return rows.length === ids.size && rows.every((e) => e.completed) ? rows : null;
	}, 600000, 100);
}

/// Runs per minute of every sync of `workload` started at once.
async function throughput(workers) {
	const workload = new Workload(`bench${workers}`);
	await workload.fill(SYNCS / 2, BULK_ROWS, SYNCS / 2, MODEL_ROWS);
	const cluster = await Cluster.start(`bench${workers}`, ["web", ...Array(workers).fill("worker")], env);
	try {
		await syncsOf(workload, cluster.first);
		const began = Date.now();
		const started = await Promise.all(workload.syncs.map((s) => workload.start(cluster.first, s)));
		const ids = new Set(started.map((r) => r.body.data.id));
		const rows = await finished(cluster.database, ids);
		const seconds = (Math.max(...rows.map((e) => e.completed)) * 1000 - began) / 1000;
		const failed = rows.filter((e) => e.status !== "completed");
		if (failed.length) throw new Error(`runs failed: ${JSON.stringify(failed)}`);
		return { seconds, perMinute: (rows.length / seconds) * 60, cluster, workload };
	} catch (e) {
		await cluster.stop();
		workload.drop();
		throw e;
	}
}

const one = await throughput(1);
await one.cluster.stop();
one.workload.drop();
console.log(`1 worker:  ${SYNCS} runs in ${one.seconds.toFixed(1)} s: ${one.perMinute.toFixed(1)} runs/min`);
const two = await throughput(2);
console.log(`2 workers: ${SYNCS} runs in ${two.seconds.toFixed(1)} s: ${two.perMinute.toFixed(1)} runs/min`);
console.log(`ratio 2/1: ${(two.perMinute / one.perMinute).toFixed(2)} (SYNC_CONCURRENCY=${CONCURRENCY} per worker, ${SYNCS / 2} bulk syncs of ${BULK_ROWS} rows, ${SYNCS / 2} model syncs of ${MODEL_ROWS})`);

const { cluster, workload } = two;
try {
	// 2. Claim latency with idle workers: the model syncs again (nothing changed, so short runs), one at a time.
	const ids = new Set();
	const models = workload.syncs.filter((s) => s.kind === "model");
	for (let n = 0; n < 20; ++n) {
		const r = await workload.start(cluster.first, models[n % models.length]);
		ids.add(r.body.data.id);
		await finished(cluster.database, new Set([r.body.data.id]));
		await sleep(200);
	}
	const latency = (await Workload.executionRows(cluster.database)).filter((e) => ids.has(e.id)).map((e) => (e.started - e.created) * 1000);
	console.log(`claim latency (queued -> claimed, idle workers, ${latency.length} runs): p50 ${percentile(latency, 50).toFixed(1)} ms, ` +
		`p95 ${percentile(latency, 95).toFixed(1)} ms`);

	// 3. Lease recovery: a larger table, its worker killed a second into the run.
	await psqlInBackground(workload.source, `CREATE TABLE public.b999 (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), updated_at timestamptz NOT NULL);
		INSERT INTO public.b999 SELECT g, 'item ' || g, g * 0.25, now() FROM generate_series(1, ${BULK_ROWS * 20}) g`);
	const big = await workload.bulkSync(999);
	const run = (await workload.start(cluster.first, big)).body.data.id;
	const claimed = await until("the large run to be claimed", async () => (await Workload.executionRows(cluster.database)).find((e) => e.id === run && e.worker));
	await sleep(1000);
	const victim = Cluster.workerOf(claimed, cluster.live("worker"));
	await cluster.kill(victim);
	const killedAt = Date.now();
	await until("the other worker to claim it", async () => (await Workload.executionRows(cluster.database)).find((e) => e.id === run && e.worker !== claimed.worker),
		600000, 50);
	const recovery = (Date.now() - killedAt) / 1000;
	const [done] = await finished(cluster.database, new Set([run]));
	console.log(`lease recovery: claimed again ${recovery.toFixed(1)} s after its worker was killed (SYNC_LEASE_SECONDS=${LEASE}); ` +
		`attempts ${done.attempts}, ${done.status}; the whole run ${(done.completed - done.created).toFixed(1)} s`);
} finally {
	await cluster.stop();
	workload.drop();
}
