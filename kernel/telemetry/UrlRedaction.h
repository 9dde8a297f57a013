//
// UrlRedaction.h
//
// Definition of the UrlRedaction class.
//


#ifndef Polytomic_Telemetry_UrlRedaction_INCLUDED
#define Polytomic_Telemetry_UrlRedaction_INCLUDED


#include <string>


namespace polytomic {
namespace telemetry {


class UrlRedaction
	/// Makes a URL (or a request target, "/auth/link?token=...") fit for a log
	/// line, a trace or an error report: the values of query parameters that
	/// carry secrets (sign-in link tokens, OAuth codes and states, keys,
	/// passwords, signatures) and a user's password are replaced by [redacted].
{
public:
	static std::string redact(const std::string& url);

	static bool isSecretParameter(const std::string& name);
		/// token, code, state, key, sig, pwd, or a name containing token, key, password,
		/// passwd, secret, signature, credential, session or auth (any case, percent-decoded).

	static const std::string REDACTED;
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_UrlRedaction_INCLUDED
