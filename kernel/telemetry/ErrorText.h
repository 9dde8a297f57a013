//
// ErrorText.h
//
// Definition of the errorText function.
//


#ifndef Polytomic_Telemetry_ErrorText_INCLUDED
#define Polytomic_Telemetry_ErrorText_INCLUDED


#include <exception>
#include <string>


namespace polytomic {
namespace telemetry {


std::string errorText(const std::exception& error);
	/// The message of any exception for a log line. POCO's what() gives only the
	/// exception's class name ("Net Exception"); this gives its whole text.


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_ErrorText_INCLUDED
