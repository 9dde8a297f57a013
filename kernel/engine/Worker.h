//
// Worker.h
//
// Definition of the Worker class.
//


#ifndef Polytomic_Engine_Worker_INCLUDED
#define Polytomic_Engine_Worker_INCLUDED


#include "engine/ExecutionRunner.h"
#include "license/LicenseGate.h"
#include <atomic>
#include <string>
#include <thread>
#include <vector>


namespace polytomic {
namespace engine {


class Worker
	/// The worker role: SYNC_CONCURRENCY threads that claim queued executions
	/// from PostgreSQL (SELECT ... FOR UPDATE SKIP LOCKED, under a lease kept
	/// alive by a heartbeat) and run them. An execution whose worker vanished is
	/// claimed again once its lease expires.
{
public:
	Worker(std::vector<ExecutionRunner*> runners, int concurrency, const license::LicenseGate* gate = nullptr);
		/// Each thread claims from the runners' queues in turn; nothing while the
		/// gate refuses new executions (the licence is past its grace period).
	~Worker();

	void start();

	void stop();
		/// Claims nothing more; running executions are stopped and go back to the
		/// queue for another worker (or this one after a restart).

	const std::string& id() const;

private:
	void loop();

	std::vector<ExecutionRunner*> _runners;
	int _concurrency;
	const license::LicenseGate* _gate;
	std::string _id;
	std::atomic<bool> _stopping{false};
	std::vector<std::thread> _threads;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_Worker_INCLUDED
