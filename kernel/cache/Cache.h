//
// Cache.h
//
// Definition of the Cache interface.
//


#ifndef Polytomic_Cache_Cache_INCLUDED
#define Polytomic_Cache_Cache_INCLUDED


#include <chrono>
#include <optional>
#include <string>


namespace polytomic {
namespace cache {


class Cache
	/// A key-value cache with expiry. A cache is never the only copy of anything:
	/// every implementation may forget entries at any time, and none throws for
	/// an unavailable backend (a miss is returned instead).
{
public:
	virtual ~Cache() = default;

	virtual std::optional<std::string> get(const std::string& key) = 0;

	virtual void set(const std::string& key, const std::string& value, std::chrono::seconds ttl) = 0;

	virtual void remove(const std::string& key) = 0;

	virtual std::string backend() const = 0;
		/// "memory" or "redis", for the readiness report.

	virtual bool healthy() = 0;
		/// True when the backend answers (always, for the in-process cache).
};


} } // namespace polytomic::cache


#endif // Polytomic_Cache_Cache_INCLUDED
