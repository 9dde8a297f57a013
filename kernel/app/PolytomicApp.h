//
// PolytomicApp.h
//
// Definition of the PolytomicApp class.
//


#ifndef Polytomic_App_PolytomicApp_INCLUDED
#define Polytomic_App_PolytomicApp_INCLUDED


#include "Poco/Util/ServerApplication.h"
#include <string>
#include <vector>


namespace polytomic {
namespace app {


class PolytomicApp: public Poco::Util::ServerApplication
	/// The polytomic binary. Sub-commands:
	///   polytomic [serve]        run the roles of ROLE (default)
	///   polytomic migrate        apply pending database migrations and exit
	///   polytomic config check   print the effective configuration and its problems
	///   polytomic plugins        list loaded and refused plugins
	///   polytomic connector test <plugin.so> --config <file>   the conformance harness
	///   polytomic execute        (internal) the executor process of one unit of plugin work
	///   polytomic version        print the version
{
public:
	enum ExitCode
	{
		EXIT_STARTUP_FAILED = 1,
		EXIT_USAGE_ERROR = 64,
		EXIT_CONFIGURATION = 78
	};

	PolytomicApp();
		/// Initialises OpenSSL (POCO Crypto and NetSSL) once, before any thread
		/// exists, and holds it until the process exits: POCO otherwise starts
		/// and stops OpenSSL with the objects that use it, which corrupts memory
		/// when two threads do it at once (secrets, licence, ID tokens, TLS).

	void waitForTermination();
		/// Blocks until SIGTERM, SIGINT or SIGQUIT.

protected:
	void defineOptions(Poco::Util::OptionSet& options) override;
	void handleOption(const std::string& name, const std::string& value) override;
	int main(const std::vector<std::string>& args) override;

private:
	void printHelp() const;

	bool _helpRequested = false;
	std::vector<std::string> _connectorTestOptions;
};


} } // namespace polytomic::app


#endif // Polytomic_App_PolytomicApp_INCLUDED
