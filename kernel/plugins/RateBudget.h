//
// RateBudget.h
//
// Definition of the RateBudget class.
//


#ifndef Polytomic_Plugins_RateBudget_INCLUDED
#define Polytomic_Plugins_RateBudget_INCLUDED


#include "store/Database.h"
#include <chrono>
#include <iosfwd>
#include <stdexcept>
#include <string>


namespace polytomic {
namespace plugins {


class BudgetSpent: public std::runtime_error
	/// The daily quota of a rate budget is used up: nothing more of it goes today.
{
public:
	using std::runtime_error::runtime_error;
};


class RateBudget
	/// The rate budgets of HTTP requests (polytomic_http_request.rate_budget): a
	/// request of a budget goes at the next free slot of it, 1 / rate apart,
	/// and, with a daily quota, only while the day's quota lasts.
	///
	/// Budgets are the server's, shared by every process through PostgreSQL
	/// (after shareThrough: RateBudgetRepository), so that all runs on the same
	/// API account (a HubSpot portal) keep to one budget whichever worker runs
	/// them. A process reserves a small block of slots at once and hands them
	/// out itself, so that a request does not wait for the database; a slot it
	/// could not use in time is dropped, never spent late, and the next block
	/// is smaller. An executor asks its worker for each slot over its pipe (one
	/// message and one answer, shared with the change ledger:
	///   "#budget <requests per second> <requests per day>\t<name>" ->
	///   "wait <microseconds>" or "spent <why>").
	/// Without shareThrough (the harness, tools) the budgets are the process's own.
{
public:
	static std::chrono::microseconds reserve(const std::string& name, double perSecond, long long perDay = 0);
		/// The wait before the next request of the budget may go; in an executor the
		/// worker's answer (after throughWorker). Throws BudgetSpent when the daily
		/// quota is used up.

	static void shareThrough(store::Database& database);
		/// Budgets from now on shared with every process using this database.

	static void throughWorker(std::istream& answers, std::ostream& messages);
		/// In an executor: reserve every slot of the worker.

	static bool handle(const std::string& line, std::string& reply);
		/// The worker's end: true for a budget message, whose answer is reply.

	static const std::string MARK;
	static constexpr int MOST_SLOTS_AT_ONCE = 16;              /// the largest block a process reserves
	static constexpr std::chrono::milliseconds LATE_SLOT{5};   /// a slot later than this is dropped
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_RateBudget_INCLUDED
