//
// QueryRunner.cpp
//


#include "engine/QueryRunner.h"
#include <algorithm>
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "Poco/Logger.h"


namespace polytomic {
namespace engine {


QueryRunner::QueryRunner(store::QueryResultRepository& results, ConnectionService& connections, ModelService& models,
	const plugins::PluginCatalog& catalog):
	_results(results),
	_connections(connections),
	_models(models),
	_catalog(catalog),
	_thread([this] { loop(); })
{
}


QueryRunner::~QueryRunner()
{
	std::deque<Job> left;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopping = true;
		left.swap(_waiting);
	}
	_wake.notify_all();
	_thread.join();
	for (const auto& job: left)
	{
		try
		{
			_results.fail(job.id, "the server stopped before the query ran; run it again");
		}
		catch (const std::exception& e)
		{
			Poco::Logger::get("polytomic.queries").warning("query " + job.id + ": " + e.what());
		}
	}
}


store::QueryResultRecord QueryRunner::start(const std::string& organizationId, const std::string& connectionId, const std::string& caller,
	const std::string& query)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	if (query.empty() || characters(query) > MAX_QUERY_CHARACTERS)
		throw ValidationError("the query is not valid", {{"query", "is required (1-" + std::to_string(MAX_QUERY_CHARACTERS) + " characters)"}});
	const plugins::PluginManifest* manifest = _catalog.find(connection.type);
	if (!manifest || !manifest->isSource() || !(manifest->capabilities & POLYTOMIC_CAP_QUERY))
		throw ValidationError("the connection runs no queries", {{"connection_id", (manifest ? manifest->name : connection.type) +
			" connections do not run queries"}});
	std::lock_guard<std::mutex> lock(_mutex);
	const auto mine = std::count_if(_waiting.begin(), _waiting.end(),
		[&](const Job& job) { return job.organizationId == organizationId && job.caller == caller; });
	if (static_cast<std::size_t>(mine) >= MAX_WAITING_PER_CALLER)
		throw Busy(std::to_string(mine) + " of your queries are waiting to run; try again when they are done");
	if (_waiting.size() >= MAX_WAITING)
		throw Busy(std::to_string(_waiting.size()) + " queries are waiting to run; try again when they are done");
	store::QueryResultRecord record = _results.create(organizationId, connection.id, caller, LIFETIME_SECONDS);
	_waiting.push_back(Job{record.id, organizationId, connection.id, query, caller});
	_wake.notify_all();
	return record;
}


store::QueryResultRecord QueryRunner::get(const std::string& organizationId, const std::string& id, const std::string& caller)
{
	auto found = _results.find(organizationId, id);
	// Another caller's query is not shown (the SDK: only who started it sees it).
	if (!found || found->createdBy != caller) throw NotFound("no query " + id + " (results expire " +
		std::to_string(LIFETIME_SECONDS / 60) + " minutes after the query)");
	return *found;
}


json::Value QueryRunner::bounded(const json::Value& rows, std::size_t maxBytes, bool& truncated)
{
	json::Value kept = json::Value::array();
	std::size_t bytes = 2;
	truncated = false;
	for (const auto& row: rows.items())
	{
		const std::size_t size = row.dump().size() + 1;
		if (bytes + size > maxBytes)
		{
			truncated = true;
			break;
		}
		bytes += size;
		kept.push(row);
	}
	return kept;
}


void QueryRunner::run(const Job& job)
{
	ModelService::Input input;
	input.connectionId = job.connectionId;
	input.configuration = json::Value::object();
	input.configuration.set("query", job.query);
	try
	{
		// One row more than kept: whether the result was cut is known.
		const ModelService::Preview preview = _models.preview(job.organizationId, input, MAX_ROWS + 1);
		json::Value rows = json::Value::array();
		for (const auto& row: preview.sample.items())
			if (rows.size() < static_cast<std::size_t>(MAX_ROWS)) rows.push(row);
		bool cut = false;
		const json::Value kept = bounded(rows, MAX_BYTES, cut);
		json::Value fields = json::Value::array();
		for (const auto& f: preview.fields.items()) fields.push(f.getString("name"));
		_results.finish(job.id, fields.dump(), kept.dump(), static_cast<long long>(kept.size()));
	}
	catch (const ValidationError& e)
	{
		std::string detail;
		for (const auto& [field, problem]: e.fields()) detail += (detail.empty() ? ": " : "; ") + problem;
		_results.fail(job.id, std::string(e.what()) + detail);
	}
	catch (const std::exception& e)
	{
		_results.fail(job.id, e.what());
	}
}


void QueryRunner::loop()
{
	std::unique_lock<std::mutex> lock(_mutex);
	while (true)
	{
		_wake.wait(lock, [this] { return _stopping || !_waiting.empty(); });
		if (_stopping) return;
		const Job job = _waiting.front();
		_waiting.pop_front();
		lock.unlock();
		try
		{
			run(job);
		}
		catch (const std::exception& e)
		{
			Poco::Logger::get("polytomic.queries").warning("query " + job.id + ": " + e.what());
		}
		lock.lock();
	}
}


} } // namespace polytomic::engine
