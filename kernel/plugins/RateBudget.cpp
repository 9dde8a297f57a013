//
// RateBudget.cpp
//


#include "plugins/RateBudget.h"
#include "plugins/LedgerPipe.h"
#include "store/RateBudgetRepository.h"
#include <algorithm>
#include <cmath>
#include <ctime>
#include <deque>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <sstream>


namespace polytomic {
namespace plugins {


const std::string RateBudget::MARK = "#budget ";
constexpr std::chrono::milliseconds RateBudget::LATE_SLOT;


namespace
{
	using Clock = std::chrono::steady_clock;


	struct LocalBudget
		/// A budget as this process holds it: the slots it reserved and not yet spent.
	{
		std::deque<Clock::time_point> slots;
		int block = 1;              /// slots to reserve next time
		bool dropped = false;       /// a slot of the last block went unused
		// Without a database: the budget itself (GCRA with no burst, a UTC day's use).
		Clock::time_point next;
		long long day = -1;
		long long usedToday = 0;
	};


	std::mutex budgetsMutex;
	std::map<std::string, LocalBudget> budgets;
	std::unique_ptr<store::RateBudgetRepository> shared;
	std::istream* workerAnswers = nullptr;
	std::ostream* workerMessages = nullptr;


	long long utcDay()
	{
		return static_cast<long long>(std::time(nullptr) / 86400);
	}


	store::BudgetSlots reserveInProcess(LocalBudget& budget, std::chrono::microseconds spacing, int wanted, long long perDay)
		/// What reserve_rate_budget does in the database, for this process alone.
	{
		const long long today = utcDay();
		if (budget.day != today) budget.usedToday = 0;
		budget.day = today;
		store::BudgetSlots slots;
		slots.count = perDay > 0 ? static_cast<int>(std::max(0LL, std::min<long long>(wanted, perDay - budget.usedToday))) : wanted;
		const auto now = Clock::now();
		const auto first = std::max(now, budget.next);
		budget.next = first + spacing * slots.count;
		budget.usedToday += slots.count;
		slots.wait = std::chrono::duration_cast<std::chrono::microseconds>(first - now);
		slots.usedToday = budget.usedToday;
		return slots;
	}


	void refill(const std::string& name, LocalBudget& budget, std::chrono::microseconds spacing, double perSecond, long long perDay)
	{
		// A block covers at most a quarter of a second of the budget: what a run on another worker waits for meanwhile.
		const int most = std::clamp(static_cast<int>(perSecond / 4), 1, RateBudget::MOST_SLOTS_AT_ONCE);
		budget.block = std::clamp(budget.dropped ? budget.block / 2 : budget.block * 2, 1, most);
		budget.dropped = false;
		const store::BudgetSlots slots = shared ? shared->reserve(name, spacing, budget.block, perDay) : reserveInProcess(budget, spacing, budget.block, perDay);
		if (slots.count == 0)
			throw BudgetSpent("the daily quota of " + std::to_string(perDay) + " requests of the rate budget " + name +
				" is used up for today (UTC); it starts again at midnight UTC");
		const auto first = Clock::now() + slots.wait;
		for (int i = 0; i < slots.count; ++i) budget.slots.push_back(first + spacing * i);
	}


	std::chrono::microseconds reserveHere(const std::string& name, double perSecond, long long perDay)
	{
		const auto spacing = std::chrono::microseconds(static_cast<long long>(std::ceil(1e6 / perSecond)));
		std::lock_guard<std::mutex> lock(budgetsMutex);
		LocalBudget& budget = budgets[name];
		// A slot gone by is not spent late: that would put two requests closer than the spacing.
		while (!budget.slots.empty() && budget.slots.front() + RateBudget::LATE_SLOT < Clock::now())
		{
			budget.slots.pop_front();
			budget.dropped = true;
		}
		if (budget.slots.empty()) refill(name, budget, spacing, perSecond, perDay);
		const auto slot = budget.slots.front();
		budget.slots.pop_front();
		return std::max(std::chrono::microseconds::zero(), std::chrono::duration_cast<std::chrono::microseconds>(slot - Clock::now()));
	}
}


std::chrono::microseconds RateBudget::reserve(const std::string& name, double perSecond, long long perDay)
{
	if (!workerAnswers) return reserveHere(name, perSecond, perDay);
	std::string line;
	{
		std::lock_guard<std::mutex> conversation(LedgerPipe::conversation());
		*workerMessages << MARK << perSecond << ' ' << perDay << '\t' << name << std::endl;
		if (!std::getline(*workerAnswers, line)) throw std::runtime_error("the worker stopped answering for the rate budget " + name);
	}
	if (line.rfind("spent ", 0) == 0) throw BudgetSpent(line.substr(6));
	if (line.rfind("wait ", 0) != 0) throw std::runtime_error("the worker answered no wait for the rate budget " + name);
	return std::chrono::microseconds(std::stoll(line.substr(5)));
}


void RateBudget::shareThrough(store::Database& database)
{
	std::lock_guard<std::mutex> lock(budgetsMutex);
	shared = std::make_unique<store::RateBudgetRepository>(database);
}


void RateBudget::throughWorker(std::istream& answers, std::ostream& messages)
{
	workerAnswers = &answers;
	workerMessages = &messages;
}


bool RateBudget::handle(const std::string& line, std::string& reply)
{
	if (line.rfind(MARK, 0) != 0) return false;
	const std::string message = line.substr(MARK.size());
	const auto tab = message.find('\t');
	double perSecond = 0;
	long long perDay = 0;
	std::istringstream(message.substr(0, tab)) >> perSecond >> perDay;
	const std::string name = tab == std::string::npos ? std::string() : message.substr(tab + 1);
	try
	{
		const long long wait = perSecond > 0 && !name.empty() ? reserveHere(name, perSecond, perDay).count() : 0;
		reply = "wait " + std::to_string(wait) + "\n";
	}
	catch (const std::exception& e)
	{
		// Spent, or the database did not answer: the executor's request is not sent, and says why.
		std::string why = e.what();
		std::replace(why.begin(), why.end(), '\n', ' ');
		reply = "spent " + why + "\n";
	}
	return true;
}


} } // namespace polytomic::plugins
