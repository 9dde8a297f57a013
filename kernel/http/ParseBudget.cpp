//
// ParseBudget.cpp
//


#include "http/ParseBudget.h"
#include "polytomic/json.hpp"
#include <algorithm>


namespace polytomic {
namespace http {


ParseBudget::Share::Share(ParseBudget& budget, std::size_t bytes):
	_budget(&budget),
	_bytes(bytes)
{
}


ParseBudget::Share::Share(Share&& other) noexcept:
	_budget(other._budget),
	_bytes(other._bytes)
{
	other._budget = nullptr;
}


ParseBudget::Share::~Share()
{
	if (_budget) _budget->give(_bytes);
}


ParseBudget::ParseBudget(std::size_t capacity):
	_capacity(capacity)
{
}


std::optional<ParseBudget::Share> ParseBudget::take(std::size_t bytes, std::chrono::milliseconds wait)
{
	bytes = std::min(bytes, _capacity);
	std::unique_lock<std::mutex> lock(_mutex);
	if (!_freed.wait_for(lock, wait, [&] { return _inUse + bytes <= _capacity; })) return std::nullopt;
	_inUse += bytes;
	return Share(*this, bytes);
}


void ParseBudget::give(std::size_t bytes)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_inUse -= std::min(bytes, _inUse);
	}
	_freed.notify_all();
}


std::size_t ParseBudget::inUse() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _inUse;
}


std::size_t ParseBudget::capacity() const
{
	return _capacity;
}


std::size_t ParseBudget::cost(std::size_t bodyBytes, std::size_t maxValues)
{
	// A value needs at least two bytes of text ("0,"); the vectors that hold values grow by doubling.
	const std::size_t values = std::min(bodyBytes / 2 + 1, maxValues);
	return 2 * bodyBytes + values * 2 * sizeof(json::Value);
}


ParseBudget& ParseBudget::process()
{
	static ParseBudget budget(PROCESS_CAPACITY);
	return budget;
}


} } // namespace polytomic::http
