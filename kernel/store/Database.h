//
// Database.h
//
// Definition of the Database class.
//


#ifndef Polytomic_Store_Database_INCLUDED
#define Polytomic_Store_Database_INCLUDED


#include "config/DatabaseUrl.h"
#include "store/DatabaseError.h"
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>


typedef struct pg_conn PGconn;


namespace polytomic {
namespace store {


class Database
	/// The pool of libpq connections of one process, sized by DATABASE_POOL_SIZE.
	///
	/// It waits (up to a bound) for a free session,
	/// and it recovers from a database restart: when a query finds its connection
	/// dead, every session opened before that moment is discarded and the unit of
	/// work is retried once on a new connection (see run()).
{
public:
	class Lease
		/// One session borrowed from the pool; returned (rolled back if a
		/// transaction is still open) when the lease is destroyed.
	{
	public:
		Lease(Lease&& other) noexcept;
		Lease(const Lease&) = delete;
		Lease& operator=(const Lease&) = delete;
		~Lease();

		PGconn* handle();
			/// The libpq connection. Valid for the life of the lease.

		bool connected();

	private:
		friend class Database;
		struct Pooled;
		Lease(Database* pDatabase, std::unique_ptr<Pooled> pooled);

		Database* _pDatabase;
		std::unique_ptr<Pooled> _pooled;
	};

	Database(const config::DatabaseUrl& url, int poolSize,
		std::chrono::milliseconds acquireTimeout = std::chrono::milliseconds(10000));

	~Database();

	Lease acquire();
		/// Borrows a session, opening a connection when none is idle. Throws
		/// DatabaseUnavailable when PostgreSQL cannot be reached or no session
		/// frees up within the acquire timeout.

	void runRaw(const std::function<void(PGconn*)>& work);
		/// Runs one unit of work (typically one transaction) on a pooled libpq
		/// connection. When the connection turns out to be dead (PostgreSQL
		/// restarted), the pool is refreshed and the work retried once on a new
		/// connection; if that fails too, DatabaseUnavailable is thrown. Other
		/// errors propagate.

	bool ping(std::string* error = nullptr);
		/// Runs SELECT 1; true when PostgreSQL answers.

	const config::DatabaseUrl& url() const;

	std::size_t size() const;
		/// Connections currently open (idle or leased).

	std::size_t idle() const;
		/// Open connections no one has leased.

	int poolSize() const;
		/// DATABASE_POOL_SIZE: the most connections it opens.

private:
	std::unique_ptr<Lease::Pooled> open();
	void giveBack(std::unique_ptr<Lease::Pooled> pooled);
	void connectionLost();
	void runOnLease(const std::function<void(Lease&)>& work);

	config::DatabaseUrl _url;
	std::string _connectionString;
	int _poolSize;
	std::chrono::milliseconds _acquireTimeout;

	mutable std::mutex _mutex;
	std::condition_variable _released;
	std::deque<std::unique_ptr<Lease::Pooled>> _idle;
	int _open = 0;
	std::uint64_t _generation = 0;
};


//
// inlines
//
inline const config::DatabaseUrl& Database::url() const
{
	return _url;
}


} } // namespace polytomic::store


#endif // Polytomic_Store_Database_INCLUDED
