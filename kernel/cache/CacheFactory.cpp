//
// CacheFactory.cpp
//


#include "cache/CacheFactory.h"
#include "cache/MemoryCache.h"
#include "cache/RedisCache.h"


namespace polytomic {
namespace cache {


std::shared_ptr<Cache> makeCache(const config::Settings& settings)
{
	if (settings.redis) return std::make_shared<RedisCache>(*settings.redis, Poco::Logger::get("polytomic.cache"));
	return std::make_shared<MemoryCache>();
}


} } // namespace polytomic::cache
