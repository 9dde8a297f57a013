//
// ChangeLedger.h
//
// Definition of the ChangeLedger class.
//


#ifndef Polytomic_Plugins_ChangeLedger_INCLUDED
#define Polytomic_Plugins_ChangeLedger_INCLUDED


#include <cstdint>
#include <string>
#include <string_view>
#include <vector>


namespace polytomic {
namespace plugins {


class ChangeLedger
	/// The change ledger of one model sync in memory, for change detection:
	/// identity -> hash of the values the target accepted, sorted on a 64-bit
	/// key of the identity for binary search. The identities are kept too (one
	/// buffer, 8 bytes a record beyond their text) and compared on every match:
	/// two identities that share a key are never taken for one another, which
	/// would skip a changed record or make a snapshot delete a live one.
{
public:
	using KeyFunction = uint64_t (*)(std::string_view identity);

	struct Entry
	{
		uint64_t key;
		int64_t hash;
		uint32_t identity;   /// its index in the order of add()
	};

	explicit ChangeLedger(KeyFunction key = nullptr);
		/// key: the 64-bit key of an identity (FNV-1a when none; tests force collisions with their own).

	void reserve(std::size_t records);
	void add(std::string_view identity, int64_t hash);
	void seal();
		/// After the last add(): sorts for find().

	const Entry* find(std::string_view identity) const;
		/// The entry of exactly this identity; nullptr when the ledger does not hold it.

	void see(const Entry* entry);
		/// Marks the record as still in the model (snapshot).

	std::vector<std::string> unseen() const;
		/// The identities never seen: those that left the model.

	uint64_t keyOf(std::string_view identity) const;
	std::size_t size() const;

private:
	std::string_view identityOf(const Entry& entry) const;

	KeyFunction _key;
	std::vector<Entry> _entries;
	std::string _identities;
	std::vector<uint64_t> _offsets;  /// where each identity starts in _identities; one more at the end
	std::vector<bool> _seen;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_ChangeLedger_INCLUDED
