//
// ConfigCommands.cpp
//
// The config check and migrate commands, and the shared settings loader.
//


#include "app/Commands.h"
#include "app/PolytomicApp.h"
#include "app/ProcessProtection.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/SecretRotation.h"
#include "telemetry/Logging.h"
#include "telemetry/ErrorText.h"
#include "Poco/Logger.h"
#include <iomanip>
#include <iostream>


namespace polytomic {
namespace app {


namespace
{
	bool concerns(const config::ConfigurationProblem& problem, SettingsScope scope)
	{
		const auto startsWith = [&problem](const char* prefix) { return problem.variable.rfind(prefix, 0) == 0; };
		switch (scope)
		{
		case SettingsScope::ALL: return true;
		case SettingsScope::DATABASE: return startsWith("DATABASE_") || startsWith("LOG_");
		case SettingsScope::SECRETS: return startsWith("DATABASE_") || startsWith("LOG_") || startsWith("ENCRYPTION_KEY");
		case SettingsScope::SIGN_IN: return startsWith("DATABASE_") || startsWith("LOG_") || startsWith("POLYTOMIC_URL") || startsWith("AUTH_METHODS");
		}
		return true;
	}
}


bool loadSettings(config::Settings& settings, SettingsScope scope)
{
	config::Settings::Loaded loaded = config::Settings::load(config::Environment::fromProcess());
	telemetry::Logging::configure(loaded.settings.logLevel, loaded.settings.logFormat);
	Poco::Logger& logger = Poco::Logger::get("polytomic.config");
	for (const auto& warning: loaded.warnings) logger.warning(warning);

	std::vector<config::ConfigurationProblem> problems;
	for (const auto& problem: loaded.problems)
		if (concerns(problem, scope)) problems.push_back(problem);
	if (problems.empty())
	{
		settings = loaded.settings;
		// Settings holds the secrets now; nothing reads them from the environment again.
		ProcessProtection::apply();
		return true;
	}
	for (const auto& problem: problems) std::cerr << "configuration problem: " << problem.toString() << '\n';
	std::cerr << problems.size() << " configuration problem" << (problems.size() == 1 ? "" : "s")
		<< "; fix the environment variables above and start again (README.md lists them all)" << std::endl;
	return false;
}


int configCheck()
{
	config::Settings::Loaded loaded = config::Settings::load(config::Environment::fromProcess());
	std::cout << "Effective configuration (secrets hidden):\n";
	for (const auto& [name, value]: loaded.settings.describe())
		std::cout << "  " << std::left << std::setw(22) << name << value << '\n';
	for (const auto& warning: loaded.warnings) std::cout << "warning: " << warning << '\n';
	for (const auto& problem: loaded.problems) std::cout << "problem: " << problem.toString() << '\n';
	if (loaded.problems.empty())
	{
		std::cout << "No problems found." << std::endl;
		return Poco::Util::Application::EXIT_OK;
	}
	std::cout << loaded.problems.size() << " problem" << (loaded.problems.size() == 1 ? "" : "s") << " found." << std::endl;
	return PolytomicApp::EXIT_CONFIGURATION;
}


int migrate()
{
	config::Settings settings;
	if (!loadSettings(settings, SettingsScope::DATABASE)) return PolytomicApp::EXIT_CONFIGURATION;
	Poco::Logger& logger = Poco::Logger::get("polytomic.migrate");
	try
	{
		store::Database database(settings.database, 1);
		store::Migrator migrator(database, store::Migration::embedded());
		const auto applied = migrator.migrate();
		for (const auto& m: applied) logger.information("applied migration " + m.name);
		logger.information(applied.empty() ? "the database schema is up to date; nothing to apply"
			: "applied " + std::to_string(applied.size()) + " migration(s); the schema is up to date");
		return Poco::Util::Application::EXIT_OK;
	}
	catch (const std::exception& e)
	{
		logger.error(telemetry::errorText(e));
		return PolytomicApp::EXIT_STARTUP_FAILED;
	}
}


int rotateSecrets()
{
	config::Settings settings;
	if (!loadSettings(settings, SettingsScope::SECRETS)) return PolytomicApp::EXIT_CONFIGURATION;
	Poco::Logger& logger = Poco::Logger::get("polytomic.secrets");
	if (settings.encryptionKey.empty())
	{
		std::cerr << "configuration problem: ENCRYPTION_KEY: required to rotate: the new key (32 bytes in base64), with the old one(s) "
			"in ENCRYPTION_KEY_PREVIOUS" << std::endl;
		return PolytomicApp::EXIT_CONFIGURATION;
	}
	try
	{
		store::Database database(settings.database, 1);
		if (!store::Migrator(database, store::Migration::embedded()).pending().empty())
			throw store::MigrationError("the database schema is behind this version: run `polytomic migrate` first");
		store::SecretBox secrets(settings.encryptionKey, settings.previousEncryptionKeys);
		const store::RotatedSecrets rotated = store::rotateSecrets(database, secrets);
		logger.information("re-encrypted the secrets of " + std::to_string(rotated.connections) + " connection(s), the OAuth tokens of " +
			std::to_string(rotated.tokens) + " connection(s) and " + std::to_string(rotated.signIns) + " sign-in(s) in progress with key " +
			secrets.keyId() + "; ENCRYPTION_KEY_PREVIOUS can now be removed");
		return Poco::Util::Application::EXIT_OK;
	}
	catch (const std::exception& e)
	{
		logger.error(telemetry::errorText(e));
		return PolytomicApp::EXIT_STARTUP_FAILED;
	}
}


} } // namespace polytomic::app
