//
// ScheduleTest.cpp
//


#include "ScheduleTest.h"
#include "engine/EngineError.h"
#include "engine/Schedule.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <ctime>


using namespace polytomic;
using polytomic::engine::Schedule;
using polytomic::engine::ValidationError;


namespace
{
	std::time_t at(const char* text)
		/// "YYYY-MM-DD HH:MM" UTC.
	{
		std::tm tm = {};
		strptime(text, "%Y-%m-%d %H:%M", &tm);
		return timegm(&tm);
	}


	std::string format(std::time_t t)
	{
		char out[32];
		std::tm tm;
		gmtime_r(&t, &tm);
		std::strftime(out, sizeof(out), "%Y-%m-%d %H:%M %a", &tm);
		return out;
	}


	std::string next(const std::string& schedule, const char* after)
	{
		auto t = Schedule::fromJson(json::Value::parse(schedule)).nextAfter(at(after));
		return t ? format(*t) : "never";
	}
}


void ScheduleTest::testFrequencies()
{
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-10 11:15 Tue"), next(R"({"frequency": "hourly", "minute": 15})", "2026-03-10 10:20"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-10 10:15 Tue"), next(R"({"frequency": "hourly", "minute": "15"})", "2026-03-10 10:14"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-11 02:30 Wed"), next(R"({"frequency": "daily", "hour": 2, "minute": 30})", "2026-03-10 02:30"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-16 06:00 Mon"), next(R"({"frequency": "weekly", "day_of_week": 1, "hour": 6})", "2026-03-10 10:00"));
	CPPUNIT_ASSERT_EQUAL(std::string("never"), next(R"({"frequency": "manual"})", "2026-03-10 10:00"));
	CPPUNIT_ASSERT_EQUAL(std::string("never"), next(R"({"frequency": "continuous"})", "2026-03-10 10:00"));
	CPPUNIT_ASSERT(Schedule::fromJson(json::Value::parse(R"({"frequency": "continuous"})")).continuous());
}


void ScheduleTest::testCronFields()
{
	// Weekdays, every 15 minutes from 9 to 17: Friday evening -> Monday morning.
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-16 09:00 Mon"), next(R"({"frequency": "custom", "cron": "*/15 9-17 * * 1-5"})", "2026-03-13 17:50"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-13 17:45 Fri"), next(R"({"frequency": "custom", "cron": "*/15 9-17 * * 1-5"})", "2026-03-13 17:30"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-10 10:30 Tue"), next(R"({"frequency": "custom", "minute": "0,30", "hour": "*"})", "2026-03-10 10:00"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-04-01 00:00 Wed"), next(R"({"frequency": "custom", "cron": "0 0 1 */3 *"})", "2026-01-01 00:00"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-15 00:00 Sun"), next(R"({"frequency": "custom", "cron": "0 0 * * 7"})", "2026-03-10 00:00"));
}


void ScheduleTest::testCronEdgeCases()
{
	// Both day fields restricted: either matches (the 13th, or any Friday).
	CPPUNIT_ASSERT_EQUAL(std::string("2026-02-06 00:00 Fri"), next(R"({"frequency": "custom", "cron": "0 0 13 * 5"})", "2026-02-01 00:00"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-02-13 00:00 Fri"), next(R"({"frequency": "custom", "cron": "0 0 13 * 5"})", "2026-02-12 12:00"));
	// The 31st skips the months without one; February 29th waits for a leap year.
	CPPUNIT_ASSERT_EQUAL(std::string("2026-05-31 12:00 Sun"), next(R"({"frequency": "custom", "cron": "0 12 31 * *"})", "2026-03-31 12:00"));
	CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29 00:00 Tue"), next(R"({"frequency": "custom", "cron": "0 0 29 2 *"})", "2026-03-01 00:00"));
	// Year end.
	CPPUNIT_ASSERT_EQUAL(std::string("2027-01-01 00:00 Fri"), next(R"({"frequency": "hourly", "minute": 0})", "2026-12-31 23:30"));
}


void ScheduleTest::testInvalidSchedules()
{
	const auto problem = [](const std::string& schedule) {
		try
		{
			Schedule::fromJson(json::Value::parse(schedule));
		}
		catch (const ValidationError& e)
		{
			return e.fields().begin()->first + ": " + e.fields().begin()->second;
		}
		return std::string("<valid>");
	};
	CPPUNIT_ASSERT_EQUAL(std::string("schedule.frequency: must be manual, continuous, hourly, daily, weekly, custom or runafter"),
		problem(R"({"frequency": "sometimes"})"));
	CPPUNIT_ASSERT_EQUAL(std::string("schedule.minute: '75' is not a number from 0 to 59"), problem(R"({"frequency": "hourly", "minute": 75})"));
	CPPUNIT_ASSERT_EQUAL(std::string("schedule.cron: needs 5 fields: minute hour day-of-month month day-of-week"),
		problem(R"({"frequency": "custom", "cron": "* * *"})"));
	CPPUNIT_ASSERT_EQUAL(std::string("schedule: never runs (no such date)"), problem(R"({"frequency": "custom", "cron": "0 0 30 2 *"})"));
	CPPUNIT_ASSERT(problem(R"({"frequency": "custom", "cron": "5-1 * * * *"})").find("runs backwards") != std::string::npos);
	CPPUNIT_ASSERT(problem(R"({"frequency": "runafter"})").find("schedule.run_after") != std::string::npos);
	// The day_of_week field runs 0-6 from Sunday (README); 7 for Sunday is cron's, in a "cron" expression only.
	CPPUNIT_ASSERT_EQUAL(std::string("schedule.day_of_week: '7' is not a number from 0 to 6"),
		problem(R"({"frequency": "weekly", "day_of_week": 7, "hour": 3})"));
	CPPUNIT_ASSERT_EQUAL(std::string("schedule.day_of_week: '7' is not a number from 0 to 6"),
		problem(R"({"frequency": "custom", "day_of_week": "5-7", "hour": "3", "minute": "0"})"));
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), problem(R"({"frequency": "weekly", "day_of_week": 6, "hour": 3})"));
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), problem(R"({"frequency": "custom", "cron": "0 3 * * 7"})"));
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), problem(R"({"frequency": "runafter", "run_after": {"bulk_sync_ids": ["x"]}})"));
}


namespace
{
	std::string refusal(const std::string& schedule)
		/// "field: problem" of the ValidationError, "<valid>", or "<other: what>" for any other exception (a 500 at the API).
	{
		try
		{
			Schedule::fromJson(json::Value::parse(schedule));
		}
		catch (const ValidationError& e)
		{
			return e.fields().begin()->first + ": " + e.fields().begin()->second;
		}
		catch (const std::exception& e)
		{
			return std::string("<other: ") + e.what() + ">";
		}
		return "<valid>";
	}
}


void ScheduleTest::testWronglyTypedFields()
{
	// A field of the wrong type is refused naming it, not read as its default (manual, minute 0).
	CPPUNIT_ASSERT_EQUAL(std::string("schedule.frequency: must be a string"), refusal(R"({"frequency": 5})"));
	CPPUNIT_ASSERT_EQUAL(std::string("schedule.frequency: must be a string"), refusal(R"({"frequency": ["hourly"]})"));
	CPPUNIT_ASSERT_EQUAL(std::string("schedule.cron: must be a string of 5 fields"), refusal(R"({"frequency": "custom", "cron": ["*"]})"));
	CPPUNIT_ASSERT(refusal(R"({"frequency": "hourly", "minute": true})").rfind("schedule.minute: must be a whole number", 0) == 0);
	CPPUNIT_ASSERT(refusal(R"({"frequency": "daily", "hour": {"h": 1}})").rfind("schedule.hour: must be a whole number", 0) == 0);
	CPPUNIT_ASSERT(refusal(R"({"frequency": "hourly", "minute": 1.5})").rfind("schedule.minute: must be a whole number", 0) == 0);
	CPPUNIT_ASSERT(refusal(R"({"frequency": "hourly", "minute": 1e300})").rfind("schedule.minute: must be a whole number", 0) == 0);
	CPPUNIT_ASSERT(refusal(R"({"frequency": "manual", "run_after_success_only": "yes"})").rfind("schedule.run_after_success_only", 0) == 0);
}


void ScheduleTest::testHostileCron()
{
	// A step past the field's range would overflow the loop counter (undefined behaviour).
	CPPUNIT_ASSERT(refusal(R"({"frequency": "custom", "cron": "59/2147483647 * * * *"})").find("has a bad step") != std::string::npos);
	CPPUNIT_ASSERT(refusal(R"({"frequency": "custom", "cron": "*/61 * * * *"})").find("has a bad step") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-10 11:00 Tue"), next(R"({"frequency": "custom", "cron": "*/60 * * * *"})", "2026-03-10 10:20"));
	// 7 is Sunday in ranges too.
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-13 00:00 Fri"), next(R"({"frequency": "custom", "cron": "0 0 * * 5-7"})", "2026-03-12 12:00"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-03-15 00:00 Sun"), next(R"({"frequency": "custom", "cron": "0 0 * * 6-7"})", "2026-03-14 12:00"));
	// Long lists and odd text are errors or schedules, never a crash.
	std::string many = "0";
	for (int i = 0; i < 100000; ++i) many += ",0";
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), refusal(R"({"frequency": "custom", "cron": ")" + many + R"( * * * *"})"));
	for (const char* odd: {"- * * * *", "1- * * * *", "-1 * * * *", "*/ * * * *", "/5 * * * *", ",,, * * * *", "99999999999 * * * *", "1-2-3 * * * *"})
		CPPUNIT_ASSERT_MESSAGE(odd, refusal(std::string(R"({"frequency": "custom", "cron": ")") + odd + "\"}").rfind("schedule.", 0) == 0);
}


CppUnit::Test* ScheduleTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ScheduleTest");
	POLYTOMIC_ADD_TEST(suite, ScheduleTest, testFrequencies);
	POLYTOMIC_ADD_TEST(suite, ScheduleTest, testCronFields);
	POLYTOMIC_ADD_TEST(suite, ScheduleTest, testCronEdgeCases);
	POLYTOMIC_ADD_TEST(suite, ScheduleTest, testInvalidSchedules);
	POLYTOMIC_ADD_TEST(suite, ScheduleTest, testWronglyTypedFields);
	POLYTOMIC_ADD_TEST(suite, ScheduleTest, testHostileCron);
	return suite;
}
