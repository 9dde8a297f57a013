//
// Worker.h
//
// Definition of the Worker class.
//


#ifndef Polytomic_Engine_Worker_INCLUDED
#define Polytomic_Engine_Worker_INCLUDED


#include "engine/ExecutionRunner.h"
#include "license/LicenseGate.h"
#include "store/QueueSignal.h"
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
	Worker(std::vector<ExecutionRunner*> runners, int concurrency, const license::LicenseGate* gate = nullptr,
		store::QueueSignal* signal = nullptr);
		/// Each thread claims from the runners' queues in turn; nothing while the
		/// gate refuses new executions (the licence is past its grace period).
		/// With a signal, an idle thread wakes as soon as a run is queued (and
		/// looks anyway every second); without, it looks five times a second.
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
	store::QueueSignal* _signal;
	std::string _id;
	std::atomic<bool> _stopping{false};
	std::vector<std::thread> _threads;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_Worker_INCLUDED
