//
// ExecutionRunner.cpp
//


#include "engine/ExecutionRunner.h"
#include "plugins/Executor.h"
#include "store/DatabaseError.h"
#include "Poco/Logger.h"
#include <algorithm>
#include <condition_variable>
#include <thread>


namespace polytomic {
namespace engine {


namespace
{
	class Heartbeat
		/// Renews the execution's lease twice a second while the work runs, and notices a
		/// cancellation request or a lost lease.
	{
	public:
		Heartbeat(store::ExecutionQueue& queue, const store::ExecutionClaim& claim, const std::atomic<bool>& stopping, int leaseSeconds):
			_thread([&, claim, leaseSeconds] {
				std::unique_lock<std::mutex> lock(_mutex);
				while (!_done)
				{
					_wake.wait_for(lock, std::chrono::milliseconds(std::min(500, leaseSeconds * 1000 / 3)));
					if (_done) break;
					std::string status;
					try
					{
						status = queue.renew(claim, leaseSeconds);
					}
					catch (const std::exception&)
					{
						continue; // the database is away: the lease lasts a while yet
					}
					if (status == "canceling") cancelRequested = true;
					if (status.empty()) leaseLost = true;
					if (cancelRequested || leaseLost || stopping) cancel = true;
				}
			})
		{
		}

		~Heartbeat()
		{
			{
				std::lock_guard<std::mutex> lock(_mutex);
				_done = true;
			}
			_wake.notify_all();
			_thread.join();
		}

		std::atomic<bool> cancel{false};
		std::atomic<bool> cancelRequested{false};
		std::atomic<bool> leaseLost{false};

	private:
		std::mutex _mutex;
		std::condition_variable _wake;
		bool _done = false;
		std::thread _thread;
	};


	bool transient(const std::exception& e)
	{
		return dynamic_cast<const plugins::ExecutorFailure*>(&e) || dynamic_cast<const store::DatabaseUnavailable*>(&e);
	}
}


ExecutionRunner::ExecutionRunner(store::ExecutionQueue& queue, store::ExecutionLogRepository& logs, cache::Cache* cache, int leaseSeconds,
	RetryPolicy retry):
	_queue(queue),
	_logs(logs),
	_cache(cache),
	_leaseSeconds(leaseSeconds),
	_retry(retry)
{
}


store::ExecutionQueue& ExecutionRunner::queue()
{
	return _queue;
}


int ExecutionRunner::leaseSeconds() const
{
	return _leaseSeconds;
}


void ExecutionRunner::runBefore(store::ExecutionQueue& followers)
{
	_followers.push_back(&followers);
}


void ExecutionRunner::saveProgress(Context& context)
{
	if (!_queue.progress(context.claim, context.detail.dump())) throw ClaimLost("another worker runs this execution now");
}


ExecutionRunner::Outcome ExecutionRunner::run(const store::ExecutionRecord& execution, const std::string& worker,
	const std::atomic<bool>& stopping)
{
	Poco::Logger& logger = Poco::Logger::get("polytomic.worker");
	const store::ExecutionClaim claim = store::ExecutionClaim::of(execution, worker);
	ConsoleLog log(_logs, _cache, claim, _queue.tables().executions);
	const std::string name = _queue.tables().parentColumn + " " + execution.parentId + ": execution " + execution.id;
	const auto lost = [&] {
		logger.warning(name + ": the lease was lost; another worker has it now, and its result stands");
		return Outcome::RELEASED;
	};
	if (execution.status == "canceling")
	{
		if (!_queue.finish(claim, "canceled", std::nullopt, execution.detail)) return lost();
		log.info("canceled before it started");
		announce(execution, "canceled", std::nullopt, json::Value::parse(execution.detail));
		return Outcome::FINISHED;
	}
	logger.information(name + " started (attempt " + std::to_string(execution.attempts) + ")");
	log.info(execution.attempts > 1 ? "started by worker " + worker + " (attempt " + std::to_string(execution.attempts) + ")" :
		"started by worker " + worker);
	announce(execution, "running", std::nullopt, json::Value());
	Heartbeat heartbeat(_queue, claim, stopping, _leaseSeconds);
	Context context{execution, claim, heartbeat.cancel, log, initialDetail(execution)};
	Result result;
	try
	{
		result = perform(context);
	}
	catch (const std::exception& e)
	{
		if (heartbeat.leaseLost || dynamic_cast<const ClaimLost*>(&e)) return lost();
		if (heartbeat.cancelRequested)
		{
			if (!_queue.finish(claim, "canceled", std::nullopt, context.detail.dump())) return lost();
			log.info("canceled");
			announce(execution, "canceled", std::nullopt, context.detail);
			logger.information(name + " canceled");
			return Outcome::FINISHED;
		}
		if (stopping)
		{
			log.info("the worker is stopping: back to the queue");
			if (!_queue.progress(claim, context.detail.dump()) || !_queue.requeue(claim)) return lost();
			return Outcome::RELEASED;
		}
		if (_retry.enabled && transient(e) && execution.attempts < _retry.attempts)
		{
			const int delay = _retry.delaySeconds << std::min(execution.attempts - 1, 10);
			log.warning(std::string(e.what()) + "; retrying in " + std::to_string(delay) + " s (attempt " +
				std::to_string(execution.attempts + 1) + " of " + std::to_string(_retry.attempts) + ")");
			if (!_queue.progress(claim, context.detail.dump()) || !_queue.retryLater(claim, delay, e.what())) return lost();
			logger.warning(name + " failed (" + e.what() + "); retrying in " + std::to_string(delay) + " s");
			return Outcome::RELEASED;
		}
		result.status = "failed";
		result.error = e.what();
	}
	if (!_queue.finish(claim, result.status, result.error, context.detail.dump())) return lost();
	const bool succeeded = result.status == "completed";
	if (succeeded) log.info(result.withErrors ? "completed; some records were rejected" : "completed");
	else log.error("failed: " + result.error.value_or("unknown error"));
	announce(execution, succeeded ? (result.withErrors ? "completed_with_errors" : "completed") : "failed", result.error, context.detail);
	try
	{
		int queued = 0;
		for (store::ExecutionQueue* followers: _followers)
			queued += followers->queueDependents(_queue.tables().runAfterKey, execution.parentId, succeeded);
		if (queued) log.info("queued " + std::to_string(queued) + " sync(s) that run after this one");
	}
	catch (const std::exception& e)
	{
		logger.warning(name + ": could not queue what runs after it: " + e.what());
	}
	logger.information(name + (succeeded ? " completed" : " failed: " + result.error.value_or("")));
	return Outcome::FINISHED;
}


} } // namespace polytomic::engine
