//
// Scheduler.h
//
// Definition of the Scheduler class.
//


#ifndef Polytomic_Engine_Scheduler_INCLUDED
#define Polytomic_Engine_Scheduler_INCLUDED


#include "store/BulkSyncRepository.h"
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
	Scheduler(store::Database& database, store::BulkSyncRepository& syncs);
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
	store::BulkSyncRepository& _syncs;
	std::atomic<bool> _stopping{false};
	std::atomic<bool> _active{false};
	std::thread _thread;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_Scheduler_INCLUDED
