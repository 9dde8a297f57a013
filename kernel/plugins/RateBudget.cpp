//
// RateBudget.cpp
//


#include "plugins/RateBudget.h"
#include "plugins/LedgerPipe.h"
#include <algorithm>
#include <istream>
#include <map>
#include <mutex>
#include <ostream>
#include <stdexcept>


namespace polytomic {
namespace plugins {


const std::string RateBudget::MARK = "#budget ";


namespace
{
	using Clock = std::chrono::steady_clock;

	std::mutex budgetsMutex;
	std::map<std::string, Clock::time_point> nextSlots;
	std::istream* workerAnswers = nullptr;
	std::ostream* workerMessages = nullptr;


	std::chrono::microseconds reserveHere(const std::string& name, double perSecond)
	{
		const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / perSecond));
		std::lock_guard<std::mutex> lock(budgetsMutex);
		const auto now = Clock::now();
		Clock::time_point& next = nextSlots[name];
		const auto slot = std::max(now, next);
		next = slot + interval;
		return std::chrono::duration_cast<std::chrono::microseconds>(slot - now);
	}
}


std::chrono::microseconds RateBudget::reserve(const std::string& name, double perSecond)
{
	if (!workerAnswers) return reserveHere(name, perSecond);
	std::string line;
	{
		std::lock_guard<std::mutex> conversation(LedgerPipe::conversation());
		*workerMessages << MARK << perSecond << '\t' << name << std::endl;
		if (!std::getline(*workerAnswers, line)) throw std::runtime_error("the worker stopped answering for the rate budget " + name);
	}
	if (line.rfind("wait ", 0) != 0) throw std::runtime_error("the worker answered no wait for the rate budget " + name);
	return std::chrono::microseconds(std::stoll(line.substr(5)));
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
	try
	{
		perSecond = std::stod(message.substr(0, tab));
	}
	catch (const std::exception&)
	{
	}
	const std::string name = tab == std::string::npos ? std::string() : message.substr(tab + 1);
	const long long wait = perSecond > 0 && !name.empty() ? reserveHere(name, perSecond).count() : 0;
	reply = "wait " + std::to_string(wait) + "\n";
	return true;
}


} } // namespace polytomic::plugins
