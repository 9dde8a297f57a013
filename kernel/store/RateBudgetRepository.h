//
// RateBudgetRepository.h
//
// Definition of the RateBudgetRepository class.
//


#ifndef Polytomic_Store_RateBudgetRepository_INCLUDED
#define Polytomic_Store_RateBudgetRepository_INCLUDED


#include "store/Database.h"
#include <chrono>
#include <string>


namespace polytomic {
namespace store {


struct BudgetSlots
	/// Slots of a rate budget reserved at once: count of them, spacing apart, the first after wait.
{
	int count = 0;                   /// 0 when the daily quota is used up
	std::chrono::microseconds wait{0};
	long long usedToday = 0;         /// requests of the budget counted today (UTC), these included
};


class RateBudgetRepository
	/// rate_budgets (migration 017): the rate budgets every process of the
	/// server shares, one row each, reserved in one statement
	/// (reserve_rate_budget) under the row's lock.
{
public:
	explicit RateBudgetRepository(Database& database);

	BudgetSlots reserve(const std::string& name, std::chrono::microseconds spacing, int wanted, long long dailyQuota);
		/// Up to wanted slots from the budget's first free one on, spacing apart; with a daily
		/// quota (> 0), no more than are left of it today.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_RateBudgetRepository_INCLUDED
