//
// ServerMetrics.cpp
//


#include "app/ServerMetrics.h"
#include "plugins/Executor.h"
#include "telemetry/Tracer.h"
#include <map>


namespace polytomic {
namespace app {


namespace
{
	using Family = telemetry::Metrics::Family;

	const char* KINDS[] = {"sync", "bulk_sync"};


	void collectExecutions(std::string& out, store::UsageRepository& usage)
	{
		const auto executions = usage.executionsByStatus();
		Family byStatus(out, "polytomic_executions", "Executions recorded in the deployment, by kind (sync, bulk_sync) and status.", "gauge");
		std::map<std::string, long long> queued{{"sync", 0}, {"bulk_sync", 0}};
		for (const auto& e: executions)
		{
			byStatus.sample({{"kind", e.kind}, {"status", e.status}}, static_cast<double>(e.count));
			if (e.status == "queued") queued[e.kind] += e.count;
		}
		Family depth(out, "polytomic_execution_queue_depth", "Executions waiting for a worker, by kind.", "gauge");
		for (const char* kind: KINDS) depth.sample({{"kind", kind}}, static_cast<double>(queued[kind]));

		Family records(out, "polytomic_records_total",
			"Records of finished executions, by kind, direction (read, written) and result (ok, error).", "counter");
		for (const auto& r: usage.records())
			records.sample({{"kind", r.kind}, {"direction", r.direction}, {"result", r.result}}, static_cast<double>(r.count));
	}


	void collectPool(std::string& out, store::Database& database)
	{
		const std::size_t open = database.size(), idle = database.idle();
		Family connections(out, "polytomic_database_connections", "PostgreSQL connections of this process, by state (in_use, idle).", "gauge");
		connections.sample({{"state", "in_use"}}, static_cast<double>(open - std::min(open, idle)));
		connections.sample({{"state", "idle"}}, static_cast<double>(idle));
		Family size(out, "polytomic_database_connections_max", "The most PostgreSQL connections this process opens (DATABASE_POOL_SIZE).", "gauge");
		size.sample(database.poolSize());
	}


	void collectLicense(std::string& out, const license::LicenseGate& gate)
	{
		const Poco::JSON::Object::Ptr status = gate.describe();
		Family info(out, "polytomic_license_info", "The licence: mode (licensed, evaluation) and status (valid, expired_in_grace, expired, evaluation).",
			"gauge");
		info.sample({{"mode", status->getValue<std::string>("mode")}, {"status", status->getValue<std::string>("status")}}, 1);
		Family allowed(out, "polytomic_license_executions_allowed", "1 while the licence lets new executions start, else 0.", "gauge");
		allowed.sample(gate.allowsNewExecutions() ? 1 : 0);
		if (const auto days = gate.daysLeft())
		{
			Family left(out, "polytomic_license_remaining_seconds",
				"Seconds until the licence stops new executions (the end of its grace period; divide by 86400 for days); "
				"negative once past.", "gauge");
			left.sample(*days * 86400);
		}
	}


	void collectTracing(std::string& out)
	{
		const telemetry::Tracer* tracer = telemetry::Tracer::active();
		if (!tracer) return;
		Family sent(out, "polytomic_trace_spans_sent_total", "Spans the Datadog agent accepted (TRACING=true).", "counter");
		sent.sample(static_cast<double>(tracer->spansSent()));
		Family dropped(out, "polytomic_trace_spans_dropped_total",
			"Spans dropped: the Datadog agent was unreachable or refused them, or the buffer was full.", "counter");
		dropped.sample(static_cast<double>(tracer->spansDropped()));
	}
}


void addServerMetrics(telemetry::Metrics& metrics, store::Database& database, store::UsageRepository& usage,
	const license::LicenseGate& gate)
{
	plugins::Executor::countFailure("");
	metrics.addCollector([&usage](std::string& out) { collectExecutions(out, usage); });
	metrics.addCollector([&database](std::string& out) { collectPool(out, database); });
	metrics.addCollector([&gate](std::string& out) { collectLicense(out, gate); });
	metrics.addCollector(collectTracing);
}


} } // namespace polytomic::app
