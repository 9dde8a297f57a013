//
// GuardedRequestHandler.cpp
//


#include "http/GuardedRequestHandler.h"
#include "http/HttpError.h"
#include "engine/EngineError.h"
#include "license/LicenseRefused.h"
#include "plugins/Executor.h"
#include "store/DatabaseError.h"
#include "store/PgResult.h"
#include "store/SecretBox.h"
#include "telemetry/ErrorText.h"
#include "telemetry/LogContext.h"
#include "telemetry/Metrics.h"
#include "telemetry/Tracer.h"
#include "telemetry/UrlRedaction.h"
#include "Poco/NumberFormatter.h"
#include "Poco/UUIDGenerator.h"
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>


namespace polytomic {
namespace http {


namespace
{
	class InFlight
	{
	public:
		explicit InFlight(std::atomic<int>& counter):
			_counter(counter)
		{
			++_counter;
		}

		~InFlight()
		{
			--_counter;
		}

	private:
		std::atomic<int>& _counter;
	};
}


GuardedRequestHandler::GuardedRequestHandler(ServerContext& context):
	_context(context)
{
}


std::string GuardedRequestHandler::requestIdFor(const Poco::Net::HTTPServerRequest& request)
{
	const std::string given = request.get("X-Request-Id", "");
	const bool wellFormed = !given.empty() && given.size() <= 64 && std::all_of(given.begin(), given.end(), [](char c) {
		return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
	});
	return wellFormed ? given : newRequestId();
}


std::string GuardedRequestHandler::newRequestId()
{
	// A random UUID per process, then a counter: unique across replicas, and cheap on every request.
	static const std::string prefix = Poco::UUIDGenerator::defaultGenerator().createRandom().toString().substr(0, 24);
	static std::atomic<std::uint64_t> counter{0};
	char suffix[13];
	std::snprintf(suffix, sizeof(suffix), "%012llx", static_cast<unsigned long long>(++counter));
	return prefix + suffix;
}


void GuardedRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	InFlight inFlight(_context.inFlight);
	const auto start = std::chrono::steady_clock::now();
	const std::string requestId = requestIdFor(request);
	telemetry::LogContext::Scope scope(requestId);
	response.set("X-Request-Id", requestId);
	std::optional<telemetry::Span> span;
	if (telemetry::Tracer::active()) span.emplace("http.request", "", "web");

	// The route pattern, never the path itself: ids and unknown paths would make one series (or resource) each.
	std::string route;
	const int status = serve(request, response, route);
	if (route.empty()) route = "unmatched";
	const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
	const std::string& method = request.getMethod();
	count(method, route, status, micros / 1e6);
	if (span) trace(*span, method, route, status, requestId);

	// Health checks arrive every few seconds from every probe; keep them out of the info log.
	const bool healthCheck = status == 200 && request.getURI() == "/status.txt";
	const int priority = healthCheck ? Poco::Message::PRIO_DEBUG : Poco::Message::PRIO_INFORMATION;
	if (!_context.logger.is(priority)) return;
	// Sign-in link tokens, OAuth codes and the like must not reach the log.
	_context.logger.log(Poco::Message(_context.logger.name(), request.getMethod() + " " + telemetry::UrlRedaction::redact(request.getURI()) + " " +
		std::to_string(status) + " " + Poco::NumberFormatter::format(micros / 1000.0, 1) + " ms",
		static_cast<Poco::Message::Priority>(priority)));
}


void GuardedRequestHandler::trace(telemetry::Span& span, const std::string& method, const std::string& route, int status,
	const std::string& requestId)
{
	span.setResource(method + " " + route);
	span.setTag("http.method", method);
	span.setTag("http.route", route);
	span.setTag("http.status_code", std::to_string(status));
	span.setTag("request_id", requestId);
	if (status >= 500) span.setError("HTTP " + std::to_string(status));
}


void GuardedRequestHandler::count(const std::string& method, const std::string& route, int status, double seconds)
{
	static std::once_flag defined;
	telemetry::Metrics& metrics = telemetry::Metrics::process();
	std::call_once(defined, [&metrics] {
		metrics.defineCounter("polytomic_http_requests_total", "HTTP requests answered, by method, route and status.");
		metrics.defineHistogram("polytomic_http_request_duration_seconds", "Time to answer HTTP requests, by method and route.",
			{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
	});
	static const std::string requests = "polytomic_http_requests_total", duration = "polytomic_http_request_duration_seconds";
	const telemetry::Metrics::Labels byRoute{{"method", method}, {"route", route}};
	const telemetry::Metrics::Labels byStatus{{"method", method}, {"route", route}, {"status", std::to_string(status)}};
	metrics.apply({{requests, byStatus, 1}, {duration, byRoute, seconds}});
}


int GuardedRequestHandler::serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, std::string& route)
{
	try
	{
		// From the head alone, before any route reads (or a client is told to send) the body.
		if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(_context.maxBodyBytes))
			throw HttpError(413, "payload_too_large",
				"the request body is larger than " + std::to_string(_context.maxBodyBytes) + " bytes (MAX_REQUEST_BODY)");
		Exchange exchange(request, response, _context.publicUrl, _context.maxBodyBytes);
		_context.router.dispatch(exchange, &route);
		return response.getStatus();
	}
	catch (const HttpError& e)
	{
		sendError(response, e.status(), e.toJson());
		return e.status();
	}
	catch (const engine::ValidationError& e)
	{
		Poco::JSON::Object::Ptr metadata = new Poco::JSON::Object;
		Poco::JSON::Object::Ptr fields = new Poco::JSON::Object;
		for (const auto& [field, problem]: e.fields()) fields->set(field, problem);
		metadata->set("fields", fields);
		sendError(response, 400, HttpError(400, "validation_error", e.what(), metadata).toJson());
		return 400;
	}
	catch (const engine::NotFound& e)
	{
		sendError(response, 404, HttpError::notFound(e.what()).toJson());
		return 404;
	}
	catch (const engine::Conflict& e)
	{
		sendError(response, 409, HttpError(409, "conflict", e.what()).toJson());
		return 409;
	}
	catch (const engine::InUse& e)
	{
		sendError(response, 422, HttpError(422, "in_use", e.what()).toJson());
		return 422;
	}
	catch (const engine::CheckFailed& e)
	{
		sendError(response, 422, HttpError(422, "connection_check_failed", e.what()).toJson());
		return 422;
	}
	catch (const license::LicenseRefused& e)
	{
		Poco::JSON::Object::Ptr metadata = new Poco::JSON::Object;
		for (const auto& [name, value]: e.metadata()) metadata->set(name, value);
		sendError(response, 403, HttpError(403, e.key(), e.what(), metadata).toJson());
		return 403;
	}
	catch (const store::SecretError& e)
	{
		_context.logger.error(std::string("stored secrets cannot be read: ") + e.what());
		sendError(response, 500, HttpError(500, "secrets_unreadable", std::string("stored secrets cannot be read: ") + e.what() +
			"; the operator must set the key that encrypted them (ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS)").toJson());
		return 500;
	}
	catch (const store::DatabaseUnavailable& e)
	{
		_context.logger.warning(std::string("database unavailable: ") + e.what());
		sendError(response, 503, HttpError(503, "database_unavailable",
			"the database is unavailable; try again shortly").toJson());
		return 503;
	}
	catch (const store::ForeignKeyViolation& e)
	{
		// A concurrent request deleted what this one refers to, or referred to what this one deletes.
		sendError(response, 409, HttpError(409, "conflict", std::string("another request changed what this one refers to meanwhile (") +
			e.what() + "); look the objects up again and retry").toJson());
		return 409;
	}
	catch (const plugins::ExecutorTimedOut& e)
	{
		sendError(response, 504, HttpError(504, "timed_out", std::string(e.what()) +
			"; make the work smaller (a model's query: a LIMIT, an index, fewer rows) or have the operator raise the setting").toJson());
		return 504;
	}
	catch (const std::exception& e)
	{
		_context.logger.error("unexpected error: " + telemetry::errorText(e));
	}
	catch (...)
	{
		_context.logger.error("unexpected error of unknown type");
	}
	sendError(response, 500, HttpError(500, "internal_error",
		"an unexpected error occurred; the server log has the details under request id " + response.get("X-Request-Id", "")).toJson());
	return 500;
}


void GuardedRequestHandler::sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& json)
{
	if (response.sent())
	{
		_context.logger.warning("an error occurred after the response had started; the connection is closed");
		return;
	}
	try
	{
		// The rest of a refused body is still on the wire; do not read it as the next request.
		if (status == 413) response.setKeepAlive(false);
		response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
		response.setContentType("application/json; charset=utf-8");
		response.sendBuffer(json.data(), json.size());
	}
	catch (const std::exception& e)
	{
		_context.logger.warning("could not send the error response: " + telemetry::errorText(e));
	}
}


} } // namespace polytomic::http
