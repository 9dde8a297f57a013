//
// ApiVersion.h
//
// Definition of the ApiVersion class.
//


#ifndef Polytomic_Http_ApiVersion_INCLUDED
#define Polytomic_Http_ApiVersion_INCLUDED


#include "http/Exchange.h"
#include <string>


namespace polytomic {
namespace http {


class ApiVersion
	/// X-Polytomic-Version: the dated API version a client asks for. The SDK sends
	/// it only when its client is made with `version` (never per request). This
	/// server answers every accepted version with the same shapes, the SDK's; a
	/// handler whose answer changed at a version asks atLeast(). Accepted: no header,
	/// or a date YYYY-MM-DD; anything else is refused with 400 before the handler runs.
{
public:
	static std::string check(Exchange& exchange);
		/// The version asked for ("" for none), echoed in the response's header; throws
		/// HttpError 400 unsupported_api_version when it is not a date.

	static bool atLeast(Exchange& exchange, const std::string& version);
		/// Whether the request asks for version or later (no header: the oldest).

	static std::string rule();
		/// The rule, as the OpenAPI document and the 400 tell it.

	static const std::string HEADER;

private:
	static bool isDate(const std::string& text);
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ApiVersion_INCLUDED
