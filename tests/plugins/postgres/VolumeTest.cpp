//
// VolumeTest.cpp
//
// A million rows each way. Prints rows/s and the peak RSS as figures; asserts
// only the counts.
//


#include "VolumeTest.h"
#include "PostgresHarness.h"
#include "support/TestDriver.h"
#include <chrono>
#include <cppunit/TestAssert.h>
#include <iostream>


using polytomic::plugins::Batch;
using polytomic::sdk::BatchBuilder;
using polytomic::sdk::Type;
using polytomic::test::TestDatabase;


namespace
{
	const int64_t ROWS = 1000000;


	double seconds(std::chrono::steady_clock::time_point start)
	{
		return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	}
}


void VolumeTest::testMillionRowRead()
{
	TestDatabase db("pgvolread");
	db.execute("CREATE TABLE big AS SELECT g AS id, 'customer ' || g AS name, g * 1.5::float8 AS score, "
		"(g % 3 = 0) AS active, timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second' AS updated_at, "
		"(g / 7.0)::numeric(20,6) AS amount FROM generate_series(1, 1000000) g");
	PostgresHarness harness;
	PostgresHarness::Session::ReadSpec spec;
	spec.config = PostgresHarness::config(db);
	spec.object = "public.big";
	int64_t rows = 0;
	int64_t batches = 0;
	int64_t idSum = 0;
	const long rssBefore = PostgresHarness::peakRssKb();
	const auto start = std::chrono::steady_clock::now();
	CPPUNIT_ASSERT(harness.session().read(spec, [&](std::unique_ptr<Batch> batch, const std::string&) {
		polytomic::sdk::BatchReader reader(batch->schema(), batch->array());
		for (int64_t r = 0; r < reader.rows(); ++r) idSum += reader.getInt64(r, 0);
		rows += batch->rows();
		++batches;
		return true;
	}));
	const double s = seconds(start);
	CPPUNIT_ASSERT_EQUAL(ROWS, rows);
	CPPUNIT_ASSERT_EQUAL(int64_t(100), batches);
	CPPUNIT_ASSERT_EQUAL(ROWS * (ROWS + 1) / 2, idSum);
	std::cout << "\n[figure] 1M-row read (6 columns): " << static_cast<int64_t>(rows / s) << " rows/s (" << s << " s), peak RSS "
			  << PostgresHarness::peakRssKb() / 1024 << " MiB (" << rssBefore / 1024 << " MiB before)" << std::endl;
}


void VolumeTest::testMillionRowAppend()
{
	TestDatabase db("pgvolwrite");
	PostgresHarness harness;
	const long rssBefore = PostgresHarness::peakRssKb();
	const auto start = std::chrono::steady_clock::now();
	auto writer = harness.session().openWriter(PostgresHarness::config(db), "public.big", POLYTOMIC_MODE_APPEND, {});
	const int64_t batchRows = 10000;
	BatchBuilder builder({{"id", Type::Int64}, {"name", Type::String}, {"score", Type::Float64}, {"active", Type::Bool},
		{"updated_at", Type::Timestamp}, {"amount", Type::Decimal}});
	int64_t ok = 0;
	for (int64_t first = 1; first <= ROWS; first += batchRows)
	{
		for (int64_t g = first; g < first + batchRows; ++g)
		{
			builder.appendInt64(0, g);
			builder.appendString(1, "customer " + std::to_string(g));
			builder.appendFloat64(2, g * 1.5);
			builder.appendBool(3, g % 3 == 0);
			builder.appendTimestamp(4, 1577836800000000LL + g * 1000000LL);
			builder.appendDecimal(5, std::to_string(g / 7) + "." + std::to_string(100000 + g % 7 * 142857 % 1000000).substr(1));
		}
		OwnedBatch batch(builder);
		for (const auto& result: writer->write(batch.schema(), batch.array()))
			if (result.ok) ++ok;
	}
	writer->close(true);
	const double s = seconds(start);
	CPPUNIT_ASSERT_EQUAL(ROWS, ok);
	CPPUNIT_ASSERT_EQUAL(std::to_string(ROWS), db.scalar("SELECT count(*) FROM big"));
	CPPUNIT_ASSERT_EQUAL(std::to_string(ROWS * (ROWS + 1) / 2), db.scalar("SELECT sum(id) FROM big"));
	std::cout << "\n[figure] 1M-row append write (6 columns): " << static_cast<int64_t>(ROWS / s) << " rows/s (" << s
			  << " s), peak RSS " << PostgresHarness::peakRssKb() / 1024 << " MiB (" << rssBefore / 1024 << " MiB before)" << std::endl;
}


CppUnit::Test* VolumeTest::suite()
{
	auto* suite = new CppUnit::TestSuite("VolumeTest");
	POLYTOMIC_ADD_TEST(suite, VolumeTest, testMillionRowRead);
	POLYTOMIC_ADD_TEST(suite, VolumeTest, testMillionRowAppend);
	return suite;
}
