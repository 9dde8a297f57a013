//
// LedgerPipe.h
//
// Definition of the LedgerPipe class.
//


#ifndef Polytomic_Plugins_LedgerPipe_INCLUDED
#define Polytomic_Plugins_LedgerPipe_INCLUDED


#include "store/SyncLedger.h"
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>


namespace polytomic {
namespace plugins {


class LedgerPipe
	/// The executor's end of a model sync's change ledger. The executor runs
	/// plugin code, so it holds no way into the server's database: the worker
	/// keeps the ledger (LedgerKeeper) and this end asks it, one message and
	/// one answer at a time, over the executor's standard output and input.
	/// A message is a line that starts with MARK (an answer starts with "{"),
	/// identities and messages in COPY's text escapes:
	///   "#ledger size"                       -> "<records>"
	///   "#ledger load <after>"               -> "<n>", then n lines "<identity>\t<hash>"
	///   "#ledger record <changes> <logs> <insert> <update> <delete> <error> <upserts>",
	///   then a line "<f|s|r>\t<hash>\t<identity>" a change (fresh, staged, removed)
	///   and a line "<kind>\t<identity>\t<message>" a log entry -> "ok" | "error <message>"
	/// record() returns once the worker committed the batch.
{
public:
	LedgerPipe(std::istream& answers, std::ostream& messages);

	std::size_t size();
	void load(const std::function<void(std::string_view identity, int64_t hash)>& entry);
	void record(const std::vector<store::SyncLedger::Change>& changes, const store::SyncLedger::Logs& logs,
		const store::SyncLedger::Written& written);

	static const std::string MARK;
	static std::mutex& conversation();
		/// Held for each message and its answer: the executor's one pipe to the worker
		/// also carries the access tokens of its connectors (TokenPipe).
	static const std::size_t PAGE = 50000;   /// ledger entries a load answer carries

private:
	std::string answer();

	std::istream& _answers;
	std::ostream& _messages;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_LedgerPipe_INCLUDED
