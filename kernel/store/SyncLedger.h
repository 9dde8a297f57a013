//
// SyncLedger.h
//
// Definition of the SyncLedger class.
//


#ifndef Polytomic_Store_SyncLedger_INCLUDED
#define Polytomic_Store_SyncLedger_INCLUDED


#include "store/Database.h"
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>


namespace polytomic {
namespace store {


class SyncLedger
	/// The change ledger of one model sync (identity -> hash of the values the
	/// target accepted) and the per-record logs of one of its executions, kept
	/// by the worker for the executor of that execution (plugins::LedgerKeeper):
	/// read page by page, then updated batch by batch, each batch in one
	/// transaction, right after the target accepted it.
{
public:
	SyncLedger(Database& database, std::string syncId, std::string executionId);

	std::size_t size();
		/// How many records the ledger holds.

	std::size_t load(const std::string& after, std::size_t limit, const std::function<void(std::string_view identity, int64_t hash)>& entry);
		/// A page of the ledger: up to limit entries in identity order, after the
		/// identity `after` ("": from the first); returns how many there were.

	struct Change
	{
		std::string identity;
		int64_t hash = 0;
		bool removed = false;     /// the record was deleted from the target: it leaves the ledger
		bool fresh = false;       /// certainly not in the ledger yet: inserted without looking
	};

	struct LogEntry
	{
		std::string identity;
		std::string message;      /// empty but for errors and warnings
	};

	using Logs = std::vector<std::pair<std::string, std::vector<LogEntry>>>;
		/// Log entries by kind (inserts, updates, deletes, errors, warnings).

	struct Written
		/// What the target did with one batch, added to the execution's counts.
	{
		int64_t insert = 0, update = 0, remove = 0, error = 0, upserts = 0;
	};

	void record(const std::vector<Change>& changes, const std::vector<std::pair<std::string, std::vector<LogEntry>>>& logs,
		const Written& written);
		/// In one transaction: the ledger changes, the log entries by kind
		/// (inserts, updates, deletes, errors, warnings) and the batch's counts,
		/// added to those of the execution (detail.counts), so that they are the
		/// truth of what reached the target, across attempts, however the run
		/// ends. Fresh identities are copied straight into the ledger; the others
		/// go through a staging table.

private:
	Database::Lease& lease();
	void addCounts(PGconn* conn, const Written& written);

	Database& _database;
	std::string _syncId;
	std::string _executionId;
	std::unique_ptr<Database::Lease> _lease;
	bool _staged = false;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_SyncLedger_INCLUDED
