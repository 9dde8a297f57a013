//
// SyncRunner.cpp
//


#include "engine/SyncRunner.h"
#include "engine/ModelService.h"
#include <algorithm>


namespace polytomic {
namespace engine {


SyncRunner::SyncRunner(store::SyncRepository& syncs, store::ModelRepository& models, store::ConnectionRepository& connections,
	ConnectionService& connectionService, const plugins::PluginCatalog& catalog, const plugins::Executor& executor,
	store::ExecutionLogRepository& logs, cache::Cache* cache, int leaseSeconds, RetryPolicy retry, WebhookService* events, bool recordLogs):
	ExecutionRunner(syncs.executions(), logs, cache, leaseSeconds, retry),
	_syncs(syncs),
	_models(models),
	_connections(connections),
	_connectionService(connectionService),
	_catalog(catalog),
	_executor(executor),
	_events(events),
	_recordLogs(recordLogs)
{
}


json::Value SyncRunner::initialDetail(const store::ExecutionRecord&) const
{
	// Empty: the counts stored so far (earlier attempts, and this one's batches as the
	// target accepts them) stay in the execution, as every write of the detail merges.
	return json::Value::object();
}


namespace
{
	int64_t written(const json::Value& counts)
	{
		return counts.getInt64("insert", 0) + counts.getInt64("update", 0);
	}


	json::Value runCounts(const json::Value& stored, const json::Value& before, const json::Value& attempt)
		/// The counts of the whole run: what reached the target, across attempts, as
		/// its batches recorded it (stored); how many records the model had (this
		/// attempt's pass), and of those, how many no attempt had to write.
	{
		json::Value counts = stored.isObject() ? stored : json::Value::object();
		for (const char* key: {"insert", "update", "delete", "error", "upserts"}) counts.set(key, stored.getInt64(key, 0));
		counts.set("total", attempt.getInt64("total", 0));
		counts.set("warnings", attempt.getInt64("warnings", 0));
		counts.set("unchanged", std::max<int64_t>(0, attempt.getInt64("unchanged", 0) - written(before)));
		return counts;
	}
}


void SyncRunner::announce(const store::ExecutionRecord& execution, const std::string& event, const std::optional<std::string>& error,
	const json::Value& detail)
{
	if (!_events) return;
	auto sync = _syncs.findById(execution.parentId);
	if (!sync) return;
	const json::Value counts = detail["counts"];
	json::Value payload = json::Value::object();
	payload.set("execution_id", execution.id);
	payload.set("sync_id", sync->id);
	payload.set("sync_name", sync->name);
	payload.set("target_connection_id", sync->targetConnectionId);
	payload.set("status", event == "completed_with_errors" ? std::string("completed") : event);
	payload.set("trigger", execution.trigger);
	if (error) payload.set("error", *error);
	payload.set("record_count", counts.getInt64("total", 0));
	payload.set("inserted_count", counts.getInt64("insert", 0));
	payload.set("updated_count", counts.getInt64("update", 0));
	payload.set("upserted_count", counts.getInt64("upserts", 0));
	payload.set("deleted_count", counts.getInt64("delete", 0));
	payload.set("error_count", counts.getInt64("error", 0));
	payload.set("warning_count", counts.getInt64("warnings", 0));
	_events->emit(sync->organizationId, "sync." + event, payload);
}


ExecutionRunner::Result SyncRunner::perform(Context& context)
{
	auto sync = _syncs.findById(context.execution.parentId);
	if (!sync) throw std::runtime_error("the sync was deleted");
	auto model = _models.find(sync->organizationId, sync->modelId);
	if (!model) throw std::runtime_error("the sync's model was deleted");
	auto source = _connections.find(sync->organizationId, model->connectionId);
	auto target = _connections.find(sync->organizationId, sync->targetConnectionId);
	if (!source || !target) throw std::runtime_error("a connection of this sync was deleted");
	const plugins::PluginManifest* sourceType = _catalog.find(source->type);
	const plugins::PluginManifest* targetType = _catalog.find(target->type);
	if (!sourceType || !targetType) throw std::runtime_error("a connection type of this sync is no longer loaded");

	const json::Value definition = json::Value::parse(sync->definition);
	const json::Value options = json::Value::parse(context.execution.options);
	json::Value read = modelReadSpec(json::Value::parse(model->configuration));
	read.set("batch_rows", 50000LL);
	json::Value from = json::Value::object();
	from.set("plugin", sourceType->path);
	from.set("config", _connectionService.configuration(*source));
	from.set("read", read);
	json::Value write = json::Value::object();
	write.set("object", definition["target"].getString("object"));
	json::Value to = json::Value::object();
	to.set("plugin", targetType->path);
	to.set("config", _connectionService.configuration(*target));
	to.set("write", write);
	json::Value spec = json::Value::object();
	for (const char* key: {"identity", "fields", "filters", "filter_logic", "overrides"}) spec.set(key, definition[key]);
	spec.set("tracking_columns", json::Value::parse(model->trackingColumns));
	json::Value run = json::Value::object();
	run.set("id", sync->id);
	run.set("execution_id", context.execution.id);
	run.set("mode", sync->mode);
	run.set("spec", spec);
	run.set("resync", options.getBool("resync", false) || definition.getBool("sync_all_records", false));
	run.set("test_records", options.getInt64("test_records", 0));
	run.set("identities", options["identities"].isArray() ? options["identities"] : json::Value::array());
	run.set("record_logs", _recordLogs);
	json::Value request = json::Value::object();
	request.set("operation", "sync");
	request.set("source", from);
	request.set("destination", to);
	request.set("sync", run);

	context.log.info("reading model " + model->name + " from " + source->name + "; writing " + write.getString("object") + " of " + target->name +
		" in " + sync->mode + " mode" + (run.getBool("resync", false) ? " (resync: every record)" : "") +
		(run.getInt64("test_records", 0) ? " (test: the first " + std::to_string(run.getInt64("test_records", 0)) + " records)" : ""));
	// The worker keeps the change ledger; the executor, which runs plugin code, asks it over its pipe.
	store::SyncLedger ledger = _syncs.ledger(sync->id, context.execution.id);
	plugins::LedgerKeeper keeper(ledger);
	const auto tokens = _connectionService.tokensFor({{"source", *source}, {"destination", *target}});
	const json::Value result = runSignedIn(_executor, request, &context.cancel, &keeper, tokens.get());
	auto stored = queue().findById(context.execution.id);
	const json::Value before = json::Value::parse(context.execution.detail)["counts"];
	const json::Value counts = runCounts(stored ? json::Value::parse(stored->detail)["counts"] : result["counts"], before, result["counts"]);
	context.detail.set("counts", counts);
	context.detail.set("errors", result["errors"]);
	context.detail.set("peak_rss_bytes", result["peak_rss_bytes"]);
	saveProgress(context);
	context.log.info(std::to_string(counts.getInt64("total", 0)) + " records considered: " + std::to_string(counts.getInt64("insert", 0)) +
		" inserted, " + std::to_string(counts.getInt64("update", 0)) + " updated, " + std::to_string(counts.getInt64("delete", 0)) + " deleted, " +
		std::to_string(counts.getInt64("unchanged", 0)) + " unchanged, " + std::to_string(counts.getInt64("error", 0)) + " rejected");
	const json::Value& t = result["timings"];
	context.log.info("time spent waiting for the source " + std::to_string(t.getInt64("waiting_for_source_ms", 0)) + " ms, mapping " +
		std::to_string(t.getInt64("mapping_ms", 0)) + " ms, writing to the target " + std::to_string(t.getInt64("writing_ms", 0)) +
		" ms, waiting for the ledger and logs " + std::to_string(t.getInt64("ledger_wait_ms", 0)) + " ms");
	Result outcome;
	outcome.withErrors = counts.getInt64("error", 0) > 0;
	return outcome;
}


} } // namespace polytomic::engine
