//
// CacheFactory.h
//
// Definition of the makeCache function.
//


#ifndef Polytomic_Cache_CacheFactory_INCLUDED
#define Polytomic_Cache_CacheFactory_INCLUDED


#include "cache/Cache.h"
#include "config/Settings.h"
#include <memory>


namespace polytomic {
namespace cache {


std::shared_ptr<Cache> makeCache(const config::Settings& settings);
	/// Redis when REDIS_URL (or CACHE_URL) is set, else the in-process cache.


} } // namespace polytomic::cache


#endif // Polytomic_Cache_CacheFactory_INCLUDED
