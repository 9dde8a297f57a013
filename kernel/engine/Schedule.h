//
// Schedule.h
//
// Definition of the Schedule class.
//


#ifndef Polytomic_Engine_Schedule_INCLUDED
#define Polytomic_Engine_Schedule_INCLUDED


#include "polytomic/json.hpp"
#include <array>
#include <ctime>
#include <optional>
#include <set>
#include <string>
#include <vector>


namespace polytomic {
namespace engine {


class Schedule
	/// When a sync runs: {"frequency": manual | continuous | hourly | daily |
	/// weekly | custom | runafter, "minute", "hour", "day_of_week",
	/// "day_of_month", "month", "run_after": {"bulk_sync_ids": [...]},
	/// "run_after_success_only"}. hourly, daily and weekly use the fields they
	/// need (defaults 0, Sunday); custom takes each field as a cron field
	/// ("*", "5", "1-5", "*/15", "0,30"), or a whole 5-field "cron" expression.
	/// Times are UTC.
{
public:
	static Schedule fromJson(const json::Value& schedule);
		/// Throws ValidationError naming the bad field.

	std::optional<std::time_t> nextAfter(std::time_t after) const;
		/// The first minute strictly after `after` at which it runs; nothing for
		/// manual, continuous and runafter.

	const std::string& frequency() const { return _frequency; }
	bool continuous() const { return _frequency == "continuous"; }

private:
	bool dayMatches(const std::tm& t) const;

	std::string _frequency = "manual";
	std::array<std::set<int>, 5> _fields;  /// minute, hour, day of month, month, day of week
	bool _anyDayOfMonth = true;
	bool _anyDayOfWeek = true;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_Schedule_INCLUDED
