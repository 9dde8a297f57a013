//
// RateBudget.h
//
// Definition of the RateBudget class.
//


#ifndef Polytomic_Plugins_RateBudget_INCLUDED
#define Polytomic_Plugins_RateBudget_INCLUDED


#include <chrono>
#include <iosfwd>
#include <string>


namespace polytomic {
namespace plugins {


class RateBudget
	/// The rate budgets of HTTP requests (polytomic_http_request.rate_budget): a
	/// request of a budget goes at the next free slot of it, 1 / rate apart.
	/// Budgets are the worker's: an executor asks the worker for each slot over
	/// its pipe (one message and one answer, shared with the change ledger:
	///   "#budget <requests per second>\t<name>" -> "wait <microseconds>"),
	/// so that every run of a worker on the same API account (a HubSpot portal)
	/// keeps to one budget, however many executors it runs at once.
{
public:
	static std::chrono::microseconds reserve(const std::string& name, double perSecond);
		/// The wait before the next request of the budget may go; in an executor the
		/// worker's answer (after throughWorker), elsewhere this process's own budgets.

	static void throughWorker(std::istream& answers, std::ostream& messages);
		/// In an executor: reserve every slot of the worker.

	static bool handle(const std::string& line, std::string& reply);
		/// The worker's end: true for a budget message, whose answer is reply.

	static const std::string MARK;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_RateBudget_INCLUDED
