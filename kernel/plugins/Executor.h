//
// Executor.h
//
// Definition of the Executor class and the executor process's entry point.
//


#ifndef Polytomic_Plugins_Executor_INCLUDED
#define Polytomic_Plugins_Executor_INCLUDED


#include "plugins/AccessTokens.h"
#include "plugins/LedgerKeeper.h"
#include "polytomic/json.hpp"
#include <atomic>
#include <chrono>
#include <iosfwd>
#include <stdexcept>
#include <string>


namespace polytomic {
namespace plugins {


class ExecutorFailure: public std::runtime_error
	/// The executor process did not answer: the connector crashed, hung, ran out
	/// of memory, or answered garbage. The server itself is unaffected.
{
public:
	using std::runtime_error::runtime_error;
};


class ExecutorTimedOut: public ExecutorFailure
	/// The executor did not finish within its time limit and was stopped; the
	/// message names the limit and its setting. Someone waiting for the answer
	/// (a preview, a check) gets 504: retrying as is would time out again.
{
public:
	using ExecutorFailure::ExecutorFailure;
};


class Executor
	/// Runs one unit of plugin work in a child process (`polytomic execute`),
	/// with a time limit, a memory limit and cancellation, and turns every way
	/// it can end into either the connector's answer or a clear error.
	///
	/// The request (JSON, one line, on the child's standard input):
	///   {"plugin": "/path/x.so", "operation": "spec|check|discover|read|write",
	///    "config": {...}, "read": {...}, "write": {...}}
	/// or, to move records from one connector to another (CopyOperation.h):
	///   {"operation": "copy", "source": {"plugin", "config", "read": {...}},
	///    "destination": {"plugin", "config", "write": {...}}}
	/// The answer (JSON on its standard output): {"ok": true, "result": ...}
	/// or {"ok": false, "error": "..."}.
{
public:
	struct Limits
	{
		std::chrono::milliseconds timeout{60000};
		std::size_t memoryBytes = std::size_t(2) << 30;
		std::string timeoutSetting; /// the setting of timeout (EXECUTOR_CHECK_TIMEOUT, ...), named when it runs out
		std::size_t answerBytes = std::size_t(64) << 20; /// the most of the answer the server reads (READ_ANSWER_BYTES for a read)
	};

	static constexpr std::size_t SAMPLE_VALUE_BYTES = 64u << 10;
		/// A read's sample (a model's preview) shows at most this much of a text or binary value.
	static constexpr std::size_t SAMPLE_BYTES = 2u << 20;
		/// A read's sample holds about this much text in all; the rows past it are left out.
	static constexpr std::size_t READ_ANSWER_BYTES = 16u << 20;
		/// The most of a read's answer the server reads; a larger one is refused (ConnectorError).
	static constexpr std::size_t LARGE_ANSWER_BYTES = 1u << 20;
		/// Once an answer this large has been parsed, its text goes back to the system (malloc_trim).

	struct Configuration
		/// The executor settings (EXECUTOR_* in config::Settings), by kind of work.
	{
		std::chrono::milliseconds checkTimeout{30000};     /// spec, check, a model's preview: someone waits for the answer
		std::chrono::milliseconds discoverTimeout{120000}; /// discover
		std::chrono::milliseconds syncTimeout{std::chrono::hours(6)}; /// copy (bulk syncs) and sync (model syncs)
		std::size_t memoryBytes = std::size_t(2) << 30;    /// address space of each executor
	};

	explicit Executor(std::string program);
		/// program: the polytomic binary (Subprocess::selfExecutable()); the default configuration.

	Executor(std::string program, Configuration configuration);

	json::Value run(const json::Value& request, const std::atomic<bool>* cancel = nullptr, LedgerKeeper* ledger = nullptr,
		AccessTokens* tokens = nullptr) const;
		/// Runs the request under the configured limits of its operation (limitsFor()).

	json::Value run(const json::Value& request, const Limits& limits, const std::atomic<bool>* cancel = nullptr,
		LedgerKeeper* ledger = nullptr, AccessTokens* tokens = nullptr) const;
		/// The "result" of a successful operation. Throws ConnectorError with the
		/// connector's message when it reported a failure (or answered more than
		/// limits.answerBytes), ExecutorTimedOut when it ran out of time, ExecutorFailure
		/// when the process failed otherwise. ledger: the change ledger a sync's executor reads and
		/// records over its pipe (the executor itself never reaches the database). tokens: where
		/// the executor gets the OAuth access tokens of its connectors, and new ones after a 401
		/// (without, the access token in a configuration is the only one).

	Limits limitsFor(const std::string& operation) const;
		/// The configured time and memory limits of an operation.

	static void countFailure(const std::string& reason);
		/// Counts an executor that ended without an answer in the metric
		/// polytomic_executor_crashes_total{reason}: crashed, out_of_memory, killed,
		/// timed_out, no_answer. An empty reason only defines the metric (at 0).

private:
	std::string _program;
	Configuration _configuration;
};


int runExecutor(std::istream& in, std::ostream& out);
	/// The child side (`polytomic execute`): reads the request, runs it against
	/// the plugin, writes the answer. SIGTERM cancels the work.


void blockTerminationSignals();
	/// Blocks SIGINT, SIGTERM and SIGQUIT and ignores SIGPIPE. Called first in
	/// main, before any thread exists, so every thread inherits the mask and only
	/// the threads that sigwait for them receive them (the server's main thread,
	/// runExecutor's cancellation thread).


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_Executor_INCLUDED
