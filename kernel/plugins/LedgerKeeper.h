//
// LedgerKeeper.h
//
// Definition of the LedgerKeeper class.
//


#ifndef Polytomic_Plugins_LedgerKeeper_INCLUDED
#define Polytomic_Plugins_LedgerKeeper_INCLUDED


#include "store/SyncLedger.h"
#include <string>


namespace polytomic {
namespace plugins {


class LedgerKeeper
	/// The worker's end of a model sync's change ledger (see LedgerPipe for the
	/// executor's end and the messages): reads the ledger for the executor and
	/// commits each batch it reports accepted. What reaches the pipe is
	/// committed even when the executor dies right after sending it.
{
public:
	explicit LedgerKeeper(store::SyncLedger& ledger);

	bool handle(const std::string& line, std::string& reply);
		/// A line of the executor's standard output: true when it belongs to a
		/// ledger message; reply: what to send back (nothing until a message is whole).

	static const std::size_t MAX_RECORD_LINES = 1000000;
		/// The most changes (and log entries) one record may carry; it is held in memory until committed.

private:
	std::string answer(const std::string& message);
	bool receive(const std::string& line, std::string& reply);

	store::SyncLedger& _ledger;
	std::size_t _changesDue = 0;
	std::size_t _entriesDue = 0;
	bool _receiving = false;
	std::vector<store::SyncLedger::Change> _changes;
	store::SyncLedger::Logs _logs;
	store::SyncLedger::Written _written;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_LedgerKeeper_INCLUDED
