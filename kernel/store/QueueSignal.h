//
// QueueSignal.h
//
// Definition of the QueueSignal class.
//


#ifndef Polytomic_Store_QueueSignal_INCLUDED
#define Polytomic_Store_QueueSignal_INCLUDED


#include "store/Database.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>


namespace polytomic {
namespace store {


class QueueSignal
	/// Tells waiting workers at once that an execution was queued: a thread
	/// LISTENs on a PostgreSQL channel that ExecutionQueue NOTIFYs. Workers
	/// still poll (more slowly) as well, so a lost connection or a missed
	/// notification only delays a run, never loses it.
{
public:
	static const char* CHANNEL;

	explicit QueueSignal(Database& database);
	~QueueSignal();

	uint64_t generation() const;
		/// Changes with every notification: take it before looking for work.

	void wait(uint64_t seen, std::chrono::milliseconds timeout);
		/// Returns when a notification came after `seen` was taken, or after the timeout.

private:
	void loop();

	Database& _database;
	std::atomic<bool> _stopping{false};
	std::atomic<uint64_t> _generation{0};
	std::mutex _mutex;
	std::condition_variable _changed;
	std::thread _thread;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_QueueSignal_INCLUDED
