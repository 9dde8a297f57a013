//
// QueueSignal.cpp
//


#include "store/QueueSignal.h"
#include "store/PgResult.h"
#include <libpq-fe.h>
#include <poll.h>


namespace polytomic {
namespace store {


const char* QueueSignal::CHANNEL = "polytomic_executions";


QueueSignal::QueueSignal(Database& database):
	_database(database),
	_thread([this] { loop(); })
{
}


QueueSignal::~QueueSignal()
{
	_stopping = true;
	_thread.join();
}


uint64_t QueueSignal::generation() const
{
	return _generation.load();
}


void QueueSignal::wait(uint64_t seen, std::chrono::milliseconds timeout)
{
	std::unique_lock<std::mutex> lock(_mutex);
	_changed.wait_for(lock, timeout, [this, seen] { return _generation.load() != seen; });
}


void QueueSignal::loop()
{
	while (!_stopping)
	{
		try
		{
			Database::Lease lease = _database.acquire();
			PGconn* conn = lease.handle();
			execute(conn, std::string("LISTEN ") + CHANNEL);
			while (!_stopping)
			{
				pollfd socket{PQsocket(conn), POLLIN, 0};
				if (::poll(&socket, 1, 250) < 0 || !PQconsumeInput(conn)) break;
				bool notified = false;
				while (PGnotify* notification = PQnotifies(conn))
				{
					notified = true;
					PQfreemem(notification);
				}
				if (notified)
				{
					{
						std::lock_guard<std::mutex> guard(_mutex);
						++_generation;
					}
					_changed.notify_all();
				}
			}
			if (PQstatus(conn) == CONNECTION_OK) execute(conn, std::string("UNLISTEN ") + CHANNEL);
		}
		catch (const std::exception&)
		{
			// The database is away: workers keep polling; listen again in a while.
		}
		for (int i = 0; i < 10 && !_stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
}


} } // namespace polytomic::store
