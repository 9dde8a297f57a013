//
// LedgerKeeperTest.cpp
//
// The two ends of a model sync's change ledger, the executor's (LedgerPipe)
// and the worker's (LedgerKeeper), against a real PostgreSQL.
//


#include "LedgerKeeperTest.h"
#include "plugins/LedgerKeeper.h"
#include "plugins/LedgerPipe.h"
#include "store/Migrator.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <map>
#include <sstream>


using namespace polytomic;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


namespace
{
	struct Sync
		/// A migrated database with one model sync and one running execution of it.
	{
		explicit Sync(const std::string& prefix):
			db(prefix),
			database(DatabaseUrl::parse(db.url()), 2)
		{
			store::Migrator(database, store::Migration::embedded()).migrate();
			const std::string organization = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
			const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + organization +
				"', 'warehouse', 'postgresql') RETURNING id");
			const std::string model = db.scalar("INSERT INTO models (organization_id, name, connection_id, configuration) VALUES ('" +
				organization + "', 'people', '" + connection + "', '{}') RETURNING id");
			syncId = db.scalar("INSERT INTO syncs (organization_id, name, mode, model_id, target_connection_id, definition) VALUES ('" +
				organization + "', 'people', 'updateOrCreate', '" + model + "', '" + connection + "', '{}') RETURNING id");
			executionId = db.scalar("INSERT INTO sync_executions (sync_id, status) VALUES ('" + syncId + "', 'running') RETURNING id");
		}

		std::string feed(plugins::LedgerKeeper& keeper, const std::string& messages)
			/// What the keeper answers to the lines the executor wrote.
		{
			std::istringstream lines(messages);
			std::string line, answers;
			while (std::getline(lines, line))
			{
				std::string reply;
				CPPUNIT_ASSERT_MESSAGE(line, keeper.handle(line, reply));
				answers += reply;
			}
			return answers;
		}

		TestDatabase db;
		store::Database database;
		std::string syncId, executionId;
	};
}


void LedgerKeeperTest::testRecordsWhatThePipeSends()
{
	Sync s("keeperrecord");
	store::SyncLedger ledger(s.database, s.syncId, s.executionId);
	plugins::LedgerKeeper keeper(ledger);
	// Identities with what the line format escapes; a message a connector cut in the middle of a character.
	const std::vector<std::string> identities = {"plain", "tab\there", "new\nline", "back\\slash", "caf\xC3\xA9"};
	std::vector<store::SyncLedger::Change> changes;
	for (std::size_t i = 0; i < identities.size(); ++i) changes.push_back({identities[i], static_cast<int64_t>(i) - 2, false, i % 2 == 0});
	store::SyncLedger::Logs logs = {{"inserts", {{"plain", ""}, {"tab\there", ""}}}, {"errors", {{"new\nline", "caf\xC3"}}}};
	store::SyncLedger::Written written;
	written.insert = 2;
	written.error = 1;
	written.upserts = 2;

	std::istringstream confirmed("ok\n");
	std::ostringstream sent;
	plugins::LedgerPipe executor(confirmed, sent);
	executor.record(changes, logs, written);
	CPPUNIT_ASSERT_EQUAL(std::string("ok\n"), s.feed(keeper, sent.str()));

	CPPUNIT_ASSERT_EQUAL(std::string("5"), s.db.scalar("SELECT count(*) FROM sync_ledger"));
	CPPUNIT_ASSERT_EQUAL(std::string("-2"), s.db.scalar("SELECT hash FROM sync_ledger WHERE identity = 'plain'"));
	CPPUNIT_ASSERT_EQUAL(std::string("-1"), s.db.scalar("SELECT hash FROM sync_ledger WHERE identity = E'tab\\there'"));
	CPPUNIT_ASSERT_EQUAL(std::string("2"), s.db.scalar("SELECT hash FROM sync_ledger WHERE identity = 'caf\xC3\xA9'"));
	CPPUNIT_ASSERT_EQUAL(std::string("{\"error\": 1, \"delete\": 0, \"insert\": 2, \"update\": 0, \"upserts\": 2}"),
		s.db.scalar("SELECT (detail->'counts')::text FROM sync_executions"));
	CPPUNIT_ASSERT_EQUAL(std::string("[{\"identity\":\"new\\nline\",\"message\":\"caf\xEF\xBF\xBD\"}]"),
		s.db.scalar("SELECT entries FROM sync_record_logs WHERE kind = 'errors'"));

	// The executor reads the ledger back exactly, page by page.
	std::string page;
	CPPUNIT_ASSERT(keeper.handle(plugins::LedgerPipe::MARK + "load ", page));
	std::istringstream answers(page);
	std::ostringstream asked;
	plugins::LedgerPipe reader(answers, asked);
	std::map<std::string, int64_t> read;
	reader.load([&](std::string_view identity, int64_t hash) { read[std::string(identity)] = hash; });
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), read.size());
	for (std::size_t i = 0; i < identities.size(); ++i) CPPUNIT_ASSERT_EQUAL(static_cast<int64_t>(i) - 2, read.at(identities[i]));
}


void LedgerKeeperTest::testOversizedRecordIsRefused()
{
	Sync s("keeperbig");
	store::SyncLedger ledger(s.database, s.syncId, s.executionId);
	plugins::LedgerKeeper keeper(ledger);
	std::string reply;
	CPPUNIT_ASSERT(keeper.handle(plugins::LedgerPipe::MARK + "record 2000000 0 0 0 0 0 0", reply));
	CPPUNIT_ASSERT_MESSAGE(reply, reply.rfind("error ", 0) == 0);
	// Not a ledger message: the executor's answer, left to the caller.
	CPPUNIT_ASSERT(!keeper.handle("{\"ok\": true}", reply));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), s.db.scalar("SELECT count(*) FROM sync_ledger"));
}


CppUnit::Test* LedgerKeeperTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LedgerKeeperTest");
	POLYTOMIC_ADD_TEST(suite, LedgerKeeperTest, testRecordsWhatThePipeSends);
	POLYTOMIC_ADD_TEST(suite, LedgerKeeperTest, testOversizedRecordIsRefused);
	return suite;
}
