//
// SchemaRepositoryTest.cpp
//


#include "SchemaRepositoryTest.h"
#include "store/Migrator.h"
#include "store/SchemaRepository.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <thread>
#include <vector>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


namespace
{
	std::string connectionIn(TestDatabase& db)
		/// A migrated database with one organization and one connection; the connection's id.
	{
		Database database(DatabaseUrl::parse(db.url()), 1);
		Migrator(database, Migration::embedded()).migrate();
		db.execute("INSERT INTO organizations (name) VALUES ('acme')");
		return db.scalar("INSERT INTO connections (organization_id, name, type) SELECT id, 'source', 'postgresql' FROM organizations "
			"RETURNING id");
	}


	std::string fieldIds(SchemaRepository& schemas, const std::string& connection)
	{
		std::string out;
		for (const auto& o: schemas.overrides(connection))
			out += o.schemaId + "=" + o.userFields + ";";
		return out;
	}
}


void SchemaRepositoryTest::testUserFieldsUpsertedByFieldId()
{
	TestDatabase db("schemafields");
	const std::string connection = connectionIn(db);
	Database database(DatabaseUrl::parse(db.url()), 1);
	SchemaRepository schemas(database);
	schemas.upsertUserFields(connection, "public.people", R"([{"field_id": "a", "label": "A"}, {"field_id": "b", "label": "B"}])");
	schemas.upsertUserFields(connection, "public.people", R"([{"field_id": "b", "label": "B2"}, {"field_id": "c", "label": "C"}])");
	CPPUNIT_ASSERT_EQUAL(std::string("a:A,b:B2,c:C"), db.scalar("SELECT string_agg((f->>'field_id') || ':' || (f->>'label'), ',' "
		"ORDER BY f->>'field_id') FROM schema_overrides, jsonb_array_elements(user_fields) f"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM schema_overrides"));
	const auto overrides = schemas.overrides(connection);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), overrides.size());
	CPPUNIT_ASSERT(!overrides[0].primaryKey);
}


void SchemaRepositoryTest::testConcurrentUpsertsKeepEveryField()
{
	TestDatabase db("schemarace");
	const std::string connection = connectionIn(db);
	std::vector<std::thread> threads;
	for (int i = 0; i < 8; ++i)
		threads.emplace_back([&, i] {
			Database database(DatabaseUrl::parse(db.url()), 1);
			SchemaRepository(database).upsertUserFields(connection, "public.people",
				"[{\"field_id\": \"f" + std::to_string(i) + "\", \"label\": \"F\"}]");
		});
	for (auto& t: threads) t.join();
	CPPUNIT_ASSERT_EQUAL(std::string("8"), db.scalar("SELECT jsonb_array_length(user_fields) FROM schema_overrides"));
}


void SchemaRepositoryTest::testRemoveUserField()
{
	TestDatabase db("schemaremove");
	const std::string connection = connectionIn(db);
	Database database(DatabaseUrl::parse(db.url()), 1);
	SchemaRepository schemas(database);
	CPPUNIT_ASSERT(!schemas.removeUserField(connection, "public.people", "a"));
	schemas.upsertUserFields(connection, "public.people", R"([{"field_id": "a"}, {"field_id": "b"}])");
	CPPUNIT_ASSERT(schemas.removeUserField(connection, "public.people", "a"));
	CPPUNIT_ASSERT(!schemas.removeUserField(connection, "public.people", "a"));
	CPPUNIT_ASSERT(!schemas.removeUserField(connection, "public.other", "b"));
	CPPUNIT_ASSERT(schemas.removeUserField(connection, "public.people", "b"));
	CPPUNIT_ASSERT_EQUAL(std::string("public.people=[];"), fieldIds(schemas, connection));
	CPPUNIT_ASSERT(!schemas.removeUserField("not-a-uuid", "public.people", "b"));
}


void SchemaRepositoryTest::testPrimaryKeyOverride()
{
	TestDatabase db("schemakey");
	const std::string connection = connectionIn(db);
	Database database(DatabaseUrl::parse(db.url()), 1);
	SchemaRepository schemas(database);
	schemas.savePrimaryKey(connection, "public.events", std::string(R"(["code", "at"])"));
	auto overrides = schemas.overrides(connection);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), overrides.size());
	CPPUNIT_ASSERT_EQUAL(std::string(R"(["code", "at"])"), overrides[0].primaryKey.value_or(""));
	schemas.savePrimaryKey(connection, "public.events", std::nullopt);
	overrides = schemas.overrides(connection);
	CPPUNIT_ASSERT(!overrides[0].primaryKey);
	// The overrides go with their connection.
	db.execute("DELETE FROM connections");
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM schema_overrides"));
}


void SchemaRepositoryTest::testRefreshStartIsRecorded()
{
	TestDatabase db("schemastart");
	const std::string connection = connectionIn(db);
	Database database(DatabaseUrl::parse(db.url()), 1);
	SchemaRepository schemas(database);
	CPPUNIT_ASSERT(schemas.startRefresh(connection));
	auto found = schemas.find(connection);
	CPPUNIT_ASSERT(found && found->refreshStartedAt && !found->refreshedAt);
	schemas.saveCatalog(connection, R"({"objects": []})");
	found = schemas.find(connection);
	CPPUNIT_ASSERT(found->refreshedAt && *found->refreshedAt >= *found->refreshStartedAt);
}


void SchemaRepositoryTest::testRefreshedAtIsTheCatalogsVersion()
{
	TestDatabase db("schemaversion");
	const std::string connection = connectionIn(db);
	Database database(DatabaseUrl::parse(db.url()), 1);
	SchemaRepository schemas(database);
	CPPUNIT_ASSERT(!schemas.refreshedAt(connection));
	CPPUNIT_ASSERT(schemas.startRefresh(connection));
	CPPUNIT_ASSERT(!schemas.refreshedAt(connection)); // refreshing, no catalog yet
	schemas.saveCatalog(connection, R"({"objects": []})");
	const auto first = schemas.refreshedAt(connection);
	CPPUNIT_ASSERT(first && first == schemas.find(connection)->refreshedAt);
	std::this_thread::sleep_for(std::chrono::milliseconds(5));
	schemas.saveCatalog(connection, R"({"objects": [{"id": "public.added"}]})");
	const auto second = schemas.refreshedAt(connection);
	CPPUNIT_ASSERT(second && *second > *first);
	CPPUNIT_ASSERT(!schemas.refreshedAt("not-a-uuid"));
}


CppUnit::Test* SchemaRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SchemaRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, SchemaRepositoryTest, testUserFieldsUpsertedByFieldId);
	POLYTOMIC_ADD_TEST(suite, SchemaRepositoryTest, testConcurrentUpsertsKeepEveryField);
	POLYTOMIC_ADD_TEST(suite, SchemaRepositoryTest, testRemoveUserField);
	POLYTOMIC_ADD_TEST(suite, SchemaRepositoryTest, testPrimaryKeyOverride);
	POLYTOMIC_ADD_TEST(suite, SchemaRepositoryTest, testRefreshStartIsRecorded);
	POLYTOMIC_ADD_TEST(suite, SchemaRepositoryTest, testRefreshedAtIsTheCatalogsVersion);
	return suite;
}
