//
// License.cpp
//


#include "license/License.h"
#include "Poco/DateTime.h"
#include "Poco/DateTimeFormatter.h"
#include <algorithm>
#include <cctype>
#include <stdexcept>


namespace polytomic {
namespace license {


bool License::allowsConnector(const std::string& connectorId) const
{
	if (!connectors) return true;
	return std::find(connectors->begin(), connectors->end(), connectorId) != connectors->end();
}


bool License::allowsActiveSyncs(int count) const
{
	return !maxSyncs || count <= *maxSyncs;
}


LicenseStatus License::statusAt(Poco::Timestamp now) const
{
	return LicenseStatus::of(expiresAt, now);
}


Poco::Timestamp License::endOfDay(const std::string& date)
{
	const auto invalid = [&date]()
	{
		return std::invalid_argument("\"" + date + "\" is not a date (YYYY-MM-DD)");
	};
	if (date.size() != 10 || date[4] != '-' || date[7] != '-') throw invalid();
	for (std::size_t i: {0, 1, 2, 3, 5, 6, 8, 9})
		if (!std::isdigit(static_cast<unsigned char>(date[i]))) throw invalid();
	const int year = std::stoi(date.substr(0, 4));
	const int month = std::stoi(date.substr(5, 2));
	const int day = std::stoi(date.substr(8, 2));
	if (year < 1970 || !Poco::DateTime::isValid(year, month, day)) throw invalid();
	return Poco::DateTime(year, month, day, 23, 59, 59).timestamp();
}


std::string License::formatDate(Poco::Timestamp time)
{
	return Poco::DateTimeFormatter::format(time, "%Y-%m-%d");
}


std::string License::formatTime(Poco::Timestamp time)
{
	return Poco::DateTimeFormatter::format(time, "%Y-%m-%d %H:%M:%S UTC");
}


} } // namespace polytomic::license
