//
// SyncExecutionHandlers.cpp
//


#include "http/SyncExecutionHandlers.h"
#include "http/ApiJson.h"
#include "http/ConsoleLogJson.h"
#include "http/HttpError.h"
#include "Poco/DateTime.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Timestamp.h"
#include <algorithm>


namespace polytomic {
namespace http {


namespace
{
	const std::vector<std::string> LOG_TYPES = {"records", "inserts", "updates", "deletes", "errors", "warnings"};
	const std::vector<std::string> FINISHED = {"completed", "failed", "canceled", "interrupted"};


	std::string logType(const std::string& type)
		/// 404 unless one of the SDK's V2ExecutionLogType.
	{
		if (std::find(LOG_TYPES.begin(), LOG_TYPES.end(), type) == LOG_TYPES.end())
			throw HttpError(404, "not_found", "no log '" + type + "'; the logs are records, inserts, updates, deletes, errors, warnings and console");
		return type;
	}


	long long fileStart(const std::string& filename)
		/// "<first chunk>.json" -> the chunk; -1 when the name is not one of a log file.
	{
		const std::size_t dot = filename.find(".json");
		if (dot == 0 || dot == std::string::npos || dot + 5 != filename.size() || dot > 18) return -1;
		const std::string digits = filename.substr(0, dot);
		if (digits.find_first_not_of("0123456789") != std::string::npos) return -1;
		return std::stoll(digits);
	}


	long long now()
	{
		return Poco::Timestamp().epochTime();
	}


	bool flag(const Exchange& e, const std::string& name)
	{
		const std::string value = e.query(name);
		if (!value.empty() && value != "true" && value != "false") throw HttpError(400, "bad_request", name + " must be true or false");
		return value == "true";
	}
}


SyncExecutionHandlers::SyncExecutionHandlers(engine::SyncService& syncs, store::SyncRepository& repository, store::RecordLogFiles& files,
	store::ExecutionLogRepository& logs, cache::Cache* cache, const SignedUrl& links):
	_syncs(syncs),
	_repository(repository),
	_files(files),
	_logs(logs),
	_cache(cache),
	_links(links)
{
}


json::Value SyncExecutionHandlers::executionJson(const store::ExecutionRecord& e)
{
	const json::Value detail = json::Value::parse(e.detail);
	const json::Value options = json::Value::parse(e.options);
	json::Value out = json::Value::object();
	out.set("id", e.id);
	out.set("sync_id", e.parentId);
	out.set("type", options.getBool("test", false) ? "test" : "sync");
	out.set("status", e.status);
	out.set("trigger", e.trigger);
	out.set("created_at", e.createdAt);
	// The SDK's times are strings or absent, never null.
	if (e.startedAt) out.set("started_at", *e.startedAt);
	if (e.completedAt) out.set("completed_at", *e.completedAt);
	json::Value counts = json::Value::object();
	for (const char* key: {"total", "insert", "update", "upserts", "delete", "error", "warnings", "unchanged"})
		counts.set(key, detail["counts"].getInt64(key, 0));
	out.set("counts", counts);
	json::Value errors = json::Value::array();
	if (e.error) errors.push(*e.error);
	if (detail["errors"].isArray())
		for (const auto& r: detail["errors"].items()) errors.push(r.getString("identity") + ": " + r.getString("message"));
	out.set("errors", errors);
	out.set("attempts", e.attempts);
	return out;
}


void SyncExecutionHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/syncs/{id}/executions", access.guard([this](Exchange& e, P p) {
		if (flag(e, "ascending"))
			throw HttpError(400, "bad_request", "ascending=true is not served: executions come newest first; leave ascending out");
		const bool onlyFinished = flag(e, "only_completed");
		const std::size_t limit = e.limit(50, 50);
		const auto executions = _syncs.executions(p.organizationId, e.parameter("id"), limit + 1, e.query("page_token"));
		json::Value data = json::Value::array();
		for (std::size_t i = 0; i < executions.size() && i < limit; ++i)
			if (!onlyFinished || std::find(FINISHED.begin(), FINISHED.end(), executions[i].status) != FINISHED.end())
				data.push(executionJson(executions[i]));
		e.sendJson(200, pageJson(data, executions.size() > limit ? executions[limit - 1].id : std::string()).dump());
	}));
	router.add("GET", "/api/syncs/{id}/executions/{exec_id}", access.guard([this](Exchange& e, P p) {
		e.sendData(executionJson(_syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"))));
	}));
	router.add("PUT", "/api/syncs/{id}/executions/{exec_id}", access.guard([this](Exchange& e, P p) {
		const json::Value body = e.bodyObject();
		const std::string status = body.getString("status");
		const store::ExecutionRecord execution = _syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		if (status == execution.status) e.sendData(executionJson(execution));
		else if (status == "canceled" || status == "canceling")
			e.sendData(executionJson(_syncs.cancel(p.organizationId, e.parameter("id"), e.parameter("exec_id"))));
		else
			throw HttpError(422, "unprocessable", "an execution's status changes here only to canceled (it is " + execution.status +
				"); a stalled run is taken over by another worker once its lease expires, and a new run starts with "
				"POST /api/syncs/{id}/executions");
	}));
	router.add("POST", "/api/syncs/{id}/executions/{exec_id}/cancel", access.guard([this](Exchange& e, P p) {
		e.sendData(executionJson(_syncs.cancel(p.organizationId, e.parameter("id"), e.parameter("exec_id"))));
	}));
	registerLogs(router, access);
}


std::string SyncExecutionHandlers::fileUrl(const Exchange& e, const std::string& executionId, const std::string& type, long long start,
	long long expires) const
{
	return e.absoluteUrl(_links.sign("/api/execution-logs/" + executionId + "/" + type + "/" + std::to_string(start) + ".json", expires));
}


json::Value SyncExecutionHandlers::fileUrls(const Exchange& e, const store::ExecutionRecord& execution, const std::string& type)
{
	const long long expires = now() + LINK_SECONDS;
	json::Value urls = json::Value::array();
	for (long long start: _files.starts(execution.id, type)) urls.push(fileUrl(e, execution.id, type, start, expires));
	json::Value data = json::Value::object();
	data.set("urls", urls);
	data.set("expires", Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(expires), Poco::DateTimeFormat::ISO8601_FORMAT));
	return data;
}


void SyncExecutionHandlers::registerLogs(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/syncs/{id}/executions/{exec_id}/{type}", access.guard([this](Exchange& e, P p) {
		const store::ExecutionRecord execution = _syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		if (e.parameter("type") == "console") e.sendData(consoleLogJson(_logs, _cache, execution.id, e.query("cursor")));
		else e.sendData(fileUrls(e, execution, logType(e.parameter("type"))));
	}));
	router.add("GET", "/api/syncs/{id}/executions/{exec_id}/{type}/{filename}", access.guard([this](Exchange& e, P p) {
		const store::ExecutionRecord execution = _syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		const std::string type = logType(e.parameter("type"));
		const long long start = fileStart(e.parameter("filename"));
		if (start < 0 || !_files.isStart(execution.id, type, start))
			throw HttpError(404, "not_found", "execution " + execution.id + " has no " + type + " log file '" + e.parameter("filename") +
				"'; its files are listed by GET /api/syncs/{id}/executions/{exec_id}/" + type);
		e.redirect(302, fileUrl(e, execution.id, type, start, now() + LINK_SECONDS));
	}));
	// No guard: the link's signature is the credential.
	router.add("GET", "/api/execution-logs/{execution_id}/{type}/{filename}", [this](Exchange& e) { sendFile(e); });
}


void SyncExecutionHandlers::sendFile(Exchange& e)
{
	const std::string path = "/api/execution-logs/" + e.parameter("execution_id") + "/" + e.parameter("type") + "/" + e.parameter("filename");
	switch (_links.verify(path, e.query("expires"), e.query("signature"), now()))
	{
	case SignedUrl::Verdict::EXPIRED:
		throw HttpError(403, "link_expired", "this log link expired; ask GET /api/syncs/{id}/executions/{exec_id}/{type} for a new one");
	case SignedUrl::Verdict::ALTERED:
		throw HttpError(403, "forbidden", "this log link is not signed by this server (altered or incomplete); "
			"ask GET /api/syncs/{id}/executions/{exec_id}/{type} for a new one");
	case SignedUrl::Verdict::VALID:
		break;
	}
	const std::string type = logType(e.parameter("type"));
	const long long start = fileStart(e.parameter("filename"));
	long long last = 0;
	const auto chunks = _repository.recordLog(e.parameter("execution_id"), type, store::RecordLogFiles::CHUNKS_PER_FILE, start - 1, &last);
	std::string body = "[";
	for (const auto& chunk: chunks)
	{
		// Each chunk is a JSON array as written: its entries are spliced, not parsed again.
		const std::size_t open = chunk.find('['), close = chunk.rfind(']');
		if (open == std::string::npos || close == std::string::npos || close <= open + 1) continue;
		const std::string entries = chunk.substr(open + 1, close - open - 1);
		if (entries.find_first_not_of(" \t\r\n") == std::string::npos) continue;
		if (body.size() > 1) body += ",";
		body += entries;
	}
	body += "]";
	e.response().set("Content-Disposition", "attachment; filename=\"" + e.parameter("type") + "-" + e.parameter("filename") + "\"");
	e.response().set("Cache-Control", "private, max-age=" + std::to_string(LINK_SECONDS));
	e.sendJson(200, body);
}


} } // namespace polytomic::http
