//
// Database.cpp
//


#include "store/Database.h"
#include "Poco/Data/PostgreSQL/Connector.h"
#include "Poco/Data/PostgreSQL/SessionHandle.h"
#include "Poco/Data/DataException.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include <libpq-fe.h>
#include <cstdlib>


using namespace Poco::Data::Keywords;


namespace polytomic {
namespace store {


struct Database::Lease::Pooled
{
	Poco::Data::Session session;
	std::uint64_t generation;
};


namespace
{
	void registerConnectorOnce()
	{
		static std::once_flag once;
		std::call_once(once, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
	}


	PGconn* rawHandle(Poco::Data::Session& session)
	{
		auto* handle = Poco::AnyCast<Poco::Data::PostgreSQL::SessionHandle*>(session.getProperty("handle"));
		return *handle;
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


Poco::Data::Session& Database::Lease::session()
{
	return _pooled->session;
}


PGconn* Database::Lease::handle()
{
	return rawHandle(_pooled->session);
}


bool Database::Lease::connected()
{
	PGconn* conn = handle();
	return conn && PQstatus(conn) == CONNECTION_OK;
}


Database::Database(const config::DatabaseUrl& url, int poolSize, std::chrono::milliseconds acquireTimeout):
	_url(url),
	_connectionString(url.connectionString()),
	_poolSize(poolSize),
	_acquireTimeout(acquireTimeout)
{
	registerConnectorOnce();
	// Values POCO's connection string cannot carry (they contain spaces) go to libpq through its environment.
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
			if (pooled->generation == _generation && pooled->session.isConnected())
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
	try
	{
		auto pooled = std::unique_ptr<Lease::Pooled>(new Lease::Pooled{Poco::Data::Session("postgresql", _connectionString), generation});
		// libpq prints server notices to stderr by default; route them to the log instead.
		PQsetNoticeProcessor(rawHandle(pooled->session), [](void*, const char* text) {
			std::string notice(text);
			while (!notice.empty() && notice.back() == '\n') notice.pop_back();
			Poco::Logger::get("polytomic.store").debug("PostgreSQL: " + notice);
		}, nullptr);
		return pooled;
	}
	catch (const Poco::Exception& e)
	{
		throw DatabaseUnavailable("cannot connect to PostgreSQL at " + _url.hostList() + " (database \"" + _url.database() +
			"\", user \"" + _url.user() + "\"): " + firstLine(e.message().empty() ? e.displayText() : e.message()));
	}
}


void Database::giveBack(std::unique_ptr<Lease::Pooled> pooled)
{
	PGconn* conn = rawHandle(pooled->session);
	bool reusable = conn && PQstatus(conn) == CONNECTION_OK;
	if (reusable && PQtransactionStatus(conn) != PQTRANS_IDLE)
	{
		try
		{
			if (pooled->session.isTransaction()) pooled->session.rollback();
		}
		catch (...)
		{
		}
		if (PQtransactionStatus(conn) != PQTRANS_IDLE) PQclear(PQexec(conn, "ROLLBACK"));
		reusable = PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE;
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


void Database::run(const std::function<void(Poco::Data::Session&)>& work)
{
	runOnLease([&work](Lease& lease) { work(lease.session()); });
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
		run([](Poco::Data::Session& s) {
			int one = 0;
			s << "SELECT 1", into(one), now;
		});
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
