//
// SentryReporter.h
//
// Definition of the SentryReporter class.
//


#ifndef Polytomic_Telemetry_SentryReporter_INCLUDED
#define Polytomic_Telemetry_SentryReporter_INCLUDED


#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>


namespace polytomic {
namespace telemetry {


class SentryReporter
	/// Sends unexpected errors to Sentry (SENTRY_DSN): each one an event in an
	/// envelope, POSTed to the DSN's envelope endpoint (/api/<project>/envelope/)
	/// with X-Sentry-Auth, from a thread of its own. capture() never blocks: a
	/// full queue or an unreachable Sentry drops the event (counted).
	///
	/// An event carries the message (scrubbed: no credentials in URLs, no
	/// password=, token= or Bearer values, no quoted literals, no values in
	/// "Key (x)=(...)", no email addresses), the logger, the request and
	/// execution ids, the release, the environment and the stack of the thread
	/// that reported it (function names and addresses). Never a record value,
	/// a secret or a bound variable.
{
public:
	struct Dsn
	{
		std::string scheme;     /// http | https
		std::string publicKey;
		std::string host;
		unsigned port = 0;
		std::string pathPrefix; /// "" or "/something" before /api/
		std::string projectId;

		static Dsn parse(const std::string& dsn);
			/// Throws std::invalid_argument unless {scheme}://{key}[:{secret}]@{host}[:{port}]/[{path}/]{project}.

		std::string envelopeUrl() const;
			/// {scheme}://{host}[:{port}]{path}/api/{project}/envelope/

		std::string authHeader(const std::string& client) const;
			/// The X-Sentry-Auth value.
	};

	struct Event
	{
		std::string message;
		std::string logger;
		std::string level = "error";
		std::string requestId;
		std::string executionId;
		std::vector<std::string> frames; /// the stack, outermost caller first
	};

	struct Params
	{
		std::string release;      /// polytomic@<version>
		std::string environment;  /// DD_ENV, else "production"
		std::size_t maxQueued = 100;
	};

	SentryReporter(const std::string& dsn, Params params);
		/// Throws std::invalid_argument for a malformed DSN.
	~SentryReporter();

	void start();

	void stop(std::chrono::milliseconds flush = std::chrono::milliseconds(2000));
		/// Sends what is queued for up to flush, then stops.

	void capture(Event event);
		/// Queues the event (scrubbed); drops it when the queue is full.

	std::string envelope(const Event& event, const std::string& eventId) const;
		/// The envelope of one event: header, item header, payload, one per line.

	static std::string scrub(const std::string& text);

	static std::vector<std::string> currentStack(int skip = 1);
		/// The calling thread's stack, outermost first, without the skip innermost frames.

	std::size_t sent() const;
	std::size_t dropped() const;

private:
	void loop();
	bool send(const std::string& body);

	Dsn _dsn;
	Params _params;
	std::mutex _mutex;
	std::condition_variable _wake;
	std::deque<Event> _queue;
	bool _stopping = false;
	std::chrono::steady_clock::time_point _flushDeadline;
	std::atomic<std::size_t> _sent{0};
	std::atomic<std::size_t> _dropped{0};
	std::thread _thread;
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_SentryReporter_INCLUDED
