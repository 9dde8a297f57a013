//
// SyncOperation.h
//
// Definition of the syncRecords function.
//


#ifndef Polytomic_Plugins_SyncOperation_INCLUDED
#define Polytomic_Plugins_SyncOperation_INCLUDED


#include "plugins/ConnectorSession.h"
#include "plugins/LedgerPipe.h"
#include "polytomic/json.hpp"


namespace polytomic {
namespace plugins {


json::Value syncRecords(ConnectorSession& source, ConnectorSession& destination, LedgerPipe& ledger, const json::Value& request);
	/// The data path of a model sync, inside its executor: the model's read on
	/// one thread; on this one, each batch filtered, mapped, compared with the
	/// change ledger, and only new and changed records written to the target.
	/// Right after the target accepted a batch, its records enter the ledger,
	/// the per-record logs and the execution's counts (one transaction the
	/// worker commits, sent over the LedgerPipe: the executor never reaches the
	/// kernel's database), so a crash or cancel at any point neither loses nor
	/// repeats a record; rejected
	/// records stay out of the ledger and are tried again by the next run.
	/// In snapshot mode, records the ledger holds that the model no longer has
	/// are deleted from the target once the read is complete.
	///
	/// request: {"source_config", "destination_config", "read": {object | query, batch_rows},
	///           "write": {"object"},
	///           "sync": {"id", "execution_id", "mode", "spec" (see RecordMapper), "resync",
	///                    "test_records" (0: all), "identities" ([] : all), "record_logs"}}
	/// result:  {"counts": {total, insert, update, upserts, delete, error, warnings, unchanged},
	///           "errors": [{"identity", "message"}] (a sample), "complete", "peak_rss_bytes"}


int writeModeOf(const std::string& mode);
	/// The POLYTOMIC_MODE_* a model-sync mode writes its records with
	/// (snapshot upserts with replace, then removes what left the model); -1 when unknown.


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_SyncOperation_INCLUDED
