//
// MemoryCache.h
//
// Definition of the MemoryCache class.
//


#ifndef Polytomic_Cache_MemoryCache_INCLUDED
#define Polytomic_Cache_MemoryCache_INCLUDED


#include "cache/Cache.h"
#include <map>
#include <mutex>


namespace polytomic {
namespace cache {


class MemoryCache: public Cache
	/// The in-process cache, used when no Redis is configured. Bounded: when it
	/// holds maxEntries, expired entries are dropped first, then the oldest.
{
public:
	explicit MemoryCache(std::size_t maxEntries = 10000);

	std::optional<std::string> get(const std::string& key) override;
	void set(const std::string& key, const std::string& value, std::chrono::seconds ttl) override;
	void remove(const std::string& key) override;
	std::string backend() const override;
	bool healthy() override;

private:
	using Clock = std::chrono::steady_clock;

	struct Entry
	{
		std::string value;
		Clock::time_point expires;
		std::uint64_t sequence;
	};

	void makeRoom();

	std::mutex _mutex;
	std::map<std::string, Entry> _entries;
	std::size_t _maxEntries;
	std::uint64_t _sequence = 0;
};


} } // namespace polytomic::cache


#endif // Polytomic_Cache_MemoryCache_INCLUDED
