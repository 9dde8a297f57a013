//
// Database.cpp
//


#include "store/Database.h"
#include "store/PgResult.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include <libpq-fe.h>
#include <cstdlib>


namespace polytomic {
namespace store {


struct Database::Lease::Pooled
{
	std::unique_ptr<PGconn, decltype(&PQfinish)> connection;
	std::uint64_t generation;
};


namespace
{
	bool usable(PGconn* conn)
	{
		return conn && PQstatus(conn) == CONNECTION_OK;
	}


	std::string firstLine(std::string text)
	{
		auto nl = text.find('\n');
		if (nl != std::string::npos) text.erase(nl);
		return text;
	}
}


Database::Lease::Lease(Database* pDatabase, std::unique_ptr<Pooled> pooled):
	_pDatabase(pDatabase),
	_pooled(std::move(pooled))
{
}


Database::Lease::Lease(Lease&& other) noexcept:
	_pDatabase(other._pDatabase),
	_pooled(std::move(other._pooled))
{
}


Database::Lease::~Lease()
{
	if (_pooled) _pDatabase->giveBack(std::move(_pooled));
}


PGconn* Database::Lease::handle()
{
	return _pooled->connection.get();
}


bool Database::Lease::connected()
{
	return usable(handle());
}


Database::Database(const config::DatabaseUrl& url, int poolSize, std::chrono::milliseconds acquireTimeout):
	_url(url),
	_connectionString(url.connectionString()),
	_poolSize(poolSize),
	_acquireTimeout(acquireTimeout)
{
	// Values the connection string does not carry (they contain spaces) go to libpq through its environment.
	for (const auto& [name, value]: url.environment()) ::setenv(name.c_str(), value.c_str(), 1);
}


Database::~Database()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_idle.clear();
}


Database::Lease Database::acquire()
{
	std::unique_lock<std::mutex> lock(_mutex);
	const auto deadline = std::chrono::steady_clock::now() + _acquireTimeout;
	while (true)
	{
		while (!_idle.empty())
		{
			std::unique_ptr<Lease::Pooled> pooled = std::move(_idle.front());
			_idle.pop_front();
			if (pooled->generation == _generation && usable(pooled->connection.get()))
				return Lease(this, std::move(pooled));
			--_open;
			lock.unlock();
			pooled.reset();
			lock.lock();
		}
		if (_open < _poolSize)
		{
			++_open;
			lock.unlock();
			try
			{
				return Lease(this, open());
			}
			catch (...)
			{
				lock.lock();
				--_open;
				_released.notify_one();
				throw;
			}
		}
		if (_released.wait_until(lock, deadline) == std::cv_status::timeout && _idle.empty() && _open >= _poolSize)
			throw DatabaseUnavailable("all " + std::to_string(_poolSize) +
				" database connections are busy; raise DATABASE_POOL_SIZE if this persists");
	}
}


std::unique_ptr<Database::Lease::Pooled> Database::open()
{
	std::uint64_t generation;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		generation = _generation;
	}
	auto pooled = std::unique_ptr<Lease::Pooled>(new Lease::Pooled{{PQconnectdb(_connectionString.c_str()), PQfinish}, generation});
	PGconn* conn = pooled->connection.get();
	if (!usable(conn))
	{
		throw DatabaseUnavailable("cannot connect to PostgreSQL at " + _url.hostList() + " (database \"" + _url.database() +
			"\", user \"" + _url.user() + "\"): " + firstLine(conn ? PQerrorMessage(conn) : "out of memory"));
	}
	// libpq prints server notices to stderr by default; route them to the log instead.
	PQsetNoticeProcessor(conn, [](void*, const char* text) {
		std::string notice(text);
		while (!notice.empty() && notice.back() == '\n') notice.pop_back();
		Poco::Logger::get("polytomic.store").debug("PostgreSQL: " + notice);
	}, nullptr);
	return pooled;
}


void Database::giveBack(std::unique_ptr<Lease::Pooled> pooled)
{
	PGconn* conn = pooled->connection.get();
	bool reusable = usable(conn);
	if (reusable && PQtransactionStatus(conn) != PQTRANS_IDLE)
	{
		PQclear(PQexec(conn, "ROLLBACK"));
		reusable = usable(conn) && PQtransactionStatus(conn) == PQTRANS_IDLE;
	}
	std::unique_lock<std::mutex> lock(_mutex);
	if (reusable && pooled->generation == _generation)
	{
		_idle.push_back(std::move(pooled));
	}
	else
	{
		--_open;
		lock.unlock();
		pooled.reset();
		lock.lock();
	}
	_released.notify_one();
}


void Database::connectionLost()
{
	std::lock_guard<std::mutex> lock(_mutex);
	++_generation;
}


void Database::runRaw(const std::function<void(PGconn*)>& work)
{
	runOnLease([&work](Lease& lease) { work(lease.handle()); });
}


void Database::runOnLease(const std::function<void(Lease&)>& work)
{
	for (int attempt = 0;; ++attempt)
	{
		Lease lease = acquire();
		try
		{
			work(lease);
			return;
		}
		catch (const std::exception& e)
		{
			if (lease.connected()) throw;
			connectionLost();
			if (attempt > 0)
			{
				auto* poco = dynamic_cast<const Poco::Exception*>(&e);
				throw DatabaseUnavailable("lost the connection to PostgreSQL at " + _url.hostList() + ": " +
					firstLine(poco ? poco->message() : e.what()));
			}
		}
	}
}


bool Database::ping(std::string* error)
{
	try
	{
		runRaw([](PGconn* conn) { execute(conn, "SELECT 1"); });
		return true;
	}
	catch (const std::exception& e)
	{
		auto* poco = dynamic_cast<const Poco::Exception*>(&e);
		if (error) *error = poco ? poco->displayText() : e.what();
		return false;
	}
}


std::size_t Database::idle() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _idle.size();
}


int Database::poolSize() const
{
	return _poolSize;
}


std::size_t Database::size() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return static_cast<std::size_t>(_open);
}


} } // namespace polytomic::store
