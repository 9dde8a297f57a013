//
// RedisConnection.h
//
// Definition of the RedisConnection class.
//


#ifndef Polytomic_Cache_RedisConnection_INCLUDED
#define Polytomic_Cache_RedisConnection_INCLUDED


#include "config/RedisUrl.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Redis/Array.h"
#include "Poco/Redis/RedisStream.h"
#include "Poco/Redis/Type.h"
#include "Poco/Timespan.h"
#include <memory>
#include <stdexcept>


namespace polytomic {
namespace cache {


class RedisUnavailable: public std::runtime_error
	/// The Redis server could not be reached or broke the connection.
{
public:
	using std::runtime_error::runtime_error;
};


class RedisConnection
	/// One connection to a Redis server, plain or TLS, authenticated and with
	/// its database selected.
	///
	/// POCO 1.11's Poco::Redis::Client owns a plain socket and cannot speak TLS,
	/// so this class drives the RESP streams of Poco::Redis over a socket it
	/// chooses itself (a SecureStreamSocket for rediss://). Not thread-safe.
{
public:
	RedisConnection(const config::RedisUrl& url, Poco::Timespan timeout);
		/// Connects, performs the TLS handshake, AUTH and SELECT.
		/// Throws RedisUnavailable when the server cannot be used.

	~RedisConnection();

	Poco::Redis::RedisType::Ptr execute(const Poco::Redis::Array& command);
		/// Sends the command and returns the reply. An error reply throws
		/// std::runtime_error with Redis's message; a broken connection throws
		/// RedisUnavailable (the connection is then unusable).

	std::string executeString(const Poco::Redis::Array& command);
		/// Returns a simple or bulk string reply ("" for a null bulk string).

	bool broken() const;

private:
	Poco::Net::StreamSocket connect(const config::RedisUrl& url, Poco::Timespan timeout);

	Poco::Net::StreamSocket _socket;
	std::unique_ptr<Poco::Redis::RedisInputStream> _input;
	std::unique_ptr<Poco::Redis::RedisOutputStream> _output;
	bool _broken = false;
};


//
// inlines
//
inline bool RedisConnection::broken() const
{
	return _broken;
}


} } // namespace polytomic::cache


#endif // Polytomic_Cache_RedisConnection_INCLUDED
