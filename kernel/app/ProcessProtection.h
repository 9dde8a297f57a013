//
// ProcessProtection.h
//
// Definition of the ProcessProtection class.
//


#ifndef Polytomic_App_ProcessProtection_INCLUDED
#define Polytomic_App_ProcessProtection_INCLUDED


#include <string>
#include <vector>


namespace polytomic {
namespace app {


class ProcessProtection
	/// Keeps the server's secrets out of reach of other processes of the same
	/// user, plugin code included, once config::Settings holds them.
{
public:
	static void apply();
		/// Makes the process non-dumpable (no ptrace and no /proc/<pid>/mem for the
		/// same uid without CAP_SYS_PTRACE, no core dump) and forgets every secret
		/// variable of its environment (config::Settings::isSecretVariable): removed
		/// from environ and erased from the memory /proc/<pid>/environ shows, which
		/// the same uid can still read.

	static std::vector<std::string> forgetSecretVariables();
		/// The second half of apply(); returns the names it removed.
};


} } // namespace polytomic::app


#endif // Polytomic_App_ProcessProtection_INCLUDED
