//
// RateBudgetRepository.cpp
//


#include "store/RateBudgetRepository.h"
#include "store/PgResult.h"
#include <cmath>


namespace polytomic {
namespace store {


RateBudgetRepository::RateBudgetRepository(Database& database):
	_database(database)
{
}


BudgetSlots RateBudgetRepository::reserve(const std::string& name, std::chrono::microseconds spacing, int wanted, long long dailyQuota)
{
	BudgetSlots slots;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT granted, wait_seconds, used_today FROM reserve_rate_budget($1, $2::double precision, $3::integer, $4::bigint)",
			{name, std::to_string(static_cast<double>(spacing.count()) / 1e6), std::to_string(wanted), std::to_string(dailyQuota)});
		slots.count = std::stoi(r.value(0, 0));
		slots.wait = std::chrono::microseconds(static_cast<long long>(std::ceil(std::stod(r.value(0, 1)) * 1e6)));
		slots.usedToday = std::stoll(r.value(0, 2));
	});
	return slots;
}


} } // namespace polytomic::store
