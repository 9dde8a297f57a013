//
// Commands.h
//
// Declarations of the sub-commands of the polytomic binary.
//


#ifndef Polytomic_App_Commands_INCLUDED
#define Polytomic_App_Commands_INCLUDED


#include "config/Settings.h"
#include "plugins/PluginCatalog.h"
#include "Poco/Logger.h"


namespace polytomic {
namespace app {


class PolytomicApp;


int serve(PolytomicApp& application);
	/// Runs the roles of ROLE until SIGTERM/SIGINT, then shuts down gracefully.

int migrate();
	/// Applies pending migrations and exits.

int configCheck();
	/// Prints the effective configuration and its problems.

int rotateSecrets();
	/// Re-encrypts stored secrets with ENCRYPTION_KEY (old keys in ENCRYPTION_KEY_PREVIOUS).

int loginLink(const std::string& email);
	/// Prints a one-time sign-in link for the user (valid 15 minutes).

int listPlugins();
	/// Prints the connectors of PLUGIN_DIR and the plugins refused, with reasons.

int probePlugin(const std::string& path);
	/// Internal: examines one plugin file (run by the plugin scan in a child process).

int connectorTest(const std::vector<std::string>& args);
	/// The conformance harness: one line per check, a summary, exit 1 on any failure.

int printOpenApi();
	/// Prints the API's OpenAPI document as the server's descriptions give it (no database needed).

int execute();
	/// Internal: the executor process; a request on standard input, the answer on standard output.

plugins::PluginCatalog scanPlugins(const std::string& directory, Poco::Logger& logger);
	/// Examines PLUGIN_DIR and logs one line per connector and per refused plugin.

enum class SettingsScope
	/// Which variables a command needs: the others' problems do not stop it.
{
	ALL,
	DATABASE,  /// DATABASE_*, LOG_*
	SECRETS,   /// and ENCRYPTION_KEY*
	SIGN_IN    /// DATABASE_*, LOG_*, POLYTOMIC_URL, AUTH_METHODS
};

bool loadSettings(config::Settings& settings, SettingsScope scope = SettingsScope::ALL);
	/// Reads the environment; on problems prints each on its own line to
	/// standard error and returns false. Warnings go to the log.


} } // namespace polytomic::app


#endif // Polytomic_App_Commands_INCLUDED
