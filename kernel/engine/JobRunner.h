//
// JobRunner.h
//
// Definition of the JobRunner class.
//


#ifndef Polytomic_Engine_JobRunner_INCLUDED
#define Polytomic_Engine_JobRunner_INCLUDED


#include "polytomic/json.hpp"
#include "store/JobRepository.h"
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>


namespace polytomic {
namespace engine {


class JobRunner
	/// Runs the API's background jobs (an asynchronous model preview, sample,
	/// create or update) on a few threads of its own, recording each one's
	/// status and result in the JobRepository, where any replica reads them.
	/// The queue is bounded: a job waits behind at most MAX_QUEUED others.
{
public:
	using Work = std::function<json::Value()>;
		/// Computes the job's result; an exception fails the job with its message.

	explicit JobRunner(store::JobRepository& jobs, int threads = 2);
	~JobRunner();
		/// Waits for the running jobs; the queued ones are failed (the server is stopping).

	std::optional<store::JobRecord> submit(const std::string& organizationId, const std::string& type, Work work);
		/// The new job (created), or nothing when MAX_QUEUED jobs already wait.

	static std::string errorText(const std::exception& e);
		/// The message of a failed job: a ValidationError's fields included.

	static constexpr std::size_t MAX_QUEUED = 32;
	static constexpr int TTL_SECONDS = 3600;

private:
	struct Queued
	{
		std::string id;
		Work work;
	};

	void loop();
	void run(const Queued& job);

	store::JobRepository& _jobs;
	std::mutex _mutex;
	std::condition_variable _wake;
	std::deque<Queued> _queue;
	bool _stopping = false;
	std::vector<std::thread> _threads;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_JobRunner_INCLUDED
