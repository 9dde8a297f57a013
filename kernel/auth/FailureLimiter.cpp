//
// FailureLimiter.cpp
//


#include "auth/FailureLimiter.h"


namespace polytomic {
namespace auth {


namespace
{
	const std::size_t MAX_ADDRESSES = 100000; // bounds memory under a spray of addresses
}


FailureLimiter::FailureLimiter(int maxFailures, std::chrono::seconds window):
	_maxFailures(maxFailures),
	_window(window)
{
}


void FailureLimiter::forgetOld(std::deque<Clock::time_point>& failures, Clock::time_point now)
{
	while (!failures.empty() && failures.front() <= now - _window) failures.pop_front();
}


std::chrono::seconds FailureLimiter::blockedFor(const std::string& address, Clock::time_point now)
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto it = _failures.find(address);
	if (it == _failures.end()) return std::chrono::seconds(0);
	forgetOld(it->second, now);
	if (static_cast<int>(it->second.size()) < _maxFailures) return std::chrono::seconds(0);
	const auto wait = std::chrono::duration_cast<std::chrono::seconds>(it->second.front() + _window - now);
	return std::max(wait, std::chrono::seconds(1));
}


void FailureLimiter::failed(const std::string& address, Clock::time_point now)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_failures.size() >= MAX_ADDRESSES && !_failures.count(address))
	{
		for (auto it = _failures.begin(); it != _failures.end();)
		{
			forgetOld(it->second, now);
			it = it->second.empty() ? _failures.erase(it) : std::next(it);
		}
		if (_failures.size() >= MAX_ADDRESSES) _failures.erase(_failures.begin());
	}
	auto& failures = _failures[address];
	forgetOld(failures, now);
	failures.push_back(now);
}


void FailureLimiter::succeeded(const std::string& address)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_failures.erase(address);
}


} } // namespace polytomic::auth
