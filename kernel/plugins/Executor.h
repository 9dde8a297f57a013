//
// Executor.h
//
// Definition of the Executor class and the executor process's entry point.
//


#ifndef Polytomic_Plugins_Executor_INCLUDED
#define Polytomic_Plugins_Executor_INCLUDED


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
	};

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

	json::Value run(const json::Value& request, const std::atomic<bool>* cancel = nullptr, LedgerKeeper* ledger = nullptr) const;
		/// Runs the request under the configured limits of its operation (limitsFor()).

	json::Value run(const json::Value& request, const Limits& limits, const std::atomic<bool>* cancel = nullptr,
		LedgerKeeper* ledger = nullptr) const;
		/// The "result" of a successful operation. Throws ConnectorError with the
		/// connector's message when it reported a failure, ExecutorFailure when the
		/// process failed. ledger: the change ledger a sync's executor reads and
		/// records over its pipe (the executor itself never reaches the database).

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


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_Executor_INCLUDED
