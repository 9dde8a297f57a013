//
// SignInCommands.cpp
//
// The login-link command: a way in for evaluations and lock-outs.
//


#include "app/Commands.h"
#include "app/PolytomicApp.h"
#include "auth/SignInService.h"
#include "engine/EngineError.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/SessionRepository.h"
#include "store/UserRepository.h"
#include "telemetry/ErrorText.h"
#include <iostream>


namespace polytomic {
namespace app {


int loginLink(const std::string& email)
{
	config::Settings settings;
	if (!loadSettings(settings, SettingsScope::SIGN_IN)) return PolytomicApp::EXIT_CONFIGURATION;
	Poco::Logger& logger = Poco::Logger::get("polytomic.auth");
	try
	{
		store::Database database(settings.database, 1);
		if (!store::Migrator(database, store::Migration::embedded()).pending().empty())
			throw store::MigrationError("the database schema is behind this version: run `polytomic migrate` first");
		store::UserRepository users(database);
		store::SessionRepository sessions(database);
		auth::SignInService signIn(users, sessions, {settings.polytomicUrl, settings.allowedDomains, settings.sessionLifetimeSeconds});
		std::cout << signIn.createLink(email) << std::endl;
		if (!settings.authMethods.count("link"))
			std::cerr << "note: the server accepts this link only when its AUTH_METHODS includes link (now: " << settings.authMethodNames() << ")" << std::endl;
		return Poco::Util::Application::EXIT_OK;
	}
	catch (const engine::NotFound& e)
	{
		std::cerr << "polytomic: " << e.what() << std::endl;
		return PolytomicApp::EXIT_STARTUP_FAILED;
	}
	catch (const std::exception& e)
	{
		logger.error(telemetry::errorText(e));
		return PolytomicApp::EXIT_STARTUP_FAILED;
	}
}


} } // namespace polytomic::app
