//
// MemoryCache.cpp
//


#include "cache/MemoryCache.h"
#include <algorithm>


namespace polytomic {
namespace cache {


MemoryCache::MemoryCache(std::size_t maxEntries):
	_maxEntries(std::max<std::size_t>(maxEntries, 1))
{
}


std::optional<std::string> MemoryCache::get(const std::string& key)
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto it = _entries.find(key);
	if (it == _entries.end()) return std::nullopt;
	if (it->second.expires <= Clock::now())
	{
		_entries.erase(it);
		return std::nullopt;
	}
	return it->second.value;
}


void MemoryCache::set(const std::string& key, const std::string& value, std::chrono::seconds ttl)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (!_entries.count(key) && _entries.size() >= _maxEntries) makeRoom();
	_entries[key] = Entry{value, Clock::now() + ttl, ++_sequence};
}


void MemoryCache::remove(const std::string& key)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_entries.erase(key);
}


std::string MemoryCache::backend() const
{
	return "memory";
}


bool MemoryCache::healthy()
{
	return true;
}


void MemoryCache::makeRoom()
{
	const auto now = Clock::now();
	for (auto it = _entries.begin(); it != _entries.end();)
		it = it->second.expires <= now ? _entries.erase(it) : std::next(it);
	if (_entries.size() < _maxEntries) return;
	auto oldest = std::min_element(_entries.begin(), _entries.end(),
		[](const auto& a, const auto& b) { return a.second.sequence < b.second.sequence; });
	_entries.erase(oldest);
}


} } // namespace polytomic::cache
