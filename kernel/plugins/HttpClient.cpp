//
// HttpClient.cpp
//


#include "plugins/HttpClient.h"
#include "plugins/RateBudget.h"
#include "Poco/DateTimeParser.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/Net/Context.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/RejectCertificateHandler.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/NumberParser.h"
#include "Poco/StreamCopier.h"
#include "Poco/Timestamp.h"
#include "Poco/URI.h"
#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>


namespace polytomic {
namespace plugins {


namespace
{
	using Clock = std::chrono::steady_clock;


	bool idempotentMethod(const std::string& method)
		/// RFC 9110 §9.2.2: sending these twice has the effect of sending them once.
	{
		for (const char* m: {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
			if (Poco::icompare(method, m) == 0) return true;
		return false;
	}
}


HttpClient::Request HttpClient::Request::fromAbi(const polytomic_http_request* raw)
{
	if (!raw || !raw->url || !raw->method) throw std::invalid_argument("an HTTP request needs a method and a URL");
	Request r;
	r.method = raw->method;
	r.url = raw->url;
	for (std::size_t i = 0; i < raw->header_count; ++i)
		if (raw->headers[i].name && raw->headers[i].value) r.headers[raw->headers[i].name] = raw->headers[i].value;
	if (raw->body) r.body.assign(raw->body, raw->body_length);
	if (raw->timeout_ms) r.timeout = std::chrono::milliseconds(raw->timeout_ms);
	if (raw->max_attempts) r.maxAttempts = std::min<unsigned>(raw->max_attempts, 20);
	// A plugin built for an older ABI passes a smaller struct: 1.0 without the
	// rate budget, 1.1 without the idempotent flag, 1.2 without authorize.
	if (raw->size >= offsetof(polytomic_http_request, requests_per_second) + sizeof(raw->requests_per_second))
	{
		if (raw->rate_budget) r.rateBudget = raw->rate_budget;
		r.requestsPerSecond = raw->requests_per_second;
	}
	if (raw->size >= offsetof(polytomic_http_request, idempotent) + sizeof(raw->idempotent))
		r.idempotent = raw->idempotent != 0;
	// 1.2 and older: no authorize flag, so the plugin signs its requests itself.
	if (raw->size >= offsetof(polytomic_http_request, authorize) + sizeof(raw->authorize))
		r.authorize = raw->authorize != 0;
	// 1.3 and older: budgets without a daily quota.
	if (raw->size >= offsetof(polytomic_http_request, requests_per_day) + sizeof(raw->requests_per_day))
		r.requestsPerDay = std::max<long long>(0, raw->requests_per_day);
	return r;
}


HttpClient::Response HttpClient::send(const Request& request)
{
	Response response;
	for (unsigned attempt = 1; attempt <= std::max(1u, request.maxAttempts); ++attempt)
	{
		if (_cancelled)
		{
			response.error = "cancelled";
			break;
		}
		if (!waitForBudget(request, response))
		{
			response.attempts = attempt - 1;
			break;
		}
		bool sent = false;
		response = this->attempt(request, sent);
		response.attempts = attempt;
		if (!worthRetrying(request, response, sent) || attempt == request.maxAttempts) break;
		auto delay = backoff(attempt);
		auto header = response.headers.find("Retry-After");
		if (header != response.headers.end()) delay = retryAfter(header->second, delay);
		pause(delay);
	}
	return response;
}


bool HttpClient::worthRetrying(const Request& request, const Response& response, bool sent)
{
	const int status = response.status;
	// The server says it did not act on the request, or it never got it.
	if (status == 429 || (status == 503 && response.headers.count("Retry-After")) || (status == 0 && !sent)) return true;
	// It may have acted on it: repeat only what is harmless to repeat.
	const bool ambiguous = status == 0 || status == 502 || status == 503 || status == 504;
	return ambiguous && (request.idempotent || idempotentMethod(request.method));
}


HttpClient::Response HttpClient::attempt(const Request& request, bool& sent)
{
	Response response;
	sent = true;
	try
	{
		Poco::URI uri(request.url);
		std::unique_ptr<Poco::Net::HTTPClientSession> session;
		if (uri.getScheme() == "https") session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), clientTlsContext());
		else if (uri.getScheme() == "http") session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
		else throw std::invalid_argument("only http:// and https:// URLs are supported");
		const long ms = static_cast<long>(request.timeout.count());
		session->setTimeout(Poco::Timespan(ms / 1000, (ms % 1000) * 1000));
		std::string target = uri.getPathAndQuery();
		if (target.empty()) target = "/";
		Poco::Net::HTTPRequest http(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
		for (const auto& [name, value]: request.headers) http.set(name, value);
		if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH")
			http.setContentLength(static_cast<std::streamsize>(request.body.size()));
		session->sendRequest(http) << request.body;
		Poco::Net::HTTPResponse reply;
		std::istream& in = session->receiveResponse(reply);
		Poco::StreamCopier::copyToString(in, response.body);
		response.status = reply.getStatus();
		for (const auto& [name, value]: reply) response.headers[name] = value;
	}
	catch (const Poco::Net::ConnectionRefusedException& e)
	{
		// Refused at connect, on a session of its own: not one byte went out.
		sent = false;
		response.error = e.displayText();
	}
	catch (const Poco::Net::DNSException& e)
	{
		sent = false;
		response.error = e.displayText();
	}
	catch (const Poco::Exception& e)
	{
		response.status = 0;
		response.error = e.displayText();
	}
	catch (const std::exception& e)
	{
		response.status = 0;
		response.error = e.what();
	}
	return response;
}


bool HttpClient::waitForBudget(const Request& request, Response& refused)
{
	if (request.rateBudget.empty() || request.requestsPerSecond <= 0) return true;
	std::chrono::microseconds wait{0};
	try
	{
		wait = RateBudget::reserve(request.rateBudget, request.requestsPerSecond, request.requestsPerDay);
	}
	catch (const BudgetSpent& e)
	{
		// Not sent: the status an API gives for it, and why.
		refused = Response();
		refused.status = 429;
		refused.error = e.what();
		return false;
	}
	// Rounded up: never sooner than the slot.
	if (wait > std::chrono::microseconds::zero()) pause(std::chrono::duration_cast<std::chrono::milliseconds>(wait + std::chrono::microseconds(999)));
	return true;
}


void HttpClient::pause(std::chrono::milliseconds delay)
{
	if (_sleeper)
	{
		_sleeper(delay);
		return;
	}
	const auto until = Clock::now() + delay;
	while (!_cancelled && Clock::now() < until)
		std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(50), until - Clock::now()));
}


void HttpClient::cancel()
{
	_cancelled = true;
}


void HttpClient::setSleeper(std::function<void(std::chrono::milliseconds)> sleeper)
{
	_sleeper = std::move(sleeper);
}


std::chrono::milliseconds HttpClient::backoff(unsigned attempt)
{
	const unsigned shift = std::min(attempt - 1, 6u);
	return std::min(std::chrono::milliseconds(500) * (1u << shift), std::chrono::milliseconds(30000));
}


std::chrono::milliseconds HttpClient::retryAfter(const std::string& value, std::chrono::milliseconds fallback)
{
	const std::chrono::milliseconds cap(60000);
	unsigned seconds = 0;
	if (Poco::NumberParser::tryParseUnsigned(value, seconds)) return std::min(std::chrono::milliseconds(seconds * 1000LL), cap);
	// Otherwise an HTTP date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" (POCO's parser alone accepts nearly anything).
	if (value.size() < 20 || value.compare(value.size() - 3, 3, "GMT") != 0) return fallback;
	try
	{
		int tz = 0;
		Poco::DateTime when = Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, value, tz);
		const auto micros = (when.timestamp() - Poco::Timestamp()) ;
		if (micros <= 0) return std::chrono::milliseconds(0);
		return std::min(std::chrono::milliseconds(micros / 1000), cap);
	}
	catch (const Poco::Exception&)
	{
		return fallback;
	}
}


Poco::Net::Context::Ptr clientTlsContext()
{
	static std::once_flag once;
	static Poco::Net::Context::Ptr context;
	std::call_once(once, [] {
		Poco::Net::initializeSSL();
		Poco::Net::Context::Params params;
		params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
		params.loadDefaultCAs = true;
		context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
		context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
		context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
	});
	return context;
}


} } // namespace polytomic::plugins
