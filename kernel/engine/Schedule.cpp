//
// Schedule.cpp
//


#include "engine/Schedule.h"
#include "engine/EngineError.h"
#include "Poco/NumberParser.h"
#include "Poco/StringTokenizer.h"


namespace polytomic {
namespace engine {


namespace
{
	struct Range
	{
		const char* name;
		int low;
		int high;
	};

	const Range RANGES[5] = {{"minute", 0, 59}, {"hour", 0, 23}, {"day_of_month", 1, 31}, {"month", 1, 12}, {"day_of_week", 0, 6}};


	[[noreturn]] void refuse(const std::string& field, const std::string& problem)
	{
		throw ValidationError("bad schedule", {{"schedule." + field, problem}});
	}


	int number(const std::string& text, const Range& range, bool cronText)
		/// Cron text may say 7 for Sunday; the schedule's own day_of_week field runs 0-6, as documented.
	{
		int n = 0;
		if (!Poco::NumberParser::tryParse(text, n) || n < range.low || n > range.high + (cronText && range.high == 6 ? 1 : 0))
			throw ValidationError("bad schedule", {{std::string("schedule.") + range.name, "'" + text + "' is not a number from " +
				std::to_string(range.low) + " to " + std::to_string(range.high)}});
		return n; // 7 is Sunday too: parseField folds it into 0, after a range like 5-7 is expanded
	}


	std::set<int> parseField(const std::string& text, const Range& range, bool cronText)
		/// One cron field: "*", "n", "a-b", "*/s", "a-b/s", and comma lists of those.
		/// cronText: from a "cron" expression (where 7 is Sunday too) rather than a field of the schedule.
	{
		std::set<int> values;
		Poco::StringTokenizer parts(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		if (parts.count() == 0) throw ValidationError("bad schedule", {{std::string("schedule.") + range.name, "is empty"}});
		for (const std::string& part: parts)
		{
			std::string base = part;
			int step = 1;
			const auto slash = part.find('/');
			if (slash != std::string::npos)
			{
				base = part.substr(0, slash);
				// A step past the range would only ever hit the first value, and v += step would overflow.
				if (!Poco::NumberParser::tryParse(part.substr(slash + 1), step) || step < 1 || step > range.high - range.low + 1)
					refuse(range.name, "'" + part + "' has a bad step (a number from 1 to " + std::to_string(range.high - range.low + 1) + ")");
			}
			int low = range.low, high = range.high;
			if (base != "*")
			{
				const auto dash = base.find('-');
				low = number(base.substr(0, dash), range, cronText);
				high = dash == std::string::npos ? (slash == std::string::npos ? low : range.high) : number(base.substr(dash + 1), range, cronText);
				if (high < low) refuse(range.name, "'" + part + "' runs backwards");
			}
			for (int v = low; v <= high; v += step) values.insert(range.high == 6 && v == 7 ? 0 : v);
		}
		return values;
	}


	std::string field(const json::Value& schedule, const char* name, const std::string& fallback)
		/// A field as cron text: a whole number or a string; absent, null or "" is the fallback.
	{
		const json::Value& v = schedule[name];
		if (v.isNull()) return fallback;
		if (v.isWholeNumber()) return std::to_string(v.asInt64());
		if (v.isString()) return v.asString().empty() ? fallback : v.asString();
		refuse(name, "must be a whole number or a cron field such as \"*/15\"");
	}
}


Schedule Schedule::fromJson(const json::Value& schedule)
{
	Schedule s;
	if (!schedule.isObject()) throw ValidationError("bad schedule", {{"schedule", "must be an object with a frequency"}});
	if (!schedule["frequency"].isNull() && !schedule["frequency"].isString()) refuse("frequency", "must be a string");
	if (!schedule["cron"].isNull() && !schedule["cron"].isString()) refuse("cron", "must be a string of 5 fields");
	if (!schedule["run_after_success_only"].isNull() && !schedule["run_after_success_only"].isBool())
		refuse("run_after_success_only", "must be true or false");
	s._frequency = schedule.getString("frequency", "manual");
	static const std::set<std::string> known = {"manual", "continuous", "hourly", "daily", "weekly", "custom", "runafter"};
	if (!known.count(s._frequency))
		throw ValidationError("bad schedule", {{"schedule.frequency", "must be manual, continuous, hourly, daily, weekly, custom or runafter"}});
	if (s._frequency == "runafter")
	{
		const json::Value& after = schedule["run_after"];
		for (const char* key: {"sync_ids", "bulk_sync_ids"})
			if (!after[key].isNull() && !after[key].isArray())
				throw ValidationError("bad schedule", {{std::string("schedule.run_after.") + key, "must be an array of ids"}});
		if (after["sync_ids"].size() + after["bulk_sync_ids"].size() == 0)
			throw ValidationError("bad schedule", {{"schedule.run_after", "names the syncs (sync_ids) or bulk syncs (bulk_sync_ids) this one runs after"}});
	}
	std::array<std::string, 5> text = {"0", "*", "*", "*", "*"};
	bool cronText = false;
	if (s._frequency == "hourly") text = {field(schedule, "minute", "0"), "*", "*", "*", "*"};
	else if (s._frequency == "daily") text = {field(schedule, "minute", "0"), field(schedule, "hour", "0"), "*", "*", "*"};
	else if (s._frequency == "weekly")
		text = {field(schedule, "minute", "0"), field(schedule, "hour", "0"), "*", "*", field(schedule, "day_of_week", "0")};
	else if (s._frequency == "custom")
	{
		if (schedule["cron"].isString())
		{
			Poco::StringTokenizer parts(schedule["cron"].asString(), " ", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
			if (parts.count() != 5) throw ValidationError("bad schedule", {{"schedule.cron", "needs 5 fields: minute hour day-of-month month day-of-week"}});
			for (std::size_t i = 0; i < 5; ++i) text[i] = parts[i];
			cronText = true;
		}
		else
		{
			text = {field(schedule, "minute", "*"), field(schedule, "hour", "*"), field(schedule, "day_of_month", "*"),
				field(schedule, "month", "*"), field(schedule, "day_of_week", "*")};
		}
	}
	else
	{
		return s;
	}
	for (std::size_t i = 0; i < 5; ++i) s._fields[i] = parseField(text[i], RANGES[i], cronText);
	s._anyDayOfMonth = text[2] == "*";
	s._anyDayOfWeek = text[4] == "*";
	if (!s.nextAfter(0)) throw ValidationError("bad schedule", {{"schedule", "never runs (no such date)"}});
	return s;
}


bool Schedule::dayMatches(const std::tm& t) const
{
	if (!_fields[3].count(t.tm_mon + 1)) return false;
	const bool dom = _fields[2].count(t.tm_mday) > 0;
	const bool dow = _fields[4].count(t.tm_wday) > 0;
	// Cron's rule: when both day fields are restricted, either may match.
	if (!_anyDayOfMonth && !_anyDayOfWeek) return dom || dow;
	return dom && dow;
}


std::optional<std::time_t> Schedule::nextAfter(std::time_t after) const
{
	if (_frequency != "hourly" && _frequency != "daily" && _frequency != "weekly" && _frequency != "custom") return std::nullopt;
	std::time_t t = after - after % 60 + 60;
	const std::time_t limit = t + std::time_t(5) * 366 * 86400;
	while (t < limit)
	{
		std::tm tm;
		gmtime_r(&t, &tm);
		if (!dayMatches(tm)) t += 86400 - (tm.tm_hour * 3600 + tm.tm_min * 60);
		else if (!_fields[1].count(tm.tm_hour)) t += 3600 - tm.tm_min * 60;
		else if (_fields[0].count(tm.tm_min)) return t;
		else t += 60;
	}
	return std::nullopt;
}


} } // namespace polytomic::engine
