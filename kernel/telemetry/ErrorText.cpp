//
// ErrorText.cpp
//


#include "telemetry/ErrorText.h"
#include "Poco/Exception.h"


namespace polytomic {
namespace telemetry {


std::string errorText(const std::exception& error)
{
	if (auto* poco = dynamic_cast<const Poco::Exception*>(&error)) return poco->displayText();
	return error.what();
}


} } // namespace polytomic::telemetry
