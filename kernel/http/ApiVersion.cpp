//
// ApiVersion.cpp
//


#include "http/ApiVersion.h"
#include "http/HttpError.h"
#include "Poco/DateTime.h"


namespace polytomic {
namespace http {


const std::string ApiVersion::HEADER = "X-Polytomic-Version";


std::string ApiVersion::rule()
{
	return "The dated API version the client was written for, YYYY-MM-DD (the SDK sends it when its client is made with "
		"`version`). Every date is accepted and answered in the same shapes (those of the SDK this server follows); "
		"without the header, the same. A value that is not a date is refused with 400 unsupported_api_version.";
}


bool ApiVersion::isDate(const std::string& text)
{
	if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
	for (std::size_t i: {0, 1, 2, 3, 5, 6, 8, 9})
		if (text[i] < '0' || text[i] > '9') return false;
	const int year = std::stoi(text.substr(0, 4)), month = std::stoi(text.substr(5, 2)), day = std::stoi(text.substr(8, 2));
	return Poco::DateTime::isValid(year, month, day);
}


std::string ApiVersion::check(Exchange& exchange)
{
	const std::string version = exchange.request().get(HEADER, "");
	if (version.empty()) return version;
	if (!isDate(version))
		throw HttpError(400, "unsupported_api_version", HEADER + " must be an API version date such as 2025-09-18 (YYYY-MM-DD), or "
			"left out; it was '" + version.substr(0, 40) + "'");
	exchange.response().set(HEADER, version);
	return version;
}


bool ApiVersion::atLeast(Exchange& exchange, const std::string& version)
{
	const std::string asked = exchange.request().get(HEADER, "");
	return isDate(asked) && asked >= version;
}


} } // namespace polytomic::http
