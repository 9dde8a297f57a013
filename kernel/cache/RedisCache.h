//
// RedisCache.h
//
// Definition of the RedisCache class.
//


#ifndef Polytomic_Cache_RedisCache_INCLUDED
#define Polytomic_Cache_RedisCache_INCLUDED


#include "cache/Cache.h"
#include "cache/RedisConnection.h"
#include "config/RedisUrl.h"
#include "Poco/Logger.h"
#include <functional>
#include <memory>
#include <mutex>


namespace polytomic {
namespace cache {


class RedisCache: public Cache
	/// The cache in Redis. When Redis is down or failing, every operation
	/// degrades to a miss (reads) or a no-op (writes) so the server keeps
	/// serving; a warning is logged at most once a minute, and the connection
	/// is retried at most once a second until Redis answers again.
{
public:
	RedisCache(const config::RedisUrl& url, Poco::Logger& logger);

	std::optional<std::string> get(const std::string& key) override;
	void set(const std::string& key, const std::string& value, std::chrono::seconds ttl) override;
	void remove(const std::string& key) override;
	std::string backend() const override;
	bool healthy() override;

	static constexpr std::chrono::seconds WARNING_INTERVAL{60};
	static constexpr std::chrono::milliseconds RECONNECT_INTERVAL{1000};

private:
	using Clock = std::chrono::steady_clock;

	bool run(const std::function<void(RedisConnection&)>& operation);
		/// Runs the operation on a live connection; false when Redis is unavailable.

	void noteFailure(const std::string& reason);

	config::RedisUrl _url;
	Poco::Logger& _logger;
	std::mutex _mutex;
	std::unique_ptr<RedisConnection> _connection;
	bool _down = false;
	Clock::time_point _nextAttempt{};
	Clock::time_point _lastWarning{};
	bool _warned = false;
};


} } // namespace polytomic::cache


#endif // Polytomic_Cache_RedisCache_INCLUDED
