//
// RedisCache.cpp
//


#include "cache/RedisCache.h"


namespace polytomic {
namespace cache {


namespace
{
	const std::string KEY_PREFIX = "polytomic:";
	const Poco::Timespan TIMEOUT(1, 0);
}


RedisCache::RedisCache(const config::RedisUrl& url, Poco::Logger& logger):
	_url(url),
	_logger(logger)
{
}


std::optional<std::string> RedisCache::get(const std::string& key)
{
	std::optional<std::string> result;
	run([&](RedisConnection& c) {
		Poco::Redis::Array command;
		command << "GET" << KEY_PREFIX + key;
		auto reply = c.execute(command);
		auto* bulk = dynamic_cast<Poco::Redis::Type<Poco::Redis::BulkString>*>(reply.get());
		if (bulk && !bulk->value().isNull()) result = bulk->value().value();
	});
	return result;
}


void RedisCache::set(const std::string& key, const std::string& value, std::chrono::seconds ttl)
{
	run([&](RedisConnection& c) {
		// Built by hand: Command::set with an expiry is malformed in POCO 1.11.0.
		Poco::Redis::Array command;
		command << "SET" << KEY_PREFIX + key << value << "EX" << std::to_string(std::max<long long>(ttl.count(), 1));
		c.execute(command);
	});
}


void RedisCache::remove(const std::string& key)
{
	run([&](RedisConnection& c) {
		Poco::Redis::Array command;
		command << "DEL" << KEY_PREFIX + key;
		c.execute(command);
	});
}


std::string RedisCache::backend() const
{
	return _url.tls() ? "redis (TLS)" : "redis";
}


bool RedisCache::healthy()
{
	return run([](RedisConnection& c) {
		Poco::Redis::Array ping;
		ping << "PING";
		c.execute(ping);
	});
}


bool RedisCache::run(const std::function<void(RedisConnection&)>& operation)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (!_connection || _connection->broken())
	{
		_connection.reset();
		if (_down && Clock::now() < _nextAttempt) return false;
		try
		{
			_connection = std::make_unique<RedisConnection>(_url, TIMEOUT);
		}
		catch (const RedisUnavailable& e)
		{
			noteFailure(e.what());
			return false;
		}
		if (_down)
		{
			poco_information(_logger, "Redis at " + _url.masked() + " is reachable again; using it for the cache");
		}
		_down = false;
	}
	try
	{
		operation(*_connection);
		return true;
	}
	catch (const RedisUnavailable& e)
	{
		_connection.reset();
		noteFailure(e.what());
	}
	catch (const std::exception& e)
	{
		noteFailure(std::string("Redis answered with an error: ") + e.what());
	}
	return false;
}


void RedisCache::noteFailure(const std::string& reason)
{
	const auto now = Clock::now();
	_down = true;
	_nextAttempt = now + RECONNECT_INTERVAL;
	if (_warned && now - _lastWarning < WARNING_INTERVAL) return;
	_warned = true;
	_lastWarning = now;
	poco_warning(_logger, reason + "; serving without the cache until Redis is back (this warning repeats at most once a minute)");
}


} } // namespace polytomic::cache
