//
// Tracer.h
//
// Definition of the Tracer and Span classes.
//


#ifndef Polytomic_Telemetry_Tracer_INCLUDED
#define Polytomic_Telemetry_Tracer_INCLUDED


#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>


namespace polytomic {
namespace telemetry {


struct SpanData
	/// One finished span as the Datadog agent takes it (/v0.3/traces).
{
	std::uint64_t traceId = 0;
	std::uint64_t spanId = 0;
	std::uint64_t parentId = 0;        /// 0 for the root of a trace
	std::string name;                  /// the operation: http.request, execution, executor.read, postgres.query
	std::string resource;              /// what it worked on: a route pattern, a sync kind, the text of a query
	std::string type;                  /// web, worker, sql, custom
	std::int64_t start = 0;            /// nanoseconds since the epoch
	std::int64_t duration = 0;         /// nanoseconds
	bool error = false;
	std::map<std::string, std::string> meta;
};


class Tracer
	/// Datadog APM traces (TRACING=true): spans finished anywhere in the process
	/// are kept per trace, and each trace whose root span ended is sent with
	/// others, once a second, by a thread of its own, to the Datadog agent's
	/// trace intake (PUT http://DD_AGENT_HOST:DD_TRACE_AGENT_PORT/v0.3/traces,
	/// JSON). Nothing here ever waits for the agent: a full buffer or an
	/// unreachable agent drops spans, counted in spansDropped().
	///
	/// Spans carry names, route patterns, query text, ids and statuses: never a
	/// bound value of a query, a request body or a record.
{
public:
	struct Params
	{
		std::string agentHost = "localhost";
		unsigned agentPort = 8126;
		std::string service = "polytomic";
		std::string env;                 /// DD_ENV; the env tag of every span when set
		std::string version;
		std::chrono::milliseconds flushInterval{1000};
		std::size_t maxSpans = 10000;    /// buffered at most; more are dropped
	};

	explicit Tracer(Params params);
	~Tracer();

	static Tracer* active();
		/// The process's tracer, or nullptr when tracing is off.

	static void setActive(Tracer* tracer);

	void start();
	void stop();
		/// Sends what is ready once more, then stops.

	void finish(SpanData span);
		/// Records a finished span (a Span does this when it ends).

	bool flush();
		/// Sends every finished trace now; false when the agent did not take them.

	std::string payload(const std::vector<std::vector<SpanData>>& traces) const;
		/// The JSON body of a /v0.3/traces request.

	std::size_t spansSent() const;
	std::size_t spansDropped() const;

	static std::uint64_t newId();
		/// A random non-zero 63-bit id.

private:
	void loop();

	Params _params;
	mutable std::mutex _mutex;
	std::condition_variable _wake;
	std::map<std::uint64_t, std::vector<SpanData>> _open;   /// traces whose root is still running
	std::vector<std::vector<SpanData>> _ready;
	std::size_t _buffered = 0;
	bool _stopping = false;
	std::atomic<std::size_t> _sent{0};
	std::atomic<std::size_t> _dropped{0};
	std::thread _thread;
	static std::atomic<Tracer*> _active;
};


class Span
	/// One timed operation of the current thread, sent to the active Tracer
	/// when the Span is destroyed; a Span started while another is open on the
	/// same thread is its child. Does nothing when tracing is off.
	///
	///     telemetry::Span span("postgres.query", sql, "sql");
{
public:
	enum class When
	{
		ALWAYS,
		IN_TRACE   /// only as the child of an open span (no trace of its own)
	};

	Span(const std::string& name, const std::string& resource, const std::string& type, When when = When::ALWAYS);
	~Span();
	Span(const Span&) = delete;
	Span& operator=(const Span&) = delete;

	void setResource(const std::string& resource);
		/// What the span worked on, when known only after it started.

	void setTag(const std::string& key, const std::string& value);
	void setError(const std::string& message);

	bool recording() const;

	static bool inTrace();
		/// True while a span is open on this thread.

private:
	SpanData _data;
	bool _recording = false;
	Span* _parent = nullptr;
	std::chrono::steady_clock::time_point _started;
	static thread_local Span* _current;
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_Tracer_INCLUDED
