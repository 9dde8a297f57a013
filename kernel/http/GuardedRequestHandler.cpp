//
// GuardedRequestHandler.cpp
//


#include "http/GuardedRequestHandler.h"
#include "http/HttpError.h"
#include "store/DatabaseError.h"
#include "telemetry/ErrorText.h"
#include "telemetry/LogContext.h"
#include "Poco/NumberFormatter.h"
#include "Poco/RegularExpression.h"
#include "Poco/UUIDGenerator.h"
#include <chrono>


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
	static const Poco::RegularExpression wellFormed("^[A-Za-z0-9._-]{1,64}$");
	const std::string& given = request.get("X-Request-Id", "");
	if (wellFormed.match(given)) return given;
	return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}


void GuardedRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	InFlight inFlight(_context.inFlight);
	const auto start = std::chrono::steady_clock::now();
	const std::string requestId = requestIdFor(request);
	telemetry::LogContext::Scope scope(requestId);
	response.set("X-Request-Id", requestId);

	const int status = serve(request, response);

	const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
	const std::string line = request.getMethod() + " " + request.getURI() + " " + std::to_string(status) + " " +
		Poco::NumberFormatter::format(micros / 1000.0, 1) + " ms";
	// Health checks arrive every few seconds from every probe; keep them out of the info log.
	if (status == 200 && request.getURI() == "/status.txt") _context.logger.debug(line);
	else _context.logger.information(line);
}


int GuardedRequestHandler::serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	try
	{
		Exchange exchange(request, response, _context.publicUrl, _context.maxBodyBytes);
		_context.router.dispatch(exchange);
		return response.getStatus();
	}
	catch (const HttpError& e)
	{
		sendError(response, e.status(), e.toJson());
		return e.status();
	}
	catch (const store::DatabaseUnavailable& e)
	{
		_context.logger.warning(std::string("database unavailable: ") + e.what());
		sendError(response, 503, HttpError(503, "database_unavailable",
			"the database is unavailable; try again shortly").toJson());
		return 503;
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
		response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
		response.setContentType("application/json; charset=utf-8");
		response.sendBuffer(json.data(), json.size());
	}
	catch (const std::exception& e)
	{
		_context.logger.warning("could not send the error response: " + telemetry::errorText(e));
	}
}


} } // namespace polytomic::http
