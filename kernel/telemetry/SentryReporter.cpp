//
// SentryReporter.cpp
//


#include "telemetry/SentryReporter.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/Net/Context.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/RegularExpression.h"
#include "Poco/StreamCopier.h"
#include "Poco/UUIDGenerator.h"
#include <algorithm>
#include <cstdlib>
#include <cxxabi.h>
#include <execinfo.h>
#include <memory>
#include <sstream>
#include <stdexcept>


namespace polytomic {
namespace telemetry {


namespace
{
	std::string json(const Poco::JSON::Object& object)
	{
		std::ostringstream out;
		object.stringify(out);
		return out.str();
	}


	void replaceAll(std::string& text, const std::string& pattern, const std::string& replacement)
	{
		Poco::RegularExpression re(pattern, Poco::RegularExpression::RE_CASELESS);
		re.subst(text, replacement, Poco::RegularExpression::RE_GLOBAL);
	}


	std::string demangled(const std::string& symbolLine)
		/// "module(_ZN3foo3barEv+0x12) [0x...]" -> "foo::bar()"; the line itself when it has no symbol.
	{
		const auto open = symbolLine.find('('), plus = symbolLine.find('+', open == std::string::npos ? 0 : open);
		if (open == std::string::npos || plus == std::string::npos || plus == open + 1) return symbolLine;
		const std::string mangled = symbolLine.substr(open + 1, plus - open - 1);
		int status = 0;
		char* name = abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status);
		std::string out = status == 0 && name ? name : mangled;
		std::free(name);
		return out;
	}
}


SentryReporter::Dsn SentryReporter::Dsn::parse(const std::string& text)
{
	static const Poco::RegularExpression shape("^(https?)://([A-Za-z0-9]+)(:[A-Za-z0-9]+)?@([^/@:\\s]+)(:([0-9]+))?((/[^\\s]*)?)/([0-9]+)$",
		Poco::RegularExpression::RE_CASELESS);
	std::vector<std::string> parts;
	if (shape.split(text, parts) == 0) throw std::invalid_argument("not a Sentry DSN");
	Dsn dsn;
	dsn.scheme = parts[1];
	dsn.publicKey = parts[2];
	dsn.host = parts[4];
	dsn.port = parts[6].empty() ? (dsn.scheme == "https" ? 443 : 80) : static_cast<unsigned>(std::stoul(parts[6]));
	dsn.pathPrefix = parts[7];
	dsn.projectId = parts[9];
	return dsn;
}


std::string SentryReporter::Dsn::envelopeUrl() const
{
	const bool defaultPort = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
	return scheme + "://" + host + (defaultPort ? "" : ":" + std::to_string(port)) + pathPrefix + "/api/" + projectId + "/envelope/";
}


std::string SentryReporter::Dsn::authHeader(const std::string& client) const
{
	return "Sentry sentry_version=7, sentry_client=" + client + ", sentry_key=" + publicKey;
}


SentryReporter::SentryReporter(const std::string& dsn, Params params):
	_dsn(Dsn::parse(dsn)),
	_params(std::move(params))
{
}


SentryReporter::~SentryReporter()
{
	stop(std::chrono::milliseconds(0));
}


void SentryReporter::start()
{
	_thread = std::thread([this] { loop(); });
}


void SentryReporter::stop(std::chrono::milliseconds flush)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) return;
		_stopping = true;
		_flushDeadline = std::chrono::steady_clock::now() + flush;
	}
	_wake.notify_all();
	if (_thread.joinable()) _thread.join();
}


void SentryReporter::capture(Event event)
{
	event.message = scrub(event.message);
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping || _queue.size() >= _params.maxQueued)
		{
			++_dropped;
			return;
		}
		_queue.push_back(std::move(event));
	}
	_wake.notify_one();
}


std::size_t SentryReporter::sent() const
{
	return _sent.load();
}


std::size_t SentryReporter::dropped() const
{
	return _dropped.load();
}


std::string SentryReporter::scrub(const std::string& text)
{
	std::string out = text;
	replaceAll(out, "([a-z][a-z0-9+.-]*://)[^/\\s@]*@", "$1****@");
	replaceAll(out, "\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+", "$1 ****");
	replaceAll(out, "\\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|authorization)(\\s*[=:]\\s*)[^\\s,;&]+", "$1$2****");
	replaceAll(out, "=\\([^)]*\\)", "=(****)");
	replaceAll(out, "'[^']*'", "'****'");
	replaceAll(out, "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "****@****");
	return out;
}


std::vector<std::string> SentryReporter::currentStack(int skip)
{
	void* addresses[64];
	const int count = ::backtrace(addresses, 64);
	char** symbols = ::backtrace_symbols(addresses, count);
	std::vector<std::string> frames;
	for (int i = count - 1; i >= skip; --i)
	{
		std::ostringstream address;
		address << addresses[i];
		frames.push_back((symbols ? demangled(symbols[i]) : std::string("?")) + " @ " + address.str());
	}
	std::free(symbols);
	return frames;
}


std::string SentryReporter::envelope(const Event& event, const std::string& eventId) const
{
	const std::string now = Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FRAC_FORMAT);
	Poco::JSON::Object payload(Poco::JSON_PRESERVE_KEY_ORDER);
	payload.set("event_id", eventId);
	payload.set("timestamp", now);
	payload.set("platform", "native");
	payload.set("level", event.level);
	payload.set("logger", event.logger);
	payload.set("release", _params.release);
	payload.set("environment", _params.environment);
	Poco::JSON::Object::Ptr message = new Poco::JSON::Object;
	message->set("formatted", event.message);
	payload.set("message", message);
	Poco::JSON::Array::Ptr frames = new Poco::JSON::Array;
	for (const std::string& f: event.frames)
	{
		Poco::JSON::Object::Ptr frame = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
		const auto at = f.rfind(" @ ");
		frame->set("function", at == std::string::npos ? f : f.substr(0, at));
		if (at != std::string::npos) frame->set("instruction_addr", f.substr(at + 3));
		frames->add(frame);
	}
	Poco::JSON::Object::Ptr exception = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	exception->set("type", event.logger.empty() ? std::string("error") : event.logger);
	exception->set("value", event.message);
	Poco::JSON::Object::Ptr stacktrace = new Poco::JSON::Object;
	stacktrace->set("frames", frames);
	exception->set("stacktrace", stacktrace);
	Poco::JSON::Array::Ptr values = new Poco::JSON::Array;
	values->add(exception);
	Poco::JSON::Object::Ptr exceptions = new Poco::JSON::Object;
	exceptions->set("values", values);
	payload.set("exception", exceptions);
	Poco::JSON::Object::Ptr tags = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	if (!event.requestId.empty()) tags->set("request_id", event.requestId);
	if (!event.executionId.empty()) tags->set("execution_id", event.executionId);
	payload.set("tags", tags);
	const std::string body = json(payload);

	Poco::JSON::Object header(Poco::JSON_PRESERVE_KEY_ORDER);
	header.set("event_id", eventId);
	header.set("sent_at", now);
	Poco::JSON::Object::Ptr sdk = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	sdk->set("name", "polytomic.native");
	sdk->set("version", _params.release);
	header.set("sdk", sdk);
	Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
	item.set("type", "event");
	item.set("length", static_cast<Poco::UInt64>(body.size()));
	item.set("content_type", "application/json");
	return json(header) + "\n" + json(item) + "\n" + body + "\n";
}


bool SentryReporter::send(const std::string& body)
{
	try
	{
		std::unique_ptr<Poco::Net::HTTPClientSession> session;
		if (_dsn.scheme == "https")
		{
			static std::once_flag initialized;
			std::call_once(initialized, [] { Poco::Net::initializeSSL(); });
			Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
				Poco::Net::Context::VERIFY_RELAXED, 9, true);
			session = std::make_unique<Poco::Net::HTTPSClientSession>(_dsn.host, _dsn.port, context);
		}
		else
		{
			session = std::make_unique<Poco::Net::HTTPClientSession>(_dsn.host, _dsn.port);
		}
		session->setTimeout(Poco::Timespan(5, 0));
		Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, _dsn.pathPrefix + "/api/" + _dsn.projectId + "/envelope/",
			Poco::Net::HTTPMessage::HTTP_1_1);
		request.setContentType("application/x-sentry-envelope");
		request.setContentLength(static_cast<std::streamsize>(body.size()));
		request.set("X-Sentry-Auth", _dsn.authHeader(_params.release));
		session->sendRequest(request) << body;
		Poco::Net::HTTPResponse response;
		std::string ignored;
		Poco::StreamCopier::copyToString(session->receiveResponse(response), ignored);
		return response.getStatus() >= 200 && response.getStatus() <= 299;
	}
	catch (...)
	{
		return false;
	}
}


void SentryReporter::loop()
{
	std::unique_lock<std::mutex> lock(_mutex);
	while (true)
	{
		_wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
		if (_queue.empty() || (_stopping && std::chrono::steady_clock::now() >= _flushDeadline))
		{
			if (_stopping)
			{
				_dropped += _queue.size();
				_queue.clear();
				return;
			}
			continue;
		}
		Event event = std::move(_queue.front());
		_queue.pop_front();
		lock.unlock();
		std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
		id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
		// Errors of the reporter itself are never logged: a log line at error level would report again.
		if (send(envelope(event, id))) ++_sent;
		else ++_dropped;
		lock.lock();
	}
}


} } // namespace polytomic::telemetry
