//
// RecordLogFiles.h
//
// Definition of the RecordLogFiles class.
//


#ifndef Polytomic_Store_RecordLogFiles_INCLUDED
#define Polytomic_Store_RecordLogFiles_INCLUDED


#include "store/Database.h"
#include <string>
#include <vector>


namespace polytomic {
namespace store {


class RecordLogFiles
	/// An execution's per-record log (sync_record_logs, in chunks of up to one
	/// batch) cut into files of CHUNKS_PER_FILE chunks each: a file is named
	/// by the sequence number of its first chunk. SyncRepository::recordLog
	/// reads a file's chunks.
{
public:
	explicit RecordLogFiles(Database& database);

	std::vector<long long> starts(const std::string& executionId, const std::string& kind);
		/// The first chunk of each file, oldest first, at most MAX_FILES;
		/// kind: inserts | updates | deletes | errors | warnings, or records for all.

	bool isStart(const std::string& executionId, const std::string& kind, long long seq);

	static constexpr std::size_t CHUNKS_PER_FILE = 20;
	static constexpr std::size_t MAX_FILES = 1000;

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_RecordLogFiles_INCLUDED
