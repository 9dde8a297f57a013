//
// Tracer.cpp
//


#include "telemetry/Tracer.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/StreamCopier.h"
#include <random>
#include <sstream>


namespace polytomic {
namespace telemetry {


std::atomic<Tracer*> Tracer::_active{nullptr};
thread_local Span* Span::_current = nullptr;


Tracer::Tracer(Params params):
	_params(std::move(params))
{
}


Tracer::~Tracer()
{
	stop();
	if (_active.load() == this) setActive(nullptr);
}


Tracer* Tracer::active()
{
	return _active.load();
}


void Tracer::setActive(Tracer* tracer)
{
	_active = tracer;
}


std::uint64_t Tracer::newId()
{
	thread_local std::mt19937_64 random(std::random_device{}() ^ static_cast<std::uint64_t>(
		std::chrono::steady_clock::now().time_since_epoch().count()));
	std::uint64_t id = 0;
	while (id == 0) id = random() >> 1;
	return id;
}


void Tracer::start()
{
	_thread = std::thread([this] { loop(); });
}


void Tracer::stop()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) return;
		_stopping = true;
	}
	_wake.notify_all();
	if (_thread.joinable()) _thread.join();
}


void Tracer::finish(SpanData span)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_buffered >= _params.maxSpans)
	{
		++_dropped;
		return;
	}
	++_buffered;
	const std::uint64_t traceId = span.traceId;
	const bool root = span.parentId == 0;
	auto& spans = _open[traceId];
	spans.push_back(std::move(span));
	if (!root) return;
	// The root ends last: the trace is complete.
	_ready.push_back(std::move(spans));
	_open.erase(traceId);
}


std::size_t Tracer::spansSent() const
{
	return _sent.load();
}


std::size_t Tracer::spansDropped() const
{
	return _dropped.load();
}


std::string Tracer::payload(const std::vector<std::vector<SpanData>>& traces) const
{
	Poco::JSON::Array out;
	for (const auto& trace: traces)
	{
		Poco::JSON::Array::Ptr spans = new Poco::JSON::Array;
		for (const SpanData& s: trace)
		{
			Poco::JSON::Object::Ptr span = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
			span->set("trace_id", static_cast<Poco::UInt64>(s.traceId));
			span->set("span_id", static_cast<Poco::UInt64>(s.spanId));
			span->set("parent_id", static_cast<Poco::UInt64>(s.parentId));
			span->set("name", s.name);
			span->set("resource", s.resource.empty() ? s.name : s.resource);
			span->set("service", _params.service);
			span->set("type", s.type);
			span->set("start", static_cast<Poco::Int64>(s.start));
			span->set("duration", static_cast<Poco::Int64>(s.duration));
			span->set("error", s.error ? 1 : 0);
			Poco::JSON::Object::Ptr meta = new Poco::JSON::Object;
			for (const auto& [key, value]: s.meta) meta->set(key, value);
			if (!_params.env.empty()) meta->set("env", _params.env);
			if (!_params.version.empty()) meta->set("version", _params.version);
			span->set("meta", meta);
			spans->add(span);
		}
		out.add(spans);
	}
	std::ostringstream text;
	out.stringify(text);
	return text.str();
}


bool Tracer::flush()
{
	std::vector<std::vector<SpanData>> traces;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		traces.swap(_ready);
	}
	if (traces.empty()) return true;
	std::size_t spans = 0;
	for (const auto& t: traces) spans += t.size();
	bool ok = false;
	try
	{
		const std::string body = payload(traces);
		Poco::Net::HTTPClientSession session(_params.agentHost, static_cast<Poco::UInt16>(_params.agentPort));
		session.setTimeout(Poco::Timespan(2, 0));
		Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_PUT, "/v0.3/traces", Poco::Net::HTTPMessage::HTTP_1_1);
		request.setContentType("application/json");
		request.setContentLength(static_cast<std::streamsize>(body.size()));
		request.set("X-Datadog-Trace-Count", std::to_string(traces.size()));
		request.set("Datadog-Meta-Lang", "cpp");
		request.set("Datadog-Meta-Tracer-Version", _params.version);
		session.sendRequest(request) << body;
		Poco::Net::HTTPResponse response;
		std::string ignored;
		Poco::StreamCopier::copyToString(session.receiveResponse(response), ignored);
		ok = response.getStatus() >= 200 && response.getStatus() <= 299;
	}
	catch (...)
	{
		ok = false;
	}
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_buffered -= std::min(_buffered, spans);
	}
	if (ok) _sent += spans;
	else _dropped += spans;
	return ok;
}


void Tracer::loop()
{
	std::unique_lock<std::mutex> lock(_mutex);
	while (!_stopping)
	{
		_wake.wait_for(lock, _params.flushInterval, [this] { return _stopping; });
		lock.unlock();
		flush();
		lock.lock();
	}
}


Span::Span(const std::string& name, const std::string& resource, const std::string& type, When when)
{
	if (!Tracer::active() || (when == When::IN_TRACE && !_current)) return;
	_recording = true;
	_parent = _current;
	_data.name = name;
	_data.resource = resource;
	_data.type = type;
	_data.spanId = Tracer::newId();
	_data.traceId = _parent ? _parent->_data.traceId : Tracer::newId();
	_data.parentId = _parent ? _parent->_data.spanId : 0;
	_data.start = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
	_started = std::chrono::steady_clock::now();
	_current = this;
}


Span::~Span()
{
	if (!_recording) return;
	_current = _parent;
	_data.duration = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - _started).count();
	if (Tracer* tracer = Tracer::active()) tracer->finish(std::move(_data));
}


void Span::setResource(const std::string& resource)
{
	if (_recording) _data.resource = resource;
}


void Span::setTag(const std::string& key, const std::string& value)
{
	if (_recording) _data.meta[key] = value;
}


void Span::setError(const std::string& message)
{
	if (!_recording) return;
	_data.error = true;
	_data.meta["error.message"] = message;
}


bool Span::recording() const
{
	return _recording;
}


bool Span::inTrace()
{
	return _current != nullptr;
}


} } // namespace polytomic::telemetry
