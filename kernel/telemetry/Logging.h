//
// Logging.h
//
// Definition of the Logging class.
//


#ifndef Polytomic_Telemetry_Logging_INCLUDED
#define Polytomic_Telemetry_Logging_INCLUDED


#include "telemetry/SentryReporter.h"
#include <string>


namespace polytomic {
namespace telemetry {


class Logging
	/// Sets up the process's logging from LOG_LEVEL and LOG_FORMAT: every logger
	/// writes to standard error through one LogFormatter.
{
public:
	static void configure(const std::string& level, const std::string& format);
		/// level is a Poco priority name (trace, debug, information, warning, error);
		/// format is "text" or "json".

	static void reportErrorsTo(SentryReporter* reporter);
		/// From now on messages at error level or worse also go to reporter
		/// (SENTRY_DSN); nullptr stops that. Call after configure().
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_Logging_INCLUDED
