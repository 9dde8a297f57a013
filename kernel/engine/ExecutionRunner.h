//
// ExecutionRunner.h
//
// Definition of the ExecutionRunner class.
//


#ifndef Polytomic_Engine_ExecutionRunner_INCLUDED
#define Polytomic_Engine_ExecutionRunner_INCLUDED


#include "engine/ConsoleLog.h"
#include "polytomic/json.hpp"
#include "store/ExecutionLogRepository.h"
#include "store/ExecutionQueue.h"
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace engine {


struct RetryPolicy
{
	bool enabled = false;    /// SYNC_RETRY_ERRORS
	int attempts = 3;        /// in all, the first included
	int delaySeconds = 15;   /// before the second attempt; doubled each time after
};


class ClaimLost: public std::runtime_error
	/// A write of the execution found that this worker no longer holds it
	/// (its lease expired and another worker claimed it): the run stops.
{
public:
	using std::runtime_error::runtime_error;
};


class ExecutionRunner
	/// What every kind of execution shares once a worker claimed it: the lease
	/// kept alive by a heartbeat (which also notices a cancel request), the
	/// console log, and the ending: completed or failed (with an event), canceled,
	/// given back to the queue when the worker stops, retried later after a
	/// transient failure (an executor that crashed, was killed or timed out, or
	/// an unreachable database) when retries are on, or left alone when another
	/// worker took the lease over.
{
public:
	enum class Outcome
	{
		FINISHED,   /// completed, failed or canceled: recorded
		RELEASED    /// back in the queue (worker stopping, retry later, lease lost)
	};

	ExecutionRunner(store::ExecutionQueue& queue, store::ExecutionLogRepository& logs, cache::Cache* cache, int leaseSeconds,
		RetryPolicy retry);
	virtual ~ExecutionRunner() = default;

	store::ExecutionQueue& queue();
	int leaseSeconds() const;

	void runBefore(store::ExecutionQueue& followers);
		/// Syncs in that queue may run after the syncs of this one (runafter).

	Outcome run(const store::ExecutionRecord& execution, const std::string& worker, const std::atomic<bool>& stopping);

protected:
	struct Context
	{
		const store::ExecutionRecord& execution;
		const store::ExecutionClaim& claim;
		const std::atomic<bool>& cancel;
		ConsoleLog& log;
		json::Value detail;   /// kept up to date by perform(); recorded however the run ends
	};

	struct Result
	{
		std::string status = "completed";       /// completed | failed
		std::optional<std::string> error;
		bool withErrors = false;                /// completed, but some records were rejected
	};

	void saveProgress(Context& context);
		/// Records context.detail; throws ClaimLost when another worker holds the execution now.

	virtual Result perform(Context& context) = 0;
		/// The work itself; throws when the execution as a whole failed.

	virtual void announce(const store::ExecutionRecord& execution, const std::string& event, const std::optional<std::string>& error,
		const json::Value& detail) = 0;
		/// Emits the event of a state change: running, completed, completed_with_errors, failed, canceled.

	virtual json::Value initialDetail(const store::ExecutionRecord& execution) const = 0;
		/// The detail an attempt starts from.

private:
	store::ExecutionQueue& _queue;
	store::ExecutionLogRepository& _logs;
	cache::Cache* _cache;
	int _leaseSeconds;
	RetryPolicy _retry;
	std::vector<store::ExecutionQueue*> _followers;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_ExecutionRunner_INCLUDED
