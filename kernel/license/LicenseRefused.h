//
// LicenseRefused.h
//
// Definition of the LicenseRefused exception.
//


#ifndef Polytomic_License_LicenseRefused_INCLUDED
#define Polytomic_License_LicenseRefused_INCLUDED


#include <map>
#include <stdexcept>
#include <string>


namespace polytomic {
namespace license {


class LicenseRefused: public std::runtime_error
	/// The licence does not allow what the caller asked for: a new execution
	/// past the grace period, one more active sync than the licence allows, a
	/// connector it does not include. The API answers 403 with key() and
	/// metadata(); what() says what to do.
{
public:
	LicenseRefused(std::string key, const std::string& message, std::map<std::string, std::string> metadata = {});

	const std::string& key() const;
		/// license_expired, license_sync_limit or license_connector_not_allowed.

	const std::map<std::string, std::string>& metadata() const;

private:
	std::string _key;
	std::map<std::string, std::string> _metadata;
};


//
// inlines
//
inline const std::string& LicenseRefused::key() const
{
	return _key;
}


inline const std::map<std::string, std::string>& LicenseRefused::metadata() const
{
	return _metadata;
}


} } // namespace polytomic::license


#endif // Polytomic_License_LicenseRefused_INCLUDED
