//
// Scheduler.cpp
//


#include "engine/Scheduler.h"
#include "engine/Schedule.h"
#include "store/PgResult.h"
#include "Poco/Logger.h"
#include <ctime>
#include <memory>


namespace polytomic {
namespace engine {


namespace
{
	// pg_advisory_lock key of the active scheduler: "poly" "schd" in ASCII.
	const std::string LOCK_KEY = "8101861529468134244";
}


Scheduler::Scheduler(store::Database& database, std::vector<store::ExecutionQueue*> queues, int logRetentionDays,
	const license::LicenseGate* gate, store::BulkSyncRepository* bulkSyncs):
	_database(database),
	_queues(std::move(queues)),
	_logs(database),
	_logRetentionDays(logRetentionDays),
	_gate(gate),
	_bulkSyncs(bulkSyncs)
{
}


Scheduler::~Scheduler()
{
	stop();
}


void Scheduler::start()
{
	_thread = std::thread([this] { loop(); });
}


void Scheduler::stop()
{
	_stopping = true;
	if (_thread.joinable()) _thread.join();
}


bool Scheduler::active() const
{
	return _active.load();
}


void Scheduler::tick()
{
	const std::time_t now = std::time(nullptr);
	const bool licensed = !_gate || _gate->allowsNewExecutions();
	const auto nextRun = [now](const std::string& schedule) -> std::optional<long long> {
		// The next run after now: a scheduler that was down runs a missed run once, not once per missed slot.
		const auto next = Schedule::fromJson(json::Value::parse(schedule)).nextAfter(now);
		return next ? std::optional<long long>(static_cast<long long>(*next)) : std::nullopt;
	};
	for (store::ExecutionQueue* queue: licensed ? _queues : std::vector<store::ExecutionQueue*>())
	{
		queue->queueDue(nextRun);
		queue->queueContinuous();
	}
	if (licensed && _bulkSyncs) _bulkSyncs->queueDueSchedules(nextRun);
	if (now - _lastPurge >= 3600)
	{
		_lastPurge = now;
		if (const int deleted = _logs.purge(_logRetentionDays))
			Poco::Logger::get("polytomic.scheduler").information("deleted " + std::to_string(deleted) + " log entries older than " +
				std::to_string(_logRetentionDays) + " days");
	}
}


void Scheduler::loop()
{
	Poco::Logger& logger = Poco::Logger::get("polytomic.scheduler");
	std::unique_ptr<store::Database::Lease> lock;
	while (!_stopping)
	{
		try
		{
			if (!lock)
			{
				auto lease = std::make_unique<store::Database::Lease>(_database.acquire());
				if (store::execute(lease->handle(), "SELECT pg_try_advisory_lock($1)", {LOCK_KEY}).value(0, 0) == "t")
				{
					lock = std::move(lease);
					_active = true;
					logger.information("this scheduler is the active one");
				}
			}
			else if (store::execute(lock->handle(), "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
				"AND ((classid::bigint << 32) | objid::bigint) = $1::bigint", {LOCK_KEY}).value(0, 0) == "0")
			{
				throw std::runtime_error("the scheduler lock was lost");
			}
			if (lock) tick();
		}
		catch (const std::exception& e)
		{
			if (lock) logger.warning(std::string("scheduler paused: ") + e.what());
			if (lock && PQstatus(lock->handle()) == CONNECTION_OK)
			{
				try
				{
					store::execute(lock->handle(), "SELECT pg_advisory_unlock($1)", {LOCK_KEY});
				}
				catch (...)
				{
				}
			}
			lock.reset();
			_active = false;
		}
		for (int i = 0; i < 10 && !_stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
	if (lock && PQstatus(lock->handle()) == CONNECTION_OK)
	{
		try
		{
			store::execute(lock->handle(), "SELECT pg_advisory_unlock($1)", {LOCK_KEY});
		}
		catch (...)
		{
		}
	}
	_active = false;
}


} } // namespace polytomic::engine
