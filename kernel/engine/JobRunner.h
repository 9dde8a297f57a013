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
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>


namespace polytomic {
namespace engine {


class JobRunner
	/// Runs the API's background jobs (an asynchronous model preview, sample,
	/// create or update, and the query runner's queries) on a few threads of
	/// its own, recording each one's owner, status and result in the
	/// JobRepository, where any replica reads them. Bounded twice, so that one
	/// caller (or one tenant's script) cannot keep it full for everyone: at
	/// most MAX_QUEUED jobs wait in all, and one caller has at most
	/// MAX_PER_CALLER waiting or running. A free thread takes the oldest job of
	/// a caller that has none running, else the oldest.
{
public:
	using Work = std::function<json::Value()>;
		/// Computes the job's result; an exception fails the job with its message.

	class Busy: public std::runtime_error
		/// The job was not taken: what() says why and what to do.
	{
	public:
		using std::runtime_error::runtime_error;
	};

	explicit JobRunner(store::JobRepository& jobs, int threads = 2);
	~JobRunner();
		/// Waits for the running jobs; the queued ones are failed (the server is stopping).

	store::JobRecord submit(const std::string& organizationId, const std::string& owner, const std::string& type, Work work);
		/// The new job (created). Throws Busy when the owner has MAX_PER_CALLER
		/// jobs waiting or running, or MAX_QUEUED jobs wait.

	static std::string errorText(const std::exception& e);
		/// The message of a failed job: a ValidationError's fields included.

	static constexpr std::size_t MAX_QUEUED = 32;
	static constexpr std::size_t MAX_PER_CALLER = 2;
	static constexpr int TTL_SECONDS = 3600;

private:
	struct Queued
	{
		std::string id;
		std::string caller;   /// organization and owner
		Work work;
	};

	void loop();
		/// A thread's life: take a job, run it, until the runner stops.

	Queued next();
		/// The oldest job of a caller with none running, else the oldest (under the lock).

	void run(const Queued& job);
		/// Runs the work and records its outcome; never throws.

	void release(const std::string& caller, bool ran);
		/// The caller holds one job less (under the lock); ran: it was running.

	store::JobRepository& _jobs;
	std::mutex _mutex;
	std::condition_variable _wake;
	std::deque<Queued> _queue;
	std::map<std::string, std::size_t> _held;      /// by caller: waiting, running or being submitted
	std::map<std::string, std::size_t> _running;   /// by caller
	std::size_t _submitting = 0;
	bool _stopping = false;
	std::vector<std::thread> _threads;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_JobRunner_INCLUDED
