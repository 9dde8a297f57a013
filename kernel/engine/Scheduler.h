//
// Scheduler.h
//
// Definition of the Scheduler class.
//


#ifndef Polytomic_Engine_Scheduler_INCLUDED
#define Polytomic_Engine_Scheduler_INCLUDED


#include "license/LicenseGate.h"
#include "store/BulkSyncRepository.h"
#include "store/ExecutionLogRepository.h"
#include "store/ExecutionQueue.h"
#include <vector>
#include <ctime>
#include "store/Database.h"
#include <atomic>
#include <thread>


namespace polytomic {
namespace engine {


class Scheduler
	/// The scheduler role: queues the runs of scheduled bulk syncs when they
	/// fall due (hourly, daily, weekly, custom cron, continuous). Several may
	/// run; a PostgreSQL advisory lock, held on a connection of its own, makes
	/// exactly one active, and another takes over when it goes away. Runs that
	/// follow other runs (runafter) are queued by the worker that finished them.
{
public:
	Scheduler(store::Database& database, std::vector<store::ExecutionQueue*> queues, int logRetentionDays = 30,
		const license::LicenseGate* gate = nullptr, store::BulkSyncRepository* bulkSyncs = nullptr);
		/// Schedules the syncs of each queue (bulk syncs, model syncs), and the extra
		/// schedules of the bulk syncs when given; also deletes
		/// console and per-record logs past their retention. Queues nothing while
		/// the gate refuses new executions (the licence is past its grace period).
	~Scheduler();

	void start();
	void stop();

	bool active() const;
		/// True while this scheduler holds the lock.

	void tick();
		/// One pass: queue what is due. Only the active scheduler calls it.

private:
	void loop();

	store::Database& _database;
	std::vector<store::ExecutionQueue*> _queues;
	store::ExecutionLogRepository _logs;
	int _logRetentionDays;
	const license::LicenseGate* _gate;
	store::BulkSyncRepository* _bulkSyncs;
	std::time_t _lastPurge = 0;
	std::atomic<bool> _stopping{false};
	std::atomic<bool> _active{false};
	std::thread _thread;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_Scheduler_INCLUDED
