//
// ChangeLedger.cpp
//


#include "plugins/ChangeLedger.h"
#include "plugins/RecordMapper.h"
#include <algorithm>


namespace polytomic {
namespace plugins {


namespace
{
	uint64_t fnv1aKey(std::string_view identity)
	{
		return fnv1a(identity.data(), identity.size());
	}
}


ChangeLedger::ChangeLedger(KeyFunction key):
	_key(key ? key : fnv1aKey),
	_offsets{0}
{
}


void ChangeLedger::reserve(std::size_t records)
{
	_entries.reserve(records);
	_offsets.reserve(records + 1);
}


void ChangeLedger::add(std::string_view identity, int64_t hash)
{
	_entries.push_back(Entry{_key(identity), hash, static_cast<uint32_t>(_entries.size())});
	_identities.append(identity.data(), identity.size());
	_offsets.push_back(_identities.size());
}


void ChangeLedger::seal()
{
	std::sort(_entries.begin(), _entries.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
	_seen.assign(_entries.size(), false);
}


std::string_view ChangeLedger::identityOf(const Entry& entry) const
{
	const uint64_t begin = _offsets[entry.identity];
	return std::string_view(_identities).substr(begin, _offsets[entry.identity + 1] - begin);
}


const ChangeLedger::Entry* ChangeLedger::find(std::string_view identity) const
{
	const uint64_t key = _key(identity);
	auto it = std::lower_bound(_entries.begin(), _entries.end(), key, [](const Entry& e, uint64_t k) { return e.key < k; });
	// Every entry of the key is compared: a shared key is not the same identity.
	for (; it != _entries.end() && it->key == key; ++it)
		if (identityOf(*it) == identity) return &*it;
	return nullptr;
}


void ChangeLedger::see(const Entry* entry)
{
	_seen[static_cast<std::size_t>(entry - _entries.data())] = true;
}


std::vector<std::string> ChangeLedger::unseen() const
{
	std::vector<std::string> out;
	for (std::size_t i = 0; i < _entries.size(); ++i)
		if (!_seen[i]) out.emplace_back(identityOf(_entries[i]));
	return out;
}


uint64_t ChangeLedger::keyOf(std::string_view identity) const
{
	return _key(identity);
}


std::size_t ChangeLedger::size() const
{
	return _entries.size();
}


} } // namespace polytomic::plugins
