//
// LicenseRefused.cpp
//


#include "license/LicenseRefused.h"


namespace polytomic {
namespace license {


LicenseRefused::LicenseRefused(std::string key, const std::string& message, std::map<std::string, std::string> metadata):
	std::runtime_error(message),
	_key(std::move(key)),
	_metadata(std::move(metadata))
{
}


} } // namespace polytomic::license
