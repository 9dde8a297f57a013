//
// Commands.h
//
// Declarations of the sub-commands of the polytomic binary.
//


#ifndef Polytomic_App_Commands_INCLUDED
#define Polytomic_App_Commands_INCLUDED


#include "config/Settings.h"


namespace polytomic {
namespace app {


class PolytomicApp;


int serve(PolytomicApp& application);
	/// Runs the roles of ROLE until SIGTERM/SIGINT, then shuts down gracefully.

int migrate();
	/// Applies pending migrations and exits.

int configCheck();
	/// Prints the effective configuration and its problems.

bool loadSettings(config::Settings& settings, bool databaseOnly = false);
	/// Reads the environment; on problems prints each on its own line to
	/// standard error and returns false. Warnings go to the log.


} } // namespace polytomic::app


#endif // Polytomic_App_Commands_INCLUDED
