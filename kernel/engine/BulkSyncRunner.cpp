//
// BulkSyncRunner.cpp
//


#include "engine/BulkSyncRunner.h"
#include "engine/SchemaService.h"
#include "engine/BulkSyncService.h"
#include "plugins/PluginError.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Logger.h"
#include <algorithm>
#include <set>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>


namespace polytomic {
namespace engine {


namespace
{
	std::string trackingField(const json::Value& object, const json::Value& selected)
		/// The field chosen for the schema, else a modification time, else the first candidate.
	{
		if (!selected.getString("tracking_field").empty()) return selected.getString("tracking_field");
		const json::Value& candidates = object["tracking_fields"];
		for (const char* preferred: {"updated_at", "modified_at", "last_modified", "updated", "modified"})
			for (const auto& c: candidates.items())
				if (c.asString() == preferred) return preferred;
		for (const auto& c: candidates.items())
			for (const auto& f: object["fields"].items())
				if (f.getString("name") == c.asString() && f.getString("type") == "timestamp") return c.asString();
		return candidates.size() ? candidates[0].asString() : std::string();
	}


	const json::Value* findObject(const json::Value& catalog, const std::string& id)
	{
		for (const auto& o: catalog["objects"].items())
			if (o.getString("id") == id) return &o;
		return nullptr;
	}


	json::Value resultOf(const json::Value& results, const std::string& objectId)
		/// The entry of the object in the execution's per-schema results (null when it has none yet).
	{
		for (const auto& r: results.items())
			if (r.getString("id") == objectId) return r;
		return json::Value();
	}


	void putResult(json::Value& results, const json::Value& result)
		/// Replaces the entry of the same object, or adds it.
	{
		json::Value updated = json::Value::array();
		bool replaced = false;
		for (const auto& r: results.items())
		{
			const bool same = r.getString("id") == result.getString("id");
			updated.push(same ? result : r);
			replaced = replaced || same;
		}
		if (!replaced) updated.push(result);
		results = updated;
	}


	std::string now()
	{
		return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT);
	}


	bool listed(const json::Value& list, const std::string& id)
	{
		if (!list.isArray()) return false;
		for (const auto& item: list.items())
			if (item.isString() && item.asString() == id) return true;
		return false;
	}


	class SchemaCancelWatch
		/// While one object is copied: a cancel flag of its own for the executor,
		/// raised when the whole run is canceled, or when that object alone is
		/// (POST .../schemas/{id}/cancel), which it looks for once a second.
	{
	public:
		SchemaCancelWatch(store::BulkSyncRepository& syncs, const std::string& executionId, const std::string& objectId,
			const std::atomic<bool>& run):
			_thread([this, &syncs, executionId, objectId, &run] {
				std::unique_lock<std::mutex> lock(_mutex);
				while (!_done && !_flag)
				{
					_wake.wait_for(lock, std::chrono::milliseconds(200));
					if (run) _flag = true;
					else if (++_ticks % 5 == 0 && !_done)
					{
						lock.unlock();
						bool alone = false;
						try
						{
							alone = syncs.schemaCancelRequested(executionId, objectId);
						}
						catch (const std::exception&)
						{
							// The database is away for a moment: the next look will tell.
						}
						lock.lock();
						if (alone) _alone = _flag = true;
					}
				}
			})
		{
		}

		~SchemaCancelWatch()
		{
			{
				std::lock_guard<std::mutex> lock(_mutex);
				_done = true;
			}
			_wake.notify_all();
			_thread.join();
		}

		const std::atomic<bool>* flag() const { return &_flag; }
		bool alone() const { return _alone; }

	private:
		std::mutex _mutex;
		std::condition_variable _wake;
		bool _done = false;
		int _ticks = 0;
		std::atomic<bool> _flag{false};
		std::atomic<bool> _alone{false};
		std::thread _thread;
	};


	bool alreadyCopied(const json::Value& result)
	{
		if (!result.isObject()) return false;
		const std::string status = result.getString("status");
		return status == "completed" || status == "completed_with_errors";
	}
}


BulkSyncRunner::BulkSyncRunner(store::BulkSyncRepository& syncs, store::ConnectionRepository& connections,
	ConnectionService& connectionService, const plugins::PluginCatalog& catalog, const plugins::Executor& executor,
	store::ExecutionLogRepository& logs, cache::Cache* cache, int leaseSeconds, RetryPolicy retry, WebhookService* events,
	store::SchemaRepository* schemaOverrides):
	ExecutionRunner(syncs.executions(), logs, cache, leaseSeconds, retry),
	_syncs(syncs),
	_connections(connections),
	_connectionService(connectionService),
	_catalog(catalog),
	_executor(executor),
	_events(events),
	_schemaOverrides(schemaOverrides)
{
}


json::Value BulkSyncRunner::initialDetail(const store::ExecutionRecord& execution) const
{
	// A retried execution keeps what its earlier attempts recorded of each object.
	const json::Value recorded = json::Value::parse(execution.detail);
	return recorded.isArray() ? recorded : json::Value::array();
}


void BulkSyncRunner::announce(const store::ExecutionRecord& execution, const std::string& event, const std::optional<std::string>& error,
	const json::Value& detail)
{
	if (!_events) return;
	auto sync = _syncs.findById(execution.parentId);
	if (!sync) return;
	json::Value payload = json::Value::object();
	payload.set("execution_id", execution.id);
	payload.set("bulk_sync_id", sync->id);
	payload.set("name", sync->name);
	payload.set("source_connection_id", sync->sourceConnectionId);
	payload.set("destination_connection_id", sync->destinationConnectionId);
	payload.set("trigger_source", execution.trigger);
	payload.set("status", event == "completed_with_errors" ? std::string("completed") : event);
	if (error) payload.set("error", *error);
	payload.set("schemas", detail.isArray() ? detail : json::Value::array());
	_events->emit(sync->organizationId, event == "completed_with_errors" ? "bulk_sync.completed_with_error" : "bulk_sync." + event, payload);
}


ExecutionRunner::Result BulkSyncRunner::perform(Context& context)
{
	auto found = _syncs.findById(context.execution.parentId);
	if (!found) throw std::runtime_error("the bulk sync was deleted");
	const store::BulkSyncRecord& sync = *found;
	json::Value& results = context.detail;
	int failures = 0;
	auto source = _connections.find(sync.organizationId, sync.sourceConnectionId);
	auto destination = _connections.find(sync.organizationId, sync.destinationConnectionId);
	if (!source || !destination) throw std::runtime_error("a connection of this bulk sync was deleted");
	const plugins::PluginManifest* sourceType = _catalog.find(source->type);
	const plugins::PluginManifest* destinationType = _catalog.find(destination->type);
	if (!sourceType || !destinationType) throw std::runtime_error("a connection type of this bulk sync is no longer loaded");
	const json::Value sourceConfig = _connectionService.configuration(*source);
	const json::Value destinationConfig = _connectionService.configuration(*destination);

	json::Value discoverRequest = json::Value::object();
	discoverRequest.set("plugin", sourceType->path);
	discoverRequest.set("operation", "discover");
	discoverRequest.set("config", sourceConfig);
	context.log.info("discovering the objects of " + source->name);
	const auto tokens = _connectionService.tokensFor({{"", *source}, {"source", *source}, {"destination", *destination}});
	const json::Value discovered = runSignedIn(_executor, discoverRequest, &context.cancel, nullptr, tokens.get());
	const json::Value catalog = _schemaOverrides ?
		SchemaService::withOverrides(discovered, _schemaOverrides->overrides(sync.sourceConnectionId)) : discovered;
	const std::string destinationSchema = json::Value::parse(sync.destinationConfiguration).getString("schema");

	const json::Value schemas = json::Value::parse(sync.schemas);
	const json::Value options = json::Value::parse(context.execution.options);
	for (const auto& selected: schemas.items())
	{
		const std::string objectId = selected.getString("id");
		// Disabled schemas, and those a run started for some schemas only left out, are not part of the run.
		if (!selected.getBool("enabled", true) || (options["schemas"].size() && !listed(options["schemas"], objectId))) continue;
		if (alreadyCopied(resultOf(results, objectId)))
		{
			context.log.info(objectId + ": copied by an earlier attempt of this execution");
			continue;
		}
		const std::string outputName = BulkSyncService::outputName(selected);
		json::Value result = json::Value::object();
		result.set("id", objectId);
		result.set("output_name", outputName);
		result.set("attempt", static_cast<long long>(context.execution.attempts));
		result.set("started_at", now());
		const auto settle = [&](const char* status, const std::string& message) {
			/// Ends this object's part of the run without a copy (or with an abandoned one).
			result.set("status", status);
			result.set("completed_at", now());
			putResult(results, result);
			saveProgress(context);
			context.log.info(objectId + ": " + message);
		};
		if (_syncs.schemaCancelRequested(context.execution.id, objectId))
		{
			settle("canceled", "canceled before its turn (POST .../schemas/{id}/cancel)");
			continue;
		}
		// The run shows each object's state as it goes, also when an attempt dies in the middle.
		result.set("status", "running");
		putResult(results, result);
		saveProgress(context);
		try
		{
			if (context.cancel) throw plugins::ExecutorFailure("cancelled");
			const json::Value* object = findObject(catalog, objectId);
			if (!object) throw std::runtime_error("the source has no object '" + objectId + "'");
			if ((*object)["primary_key"].size() == 0)
				throw std::runtime_error("'" + objectId + "' has no primary key; a bulk sync needs one to keep the destination exact");
			if (options.getBool("test", false))
			{
				// A test run checks what the source offers and writes nothing.
				result.set("records", 0LL);
				result.set("errors", 0LL);
				settle("completed", "found with its primary key (test run: nothing copied)");
				continue;
			}
			const bool replicate = sync.mode == "replicate";
			json::Value read = json::Value::object();
			read.set("object", objectId);
			if (selected["fields"].isArray())
			{
				// The chosen fields, and always the primary key (which matches rows) and the tracking field.
				json::Value fields = json::Value::array();
				std::set<std::string> chosen;
				const auto add = [&](const std::string& name) {
					if (!name.empty() && chosen.insert(name).second) fields.push(name);
				};
				for (const auto& k: (*object)["primary_key"].items()) add(k.asString());
				for (const auto& f: selected["fields"].items()) add(f.asString());
				if (replicate) add(trackingField(*object, selected));
				for (const auto& name: chosen)
				{
					bool known = false;
					for (const auto& f: (*object)["fields"].items()) known = known || f.getString("name") == name;
					if (!known) throw std::runtime_error("'" + objectId + "' has no field '" + name + "'");
				}
				read.set("fields", fields);
			}
			const std::string tracking = trackingField(*object, selected);
			if (replicate && !tracking.empty())
			{
				read.set("tracking_field", tracking);
				// A resync reads everything again, then saves the state it reached.
				if (auto state = _syncs.state(sync.id, objectId); state && !options.getBool("resync", false))
					read.set("state", json::Value::parse(*state));
			}
			json::Value write = json::Value::object();
			write.set("object", destinationSchema.empty() ? outputName : destinationSchema + "." + outputName);
			write.set("mode", static_cast<long long>(BulkSyncService::writeMode(sync.mode)));
			write.set("identity", (*object)["primary_key"]);

			json::Value copy = json::Value::object();
			copy.set("operation", "copy");
			json::Value from = json::Value::object();
			from.set("plugin", sourceType->path);
			from.set("config", sourceConfig);
			from.set("read", read);
			json::Value to = json::Value::object();
			to.set("plugin", destinationType->path);
			to.set("config", destinationConfig);
			to.set("write", write);
			copy.set("source", from);
			copy.set("destination", to);
			context.log.info("copying " + objectId + " into " + write.getString("object") + (read["state"].isNull() ? "" : " from its saved state"));
			json::Value copied;
			{
				SchemaCancelWatch watch(_syncs, context.execution.id, objectId, context.cancel);
				try
				{
					copied = runSignedIn(_executor, copy, watch.flag(), nullptr, tokens.get());
				}
				catch (const plugins::ExecutorFailure&)
				{
					if (!watch.alone() || context.cancel) throw;
					settle("canceled", "canceled while it was being copied; the run goes on with the others");
					continue;
				}
			}
			if (replicate && copied.getBool("complete", false) && !copied["state"].isNull())
				_syncs.saveState(sync.id, objectId, copied["state"].dump());
			result.set("status", copied.getInt64("records_rejected", 0) > 0 ? "completed_with_errors" : "completed");
			result.set("records", copied["records_written"]);
			result.set("peak_rss_bytes", copied["peak_rss_bytes"]);
			result.set("errors", copied["records_rejected"]);
			result.set("completed_at", now());
			if (copied["rejections"].size() > 0) result.set("error_sample", copied["rejections"]);
			context.log.info(objectId + ": " + std::to_string(copied.getInt64("records_written", 0)) + " records written, " +
				std::to_string(copied.getInt64("records_rejected", 0)) + " rejected");
		}
		catch (const std::exception& e)
		{
			result.set("status", context.cancel ? "canceled" : "failed");
			result.set("error", std::string(e.what()));
			result.set("completed_at", now());
			putResult(results, result);
			// One object failing does not stop the others, unless the executor itself
			// failed (crashed, killed, timed out): that ends the execution, which may be retried.
			if (context.cancel || dynamic_cast<const plugins::ExecutorFailure*>(&e)) throw;
			++failures;
			context.log.error(objectId + ": " + e.what());
		}
		if (alreadyCopied(result)) putResult(results, result);
		saveProgress(context);
	}
	Result outcome;
	if (failures)
	{
		outcome.status = "failed";
		outcome.error = std::to_string(failures) + " of " + std::to_string(results.size()) + " objects failed";
	}
	for (const auto& r: results.items()) outcome.withErrors = outcome.withErrors || r.getString("status") == "completed_with_errors";
	return outcome;
}


} } // namespace polytomic::engine
