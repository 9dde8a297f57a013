//
// FakePostgresServer.h
//
// Definition of the FakePostgresServer class.
//


#ifndef Polytomic_Test_FakePostgresServer_INCLUDED
#define Polytomic_Test_FakePostgresServer_INCLUDED


#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/StreamSocket.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>


namespace polytomic {
namespace test {


class FakePostgresServer
	/// A host that plays a PostgreSQL server to steal passwords, on a loopback
	/// port: it refuses SSL, answers a startup message with
	/// AuthenticationCleartextPassword (as a real server may), records the
	/// password the client sends, then refuses the login (28P01). It counts
	/// every connection, startup message or not.
{
public:
	struct Login
	{
		std::string user;
		std::string database;
		std::string password;      /// empty when the client sent none
	};

	FakePostgresServer();
		/// Listens on a free loopback port at once.
	~FakePostgresServer();

	unsigned port() const;

	std::size_t connections() const;
		/// How many clients connected.

	std::vector<Login> logins() const;
		/// The startup messages received, with their passwords.

	bool waitForLogins(std::size_t count, std::chrono::milliseconds timeout) const;
		/// True once at least count logins ended (password received, or the client left).

private:
	void serve();
	void answer(Poco::Net::StreamSocket& client);

	Poco::Net::ServerSocket _socket;
	std::atomic<bool> _stopping{false};
	mutable std::mutex _mutex;
	mutable std::condition_variable _changed;
	std::size_t _connections = 0;
	std::vector<Login> _logins;
	std::thread _thread;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakePostgresServer_INCLUDED
