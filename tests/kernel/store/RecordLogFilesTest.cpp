//
// RecordLogFilesTest.cpp
//
// An execution's per-record log as files of CHUNKS_PER_FILE chunks, each named
// by its first chunk, and read back whole by SyncRepository::recordLog.
//


#include "RecordLogFilesTest.h"
#include "store/Migrator.h"
#include "store/RecordLogFiles.h"
#include "store/SyncRepository.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


void RecordLogFilesTest::testALogIsCutIntoFiles()
{
	TestDatabase db("record_log_files");
	Database database(DatabaseUrl::parse(db.url()), 2);
	Migrator(database, Migration::embedded()).migrate();
	const std::string org = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
	const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + org +
		"', 'warehouse', 'postgresql') RETURNING id");
	const std::string model = db.scalar("INSERT INTO models (organization_id, name, connection_id, configuration) VALUES ('" + org +
		"', 'm', '" + connection + "', '{\"table\": \"t\"}') RETURNING id");
	const std::string sync = db.scalar("INSERT INTO syncs (organization_id, name, mode, model_id, target_connection_id, definition) VALUES ('" +
		org + "', 's', 'updateOrCreate', '" + model + "', '" + connection + "', '{}') RETURNING id");
	const std::string execution = db.scalar("INSERT INTO sync_executions (sync_id, status) VALUES ('" + sync + "', 'completed') RETURNING id");
	// 45 chunks of inserts, one identity each, with a chunk of errors between each pair.
	db.execute("INSERT INTO sync_record_logs (execution_id, kind, entries) SELECT '" + execution + "', k, "
		"'[{\"identity\": \"' || i || '\"}]' FROM generate_series(1, 45) AS i, unnest(ARRAY['inserts', 'errors']) AS k "
		"WHERE k = 'inserts' OR i % 2 = 0 ORDER BY i, k DESC");

	RecordLogFiles files(database);
	const std::vector<long long> starts = files.starts(execution, "inserts");
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), starts.size());   // 20 + 20 + 5 chunks
	SyncRepository syncs(database);
	std::vector<std::string> identities;
	for (long long start: starts)
	{
		CPPUNIT_ASSERT(files.isStart(execution, "inserts", start));
		CPPUNIT_ASSERT(!files.isStart(execution, "inserts", start + 1));
		long long last = 0;
		for (const auto& chunk: syncs.recordLog(execution, "inserts", RecordLogFiles::CHUNKS_PER_FILE, start - 1, &last))
			identities.push_back(chunk);
	}
	// Each inserts chunk is in exactly one file, in order, none of the errors.
	CPPUNIT_ASSERT_EQUAL(std::size_t(45), identities.size());
	CPPUNIT_ASSERT_EQUAL(std::string("[{\"identity\": \"1\"}]"), identities.front());
	CPPUNIT_ASSERT_EQUAL(std::string("[{\"identity\": \"45\"}]"), identities.back());
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), files.starts(execution, "errors").size());   // 22 chunks
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), files.starts(execution, "records").size());  // 67 chunks
	CPPUNIT_ASSERT(files.starts(execution, "updates").empty());
	CPPUNIT_ASSERT(files.starts("not-a-uuid", "inserts").empty());
	CPPUNIT_ASSERT(!files.isStart(execution, "updates", starts[0]));
}


CppUnit::Test* RecordLogFilesTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RecordLogFilesTest");
	POLYTOMIC_ADD_TEST(suite, RecordLogFilesTest, testALogIsCutIntoFiles);
	return suite;
}
