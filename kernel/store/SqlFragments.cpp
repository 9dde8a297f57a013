//
// SqlFragments.cpp
//


#include "store/SqlFragments.h"
#include "Poco/RegularExpression.h"


namespace polytomic {
namespace store {


bool isUuid(const std::string& text)
{
	static const Poco::RegularExpression uuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
	return uuid.match(text);
}


std::string isoTimestamp(const std::string& column)
{
	return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}


} } // namespace polytomic::store
