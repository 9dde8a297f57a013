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
#include <future>
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
	/// JobRepository, where any replica reads them. Bounded so that one caller
	/// (or one tenant's script, or one organization's many members) cannot keep
	/// it full for everyone: at most MAX_QUEUED jobs wait in all, one caller has
	/// at most MAX_PER_CALLER waiting or running and one organization at most
	/// MAX_PER_ORGANIZATION. Shared fairly: an organization runs on at most half
	/// the threads, and a free thread takes the oldest job of a caller (then of
	/// an organization) with least running, so a caller runs a second job only
	/// when no one else's job can start.
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

	static constexpr int THREADS = 4;
		/// Four, so that with an organization held to half of them two are
		/// always left to the others while one runs slow queries.

	explicit JobRunner(store::JobRepository& jobs, int threads = THREADS);
	~JobRunner();
		/// Waits for the running jobs; the queued ones are failed (the server is stopping).

	store::JobRecord submit(const std::string& organizationId, const std::string& owner, const std::string& type, Work work);
		/// The new job (created). Throws Busy when the owner has MAX_PER_CALLER
		/// jobs waiting or running, its organization MAX_PER_ORGANIZATION,
		/// or MAX_QUEUED jobs wait.

	json::Value perform(const std::string& organizationId, const std::string& owner, const std::string& type, Work work);
		/// Submits the job and waits for its result, within the same bounds
		/// and turn as submit (a synchronous request); rethrows the work's
		/// exception, Busy when the job was not taken or the server stopped first.

	static std::string errorText(const std::exception& e);
		/// The message of a failed job: a ValidationError's fields included.

	static constexpr std::size_t MAX_QUEUED = 32;
	static constexpr std::size_t MAX_PER_CALLER = 2;
	static constexpr std::size_t MAX_PER_ORGANIZATION = MAX_QUEUED / 2;
	static constexpr int TTL_SECONDS = 3600;

private:
	struct Queued
	{
		std::string id;
		std::string caller;   /// organization and owner
		std::string organization;
		Work work;
	};

	void loop();
		/// A thread's life: take a job, run it, until the runner stops.

	bool ready() const;
		/// A waiting job may start: its organization has less than half the threads (under the lock).

	Queued next();
		/// The oldest job that may start of a caller, then an organization, with least running (under the lock).

	void run(const Queued& job);
		/// Runs the work and records its outcome; never throws.

	void release(const Queued& job, bool ran);
		/// The caller holds one job less (under the lock); ran: it was running.

	store::JobRepository& _jobs;
	std::mutex _mutex;
	std::condition_variable _wake;
	std::deque<Queued> _queue;
	std::map<std::string, std::size_t> _held;      /// by caller: waiting, running or being submitted
	std::map<std::string, std::size_t> _running;   /// by caller
	std::map<std::string, std::size_t> _heldByOrganization;
	std::map<std::string, std::size_t> _runningByOrganization;
	std::size_t _threadCount;
	std::size_t _submitting = 0;
	bool _stopping = false;
	std::vector<std::thread> _threads;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_JobRunner_INCLUDED
