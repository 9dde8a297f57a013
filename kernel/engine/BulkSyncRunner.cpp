//
// BulkSyncRunner.cpp
//


#include "engine/BulkSyncRunner.h"
#include "plugins/PluginError.h"
#include "Poco/Logger.h"
#include <algorithm>
#include <condition_variable>
#include <thread>


namespace polytomic {
namespace engine {


namespace
{
	std::string tableName(const std::string& objectId)
	{
		const auto dot = objectId.rfind('.');
		return dot == std::string::npos ? objectId : objectId.substr(dot + 1);
	}


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


	class Heartbeat
		/// Renews the execution's lease while the work runs, and notices a
		/// cancellation request or a lost lease.
	{
	public:
		Heartbeat(store::BulkSyncRepository& syncs, const std::string& executionId, const std::string& worker, const std::atomic<bool>& stopping,
			int leaseSeconds):
			_thread([&, executionId, worker, leaseSeconds] {
				std::unique_lock<std::mutex> lock(_mutex);
				while (!_done)
				{
					_wake.wait_for(lock, std::chrono::milliseconds(std::min(2000, leaseSeconds * 1000 / 3)));
					if (_done) break;
					std::string status;
					try
					{
						status = syncs.renew(executionId, worker, leaseSeconds);
					}
					catch (const std::exception&)
					{
						continue; // the database is away: the lease lasts a while yet
					}
					if (status == "canceling") cancelRequested = true;
					if (status.empty()) leaseLost = true;
					if (cancelRequested || leaseLost || stopping) cancel = true;
				}
			})
		{
		}

		~Heartbeat()
		{
			{
				std::lock_guard<std::mutex> lock(_mutex);
				_done = true;
			}
			_wake.notify_all();
			_thread.join();
		}

		std::atomic<bool> cancel{false};
		std::atomic<bool> cancelRequested{false};
		std::atomic<bool> leaseLost{false};

	private:
		std::mutex _mutex;
		std::condition_variable _wake;
		bool _done = false;
		std::thread _thread;
	};
}


BulkSyncRunner::BulkSyncRunner(store::BulkSyncRepository& syncs, store::ConnectionRepository& connections,
	ConnectionService& connectionService, const plugins::PluginCatalog& catalog, const plugins::Executor& executor, int leaseSeconds, WebhookService* events):
	_syncs(syncs),
	_connections(connections),
	_connectionService(connectionService),
	_catalog(catalog),
	_executor(executor),
	_leaseSeconds(leaseSeconds),
	_events(events)
{
}


int BulkSyncRunner::leaseSeconds() const
{
	return _leaseSeconds;
}


BulkSyncRunner::Outcome BulkSyncRunner::run(const store::BulkSyncRepository::Claim& claim, const std::string& worker,
	const std::atomic<bool>& stopping)
{
	Poco::Logger& logger = Poco::Logger::get("polytomic.worker");
	const store::BulkSyncRecord& sync = claim.sync;
	const std::string executionId = claim.execution.id;
	if (claim.execution.status == "canceling")
	{
		_syncs.finish(executionId, "canceled", std::nullopt, claim.execution.schemas);
		return Outcome::FINISHED;
	}
	const auto announce = [&](const std::string& status, const std::optional<std::string>& error, const json::Value& schemas) {
		if (!_events) return;
		json::Value payload = json::Value::object();
		payload.set("execution_id", executionId);
		payload.set("bulk_sync_id", sync.id);
		payload.set("name", sync.name);
		payload.set("status", status);
		if (error) payload.set("error", *error);
		payload.set("schemas", schemas);
		const std::string type = status == "completed" || status == "failed" || status == "canceled" || status == "running" ?
			"bulk_sync." + status : "bulk_sync.completed_with_error";
		_events->emit(sync.organizationId, type, payload);
	};
	logger.information("bulk sync " + sync.id + ": execution " + executionId + " started");
	announce("running", std::nullopt, json::Value::array());
	Heartbeat heartbeat(_syncs, executionId, worker, stopping, _leaseSeconds);

	json::Value results = json::Value::array();
	int failures = 0;
	try
	{
		auto source = _connections.find(sync.organizationId, sync.sourceConnectionId);
		auto destination = _connections.find(sync.organizationId, sync.destinationConnectionId);
		if (!source || !destination) throw std::runtime_error("a connection of this bulk sync was deleted");
		const plugins::PluginManifest* sourceType = _catalog.find(source->type);
		const plugins::PluginManifest* destinationType = _catalog.find(destination->type);
		if (!sourceType || !destinationType) throw std::runtime_error("a connection type of this bulk sync is no longer loaded");
		const json::Value sourceConfig = _connectionService.configuration(*source);
		const json::Value destinationConfig = _connectionService.configuration(*destination);

		plugins::Executor::Limits shortLimits;
		shortLimits.timeout = std::chrono::milliseconds(120000);
		json::Value discoverRequest = json::Value::object();
		discoverRequest.set("plugin", sourceType->path);
		discoverRequest.set("operation", "discover");
		discoverRequest.set("config", sourceConfig);
		const json::Value catalog = _executor.run(discoverRequest, shortLimits, &heartbeat.cancel);
		const std::string destinationSchema = json::Value::parse(sync.destinationConfiguration).getString("schema");

		const json::Value schemas = json::Value::parse(sync.schemas);
		for (const auto& selected: schemas.items())
		{
			const std::string objectId = selected.getString("id");
			json::Value result = json::Value::object();
			result.set("id", objectId);
			try
			{
				if (heartbeat.cancel) throw plugins::ExecutorFailure("cancelled");
				const json::Value* object = findObject(catalog, objectId);
				if (!object) throw std::runtime_error("the source has no object '" + objectId + "'");
				if ((*object)["primary_key"].size() == 0)
					throw std::runtime_error("'" + objectId + "' has no primary key; a bulk sync needs one to keep the destination exact");
				const bool replicate = sync.mode == "replicate";
				json::Value read = json::Value::object();
				read.set("object", objectId);
				const std::string tracking = trackingField(*object, selected);
				if (replicate && !tracking.empty())
				{
					read.set("tracking_field", tracking);
					if (auto state = _syncs.state(sync.id, objectId)) read.set("state", json::Value::parse(*state));
				}
				json::Value write = json::Value::object();
				write.set("object", destinationSchema.empty() ? tableName(objectId) : destinationSchema + "." + tableName(objectId));
				write.set("mode", replicate ? POLYTOMIC_MODE_UPDATE_OR_CREATE : POLYTOMIC_MODE_SNAPSHOT);
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
				plugins::Executor::Limits limits;
				limits.timeout = std::chrono::hours(6);
				const json::Value copied = _executor.run(copy, limits, &heartbeat.cancel);
				if (replicate && copied.getBool("complete", false) && !copied["state"].isNull())
					_syncs.saveState(sync.id, objectId, copied["state"].dump());
				result.set("status", copied.getInt64("records_rejected", 0) > 0 ? "completed_with_errors" : "completed");
				result.set("records", copied["records_written"]);
				result.set("peak_rss_bytes", copied["peak_rss_bytes"]);
				result.set("errors", copied["records_rejected"]);
				if (copied["rejections"].size() > 0) result.set("error_sample", copied["rejections"]);
			}
			catch (const std::exception& e)
			{
				if (heartbeat.cancel) throw;
				++failures;
				result.set("status", "failed");
				result.set("error", std::string(e.what()));
			}
			results.push(result);
			_syncs.progress(executionId, results.dump());
		}
	}
	catch (const std::exception& e)
	{
		if (heartbeat.leaseLost) return Outcome::RELEASED; // another worker has it now
		if (heartbeat.cancelRequested)
		{
			_syncs.finish(executionId, "canceled", std::nullopt, results.dump());
			announce("canceled", std::nullopt, results);
			logger.information("bulk sync " + sync.id + ": execution " + executionId + " canceled");
			return Outcome::FINISHED;
		}
		if (stopping)
		{
			_syncs.requeue(executionId, worker);
			return Outcome::RELEASED;
		}
		_syncs.finish(executionId, "failed", std::string(e.what()), results.dump());
		announce("failed", std::string(e.what()), results);
		_syncs.queueDependents(sync.id, false);
		logger.warning("bulk sync " + sync.id + ": execution " + executionId + " failed: " + e.what());
		return Outcome::FINISHED;
	}
	const std::size_t total = results.size();
	const std::optional<std::string> error = failures ?
		std::optional<std::string>(std::to_string(failures) + " of " + std::to_string(total) + " objects failed") : std::nullopt;
	_syncs.finish(executionId, failures ? "failed" : "completed", error, results.dump());
	bool rejections = false;
	for (const auto& r: results.items()) rejections = rejections || r.getString("status") == "completed_with_errors";
	announce(failures ? "failed" : rejections ? "completed_with_error" : "completed", error, results);
	try
	{
		if (const int next = _syncs.queueDependents(sync.id, failures == 0))
			logger.information("bulk sync " + sync.id + ": queued " + std::to_string(next) + " bulk sync(s) that run after it");
	}
	catch (const std::exception& e)
	{
		logger.warning(std::string("could not queue the bulk syncs that run after ") + sync.id + ": " + e.what());
	}
	logger.information("bulk sync " + sync.id + ": execution " + executionId + (failures ? " failed" : " completed"));
	return Outcome::FINISHED;
}


} } // namespace polytomic::engine
