//
// PolytomicApp.cpp
//


#include "app/PolytomicApp.h"
#include "app/Commands.h"
#include "Poco/Net/NetSSL.h"
#include "Poco/Util/HelpFormatter.h"
#include "Poco/Util/Option.h"
#include "Poco/Util/OptionSet.h"
#include <iostream>


namespace polytomic {
namespace app {


PolytomicApp::PolytomicApp()
{
	// Never undone: a reference count that cannot drop to zero is what keeps
	// POCO from tearing OpenSSL down under a thread that is still using it.
	Poco::Net::initializeSSL();
}


void PolytomicApp::defineOptions(Poco::Util::OptionSet& options)
{
	ServerApplication::defineOptions(options);
	options.addOption(Poco::Util::Option("help", "h", "print this help and exit").required(false).repeatable(false));
	// Options of `connector test`, handed to the harness as given.
	for (const char* name: {"config", "object", "write-object"})
		options.addOption(Poco::Util::Option(name, "", "connector test option").required(false).repeatable(false).argument("value"));
	options.addOption(Poco::Util::Option("strict", "", "connector test: a skipped check fails").required(false).repeatable(false));
}


void PolytomicApp::handleOption(const std::string& name, const std::string& value)
{
	ServerApplication::handleOption(name, value);
	if (name == "config" || name == "object" || name == "write-object")
	{
		_connectorTestOptions.push_back("--" + name);
		_connectorTestOptions.push_back(value);
	}
	if (name == "strict") _connectorTestOptions.push_back("--strict");
	if (name == "help")
	{
		_helpRequested = true;
		stopOptionsProcessing();
	}
}


void PolytomicApp::waitForTermination()
{
	waitForTerminationRequest();
}


void PolytomicApp::printHelp() const
{
	std::cout << "Usage: polytomic [command]\n\n"
		"Commands:\n"
		"  serve          run the roles named by ROLE (default: web,worker,scheduler); the default command\n"
		"  migrate        apply pending database migrations to DATABASE_URL and exit\n"
		"  config check   print the effective configuration (secrets masked) and any problems\n"
		"  secrets rotate re-encrypt stored secrets with ENCRYPTION_KEY (old keys in ENCRYPTION_KEY_PREVIOUS)\n"
		"  login-link <email>  print a one-time sign-in link for the user (valid 15 minutes; AUTH_METHODS must include link)\n"
		"  plugins        list the connectors of PLUGIN_DIR and the plugins refused, with reasons\n"
		"  connector test <plugin.so> --config <config.json> [--object <id>] [--write-object <prefix>] [--strict]\n"
		"                 run the conformance checks every connector must pass\n"
		"  openapi        print the API's OpenAPI document (what GET /api/openapi.json answers; no database needed)\n"
		"  version        print the version\n\n"
		"Configuration comes from environment variables; README.md lists them all.\n";
}


int PolytomicApp::main(const std::vector<std::string>& args)
{
	if (_helpRequested)
	{
		printHelp();
		return EXIT_OK;
	}
	const std::string command = args.empty() ? "serve" : args[0];
	if (command == "serve" && args.size() <= 1) return serve(*this);
	if (command == "migrate" && args.size() == 1) return migrate();
	if (command == "config" && args.size() == 2 && args[1] == "check") return configCheck();
	if (command == "secrets" && args.size() == 2 && args[1] == "rotate") return rotateSecrets();
	if (command == "login-link" && args.size() == 2) return loginLink(args[1]);
	if (command == "plugins" && args.size() == 1) return listPlugins();
	if (command == "plugins" && args.size() == 3 && args[1] == "probe") return probePlugin(args[2]);
	if (command == "execute" && args.size() == 1) return execute();
	if (command == "openapi" && args.size() == 1) return printOpenApi();
	// Without its plugin the harness answers with its usage, not as an unknown command.
	if (command == "connector" && args.size() >= 2 && args[1] == "test")
	{
		std::vector<std::string> harnessArgs(args.begin() + 2, args.end());
		harnessArgs.insert(harnessArgs.end(), _connectorTestOptions.begin(), _connectorTestOptions.end());
		return connectorTest(harnessArgs);
	}
	if (command == "version" && args.size() == 1)
	{
		std::cout << "polytomic " << POLYTOMIC_VERSION << std::endl;
		return EXIT_OK;
	}
	std::cerr << "polytomic: unknown command '";
	for (std::size_t i = 0; i < args.size(); ++i) std::cerr << (i ? " " : "") << args[i];
	std::cerr << "'; run polytomic --help" << std::endl;
	return EXIT_USAGE_ERROR;
}


} } // namespace polytomic::app
