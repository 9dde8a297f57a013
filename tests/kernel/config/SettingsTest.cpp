//
// SettingsTest.cpp
//


#include "SettingsTest.h"
#include "config/Settings.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::config;


namespace
{
	std::map<std::string, std::string> production()
	{
		return {
			{"ROOT_USER", "Admin@Example.com"},
			{"DEPLOYMENT", "acme"},
			{"DEPLOYMENT_KEY", "licence-key-value"},
			{"DATABASE_URL", "postgres://polytomic:dbsecret@db:5432/polytomic?sslmode=require"},
			{"POLYTOMIC_URL", "https://polytomic.acme.com"},
			{"GOOGLE_CLIENT_ID", "1234.apps.googleusercontent.com"},
			{"GOOGLE_CLIENT_SECRET", "google-secret-value"},
			{"ENCRYPTION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="},
		};
	}


	Settings::Loaded load(std::map<std::string, std::string> vars)
	{
		return Settings::load(Environment(std::move(vars)));
	}


	Settings::Loaded loadWith(const std::map<std::string, std::string>& extra)
	{
		auto vars = production();
		for (const auto& [k, v]: extra) vars[k] = v;
		return load(vars);
	}


	std::string problemFor(const Settings::Loaded& loaded, const std::string& variable)
	{
		for (const auto& p: loaded.problems)
			if (p.variable == variable) return p.message;
		return "<none>";
	}


	std::string allText(const Settings::Loaded& loaded)
	{
		std::string text;
		for (const auto& p: loaded.problems) text += p.toString() + "\n";
		for (const auto& w: loaded.warnings) text += w + "\n";
		for (const auto& [k, v]: loaded.settings.describe()) text += k + "=" + v + "\n";
		return text;
	}
}


void SettingsTest::testDefaults()
{
	Settings::Loaded loaded = load(production());
	CPPUNIT_ASSERT_MESSAGE(allText(loaded), loaded.problems.empty());
	CPPUNIT_ASSERT(loaded.warnings.empty());
	const Settings& s = loaded.settings;
	CPPUNIT_ASSERT_EQUAL(5100u, s.port);
	CPPUNIT_ASSERT(s.hasRole(Role::WEB) && s.hasRole(Role::WORKER) && s.hasRole(Role::SCHEDULER));
	CPPUNIT_ASSERT_EQUAL(std::string("information"), s.logLevel);
	CPPUNIT_ASSERT_EQUAL(std::string("text"), s.logFormat);
	CPPUNIT_ASSERT(s.autoMigrate);
	CPPUNIT_ASSERT(!s.evaluation);
	CPPUNIT_ASSERT_EQUAL(10, s.databasePoolSize);
	CPPUNIT_ASSERT_EQUAL(std::string("/usr/lib/polytomic/plugins"), s.pluginDir);
	CPPUNIT_ASSERT(!s.redis);
	CPPUNIT_ASSERT_EQUAL(std::string("admin@example.com"), s.rootUser);
	CPPUNIT_ASSERT_EQUAL(std::string("https://polytomic.acme.com"), s.polytomicUrl);
	CPPUNIT_ASSERT_EQUAL(30, s.shutdownTimeoutSeconds);
	CPPUNIT_ASSERT_EQUAL(std::size_t(10 * 1024 * 1024), s.maxRequestBodyBytes);
}


void SettingsTest::testEveryVariable()
{
	Settings::Loaded loaded = loadWith({{"REDIS_URL", "redis://:pw@cache:6380/3"}, {"PORT", "8080"}, {"ROLE", "web,worker"},
		{"LOG_LEVEL", "debug"}, {"LOG_FORMAT", "json"}, {"AUTO_MIGRATE", "false"}, {"DATABASE_POOL_SIZE", "25"},
		{"PLUGIN_DIR", "/opt/plugins"}, {"SYNC_CONCURRENCY", "3"}, {"SHUTDOWN_TIMEOUT", "5"}, {"MAX_REQUEST_BODY", "2048"}, {"EVALUATION", "false"}});
	CPPUNIT_ASSERT_MESSAGE(allText(loaded), loaded.problems.empty());
	const Settings& s = loaded.settings;
	CPPUNIT_ASSERT_EQUAL(8080u, s.port);
	CPPUNIT_ASSERT(s.hasRole(Role::WEB) && s.hasRole(Role::WORKER) && !s.hasRole(Role::SCHEDULER));
	CPPUNIT_ASSERT_EQUAL(std::string("debug"), s.logLevel);
	CPPUNIT_ASSERT_EQUAL(std::string("json"), s.logFormat);
	CPPUNIT_ASSERT(!s.autoMigrate);
	CPPUNIT_ASSERT_EQUAL(25, s.databasePoolSize);
	CPPUNIT_ASSERT_EQUAL(std::string("/opt/plugins"), s.pluginDir);
	CPPUNIT_ASSERT_EQUAL(3, s.syncConcurrency);
	CPPUNIT_ASSERT_EQUAL(5, s.shutdownTimeoutSeconds);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2048), s.maxRequestBodyBytes);
	CPPUNIT_ASSERT(s.redis);
	CPPUNIT_ASSERT_EQUAL(3u, s.redis->database());
	CPPUNIT_ASSERT_EQUAL(std::string("acme"), s.deployment);
	CPPUNIT_ASSERT_EQUAL(std::string("licence-key-value"), s.deploymentKey);
	CPPUNIT_ASSERT_EQUAL(std::string("1234.apps.googleusercontent.com"), s.googleClientId);
	CPPUNIT_ASSERT_EQUAL(std::string("google-secret-value"), s.googleClientSecret);
	CPPUNIT_ASSERT_EQUAL(std::string("require"), s.database.keywords().at("sslmode"));
}


void SettingsTest::testEvaluationRelaxesRequirements()
{
	Settings::Loaded loaded = load({{"EVALUATION", "true"}, {"ROOT_USER", "me@example.com"}, {"DATABASE_URL", "postgres://localhost/polytomic"},
		{"PORT", "5200"}});
	CPPUNIT_ASSERT_MESSAGE(allText(loaded), loaded.problems.empty());
	CPPUNIT_ASSERT(loaded.settings.evaluation);
	CPPUNIT_ASSERT_EQUAL(std::string("http://localhost:5200"), loaded.settings.polytomicUrl);
	// Evaluation never waives what the server cannot run without.
	Settings::Loaded bare = load({{"EVALUATION", "true"}});
	CPPUNIT_ASSERT(problemFor(bare, "ROOT_USER") != "<none>");
	CPPUNIT_ASSERT(problemFor(bare, "DATABASE_URL") != "<none>");
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), bare.problems.size());
	CPPUNIT_ASSERT(loaded.settings.encryptionKey.empty()); // evaluation keeps a generated key in the database
}


void SettingsTest::testEveryProblemAtOnce()
{
	Settings::Loaded loaded = load({});
	for (const char* variable: {"ROOT_USER", "DEPLOYMENT", "DEPLOYMENT_KEY", "DATABASE_URL", "POLYTOMIC_URL", "GOOGLE_CLIENT_ID",
		"GOOGLE_CLIENT_SECRET", "ENCRYPTION_KEY"})
		CPPUNIT_ASSERT_MESSAGE(variable, problemFor(loaded, variable) != "<none>");
	CPPUNIT_ASSERT_EQUAL(std::size_t(8), loaded.problems.size());
	CPPUNIT_ASSERT(problemFor(loaded, "DEPLOYMENT").find("EVALUATION=true") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "DATABASE_URL").find("postgres://") != std::string::npos);
	CPPUNIT_ASSERT_THROW(Settings::fromEnvironment(Environment()), ConfigurationError);
	try
	{
		Settings::fromEnvironment(Environment());
	}
	catch (const ConfigurationError& e)
	{
		CPPUNIT_ASSERT_EQUAL(std::size_t(8), e.problems().size());
		CPPUNIT_ASSERT(std::string(e.what()).find("ROOT_USER: required") != std::string::npos);
	}
}


void SettingsTest::testBadValuesNameTheirVariable()
{
	Settings::Loaded loaded = loadWith({{"PORT", "http"}, {"ROLE", "web,cook"}, {"LOG_LEVEL", "loud"}, {"LOG_FORMAT", "xml"},
		{"AUTO_MIGRATE", "maybe"}, {"DATABASE_POOL_SIZE", "0"}, {"EVALUATION", "sometimes"}, {"SHUTDOWN_TIMEOUT", "-1"},
		{"MAX_REQUEST_BODY", "12"}, {"ROOT_USER", "not-an-email"}, {"REDIS_URL", "memcached://x"}});
	CPPUNIT_ASSERT(problemFor(loaded, "PORT").find("'http'") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "ROLE").find("unknown role 'cook'") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "LOG_LEVEL").find("trace, debug, info, warn, error") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "LOG_FORMAT").find("text, json") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "AUTO_MIGRATE").find("true or false") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "DATABASE_POOL_SIZE").find("from 1 to 1000") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "EVALUATION").find("true or false") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "SHUTDOWN_TIMEOUT") != "<none>");
	CPPUNIT_ASSERT(problemFor(loaded, "MAX_REQUEST_BODY") != "<none>");
	CPPUNIT_ASSERT(problemFor(loaded, "ROOT_USER").find("email address") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loaded, "REDIS_URL").find("redis://") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(11), loaded.problems.size());
	CPPUNIT_ASSERT(problemFor(loadWith({{"PORT", "70000"}}), "PORT").find("1 to 65535") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loadWith({{"DEPLOYMENT_API_KEY", "short"}}), "DEPLOYMENT_API_KEY").find("at least 16") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("0123456789abcdef"), loadWith({{"DEPLOYMENT_API_KEY", "0123456789abcdef"}}).settings.deploymentApiKey);
	CPPUNIT_ASSERT(problemFor(loadWith({{"ENCRYPTION_KEY", "c2hvcnQ="}}), "ENCRYPTION_KEY").find("must be 32 bytes in base64, not 5") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loadWith({{"ENCRYPTION_KEY_PREVIOUS", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,c2hvcnQ="}}),
		"ENCRYPTION_KEY_PREVIOUS").find("a key must be 32 bytes") != std::string::npos);
	Settings keys = loadWith({{"ENCRYPTION_KEY_PREVIOUS", " MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY= "}}).settings;
	CPPUNIT_ASSERT_EQUAL(std::string("0123456789abcdef0123456789abcdef"), keys.encryptionKey);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), keys.previousEncryptionKeys.size());
}


void SettingsTest::testSecretsNeverAppear()
{
	Settings::Loaded loaded = loadWith({{"DATABASE_URL", "mysql://u:hunter2@db/x"}, {"REDIS_URL", "redis://:hunter3@cache:port"},
		{"DEPLOYMENT_KEY", "hunter4"}, {"GOOGLE_CLIENT_SECRET", "hunter5"}});
	const std::string text = allText(loaded);
	CPPUNIT_ASSERT(loaded.problems.size() == 2);
	for (const char* secret: {"hunter2", "hunter3", "hunter4", "hunter5"})
		CPPUNIT_ASSERT_MESSAGE(text, text.find(secret) == std::string::npos);
}


void SettingsTest::testDatabasePasswordPlaceholder()
{
	Settings::Loaded loaded = loadWith({{"DATABASE_URL", "postgres://polytomic:${DATABASE_PASSWORD}@db/polytomic"},
		{"DATABASE_PASSWORD", "p@ss/w:rd?#%&"}});
	CPPUNIT_ASSERT_MESSAGE(allText(loaded), loaded.problems.empty());
	CPPUNIT_ASSERT_EQUAL(std::string("p@ss/w:rd?#%&"), loaded.settings.database.keywords().at("password"));
	CPPUNIT_ASSERT_EQUAL(std::string("db"), loaded.settings.database.keywords().at("host"));

	Settings::Loaded spaced = loadWith({{"DATABASE_URL", "postgres://polytomic:${DATABASE_PASSWORD}@db/polytomic"},
		{"DATABASE_PASSWORD", "two words"}});
	CPPUNIT_ASSERT_EQUAL(std::string("two words"), spaced.settings.database.environment().at("PGPASSWORD"));

	Settings::Loaded missing = loadWith({{"DATABASE_URL", "postgres://polytomic:${DATABASE_PASSWORD}@db/polytomic"}});
	CPPUNIT_ASSERT(problemFor(missing, "DATABASE_URL").find("DATABASE_PASSWORD is not set") != std::string::npos);
}


void SettingsTest::testRedisPasswordPlaceholder()
{
	Settings::Loaded loaded = loadWith({{"REDIS_URL", "rediss://:${REDIS_PASSWORD}@cache:6379/0"}, {"REDIS_PASSWORD", "a b@c"}});
	CPPUNIT_ASSERT_MESSAGE(allText(loaded), loaded.problems.empty());
	CPPUNIT_ASSERT_EQUAL(std::string("a b@c"), *loaded.settings.redis->password());
	CPPUNIT_ASSERT(loaded.settings.redis->tls());
	Settings::Loaded missing = loadWith({{"REDIS_URL", "redis://:${REDIS_PASSWORD}@cache"}});
	CPPUNIT_ASSERT(problemFor(missing, "REDIS_URL").find("REDIS_PASSWORD is not set") != std::string::npos);
}


void SettingsTest::testCacheUrlFallbackWarns()
{
	Settings::Loaded loaded = loadWith({{"CACHE_URL", "redis://old-cache:6379"}});
	CPPUNIT_ASSERT(loaded.problems.empty());
	CPPUNIT_ASSERT(loaded.settings.redis);
	CPPUNIT_ASSERT_EQUAL(std::string("old-cache"), loaded.settings.redis->host());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), loaded.warnings.size());
	CPPUNIT_ASSERT(loaded.warnings[0].find("CACHE_URL is deprecated") != std::string::npos);
	CPPUNIT_ASSERT(loaded.warnings[0].find("REDIS_URL") != std::string::npos);
	Settings::Loaded bad = loadWith({{"CACHE_URL", "nope"}});
	CPPUNIT_ASSERT(problemFor(bad, "CACHE_URL") != "<none>");
}


void SettingsTest::testRedisUrlWinsOverCacheUrl()
{
	Settings::Loaded loaded = loadWith({{"CACHE_URL", "redis://old-cache:6379"}, {"REDIS_URL", "redis://new-cache:6379"}});
	CPPUNIT_ASSERT_EQUAL(std::string("new-cache"), loaded.settings.redis->host());
	CPPUNIT_ASSERT(loaded.warnings.empty());
}


void SettingsTest::testPolytomicUrlForms()
{
	CPPUNIT_ASSERT_EQUAL(std::string("https://p.acme.com"), loadWith({{"POLYTOMIC_URL", "https://p.acme.com/"}}).settings.polytomicUrl);
	CPPUNIT_ASSERT_EQUAL(std::string("https://acme.com/polytomic"), loadWith({{"POLYTOMIC_URL", "https://acme.com/polytomic//"}}).settings.polytomicUrl);
	Settings::Loaded bare = loadWith({{"POLYTOMIC_URL", "p.acme.com"}});
	CPPUNIT_ASSERT_EQUAL(std::string("https://p.acme.com"), bare.settings.polytomicUrl);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), bare.warnings.size());
	CPPUNIT_ASSERT(problemFor(loadWith({{"POLYTOMIC_URL", "ftp://p.acme.com"}}), "POLYTOMIC_URL") != "<none>");
	CPPUNIT_ASSERT(problemFor(loadWith({{"POLYTOMIC_URL", "https://p.acme.com/?x=1"}}), "POLYTOMIC_URL") != "<none>");
}


void SettingsTest::testRoles()
{
	Settings web = loadWith({{"ROLE", "web"}}).settings;
	CPPUNIT_ASSERT(web.hasRole(Role::WEB) && !web.hasRole(Role::WORKER) && !web.hasRole(Role::SCHEDULER));
	Settings mixed = loadWith({{"ROLE", " Scheduler , sync "}}).settings;
	CPPUNIT_ASSERT(!mixed.hasRole(Role::WEB) && mixed.hasRole(Role::WORKER) && mixed.hasRole(Role::SCHEDULER));
	CPPUNIT_ASSERT_EQUAL(std::string("worker,scheduler"), mixed.roleNames());
	CPPUNIT_ASSERT(problemFor(loadWith({{"ROLE", ","}}), "ROLE") != "<none>");
}


void SettingsTest::testLogLevels()
{
	const std::map<std::string, std::string> expected = {{"trace", "trace"}, {"debug", "debug"}, {"info", "information"},
		{"warn", "warning"}, {"WARNING", "warning"}, {"error", "error"}};
	for (const auto& [given, level]: expected) CPPUNIT_ASSERT_EQUAL(level, loadWith({{"LOG_LEVEL", given}}).settings.logLevel);
}


void SettingsTest::testGoogleCredentialsComeInPairs()
{
	auto vars = production();
	vars.erase("GOOGLE_CLIENT_SECRET");
	Settings::Loaded loaded = load(vars);
	CPPUNIT_ASSERT(problemFor(loaded, "GOOGLE_CLIENT_SECRET").find("GOOGLE_CLIENT_ID") != std::string::npos);
	vars["EVALUATION"] = "true";
	CPPUNIT_ASSERT(problemFor(load(vars), "GOOGLE_CLIENT_SECRET") != "<none>");
}


void SettingsTest::testEmptyMeansUnset()
{
	Settings::Loaded loaded = loadWith({{"PORT", ""}, {"REDIS_URL", ""}, {"LOG_LEVEL", ""}});
	CPPUNIT_ASSERT(loaded.problems.empty());
	CPPUNIT_ASSERT_EQUAL(5100u, loaded.settings.port);
	CPPUNIT_ASSERT(!loaded.settings.redis);
}


void SettingsTest::testDescribeMasksSecrets()
{
	Settings::Loaded loaded = loadWith({{"REDIS_URL", "redis://:redissecret@cache:6379/0"}});
	std::map<std::string, std::string> lines;
	for (const auto& [k, v]: loaded.settings.describe()) lines[k] = v;
	CPPUNIT_ASSERT_EQUAL(std::string("postgres://polytomic:****@db:5432/polytomic?sslmode=require"), lines["DATABASE_URL"]);
	CPPUNIT_ASSERT_EQUAL(std::string("redis://:****@cache:6379/0"), lines["REDIS_URL"]);
	CPPUNIT_ASSERT_EQUAL(std::string("(set, hidden)"), lines["DEPLOYMENT_KEY"]);
	CPPUNIT_ASSERT_EQUAL(std::string("(set, hidden)"), lines["GOOGLE_CLIENT_SECRET"]);
	const std::string text = allText(loaded);
	for (const char* secret: {"dbsecret", "redissecret", "licence-key-value", "google-secret-value"})
		CPPUNIT_ASSERT(text.find(secret) == std::string::npos);
}


void SettingsTest::testSyncRetriesAndRecordLogs()
{
	const Settings defaults = load(production()).settings;
	CPPUNIT_ASSERT(!defaults.syncRetryErrors);
	CPPUNIT_ASSERT_EQUAL(3, defaults.syncRetryAttempts);
	CPPUNIT_ASSERT_EQUAL(30, defaults.syncRetryDelaySeconds);
	CPPUNIT_ASSERT(!defaults.recordLogDisabled);
	CPPUNIT_ASSERT_EQUAL(30, defaults.recordLogRetentionDays);
	Settings::Loaded set = loadWith({{"SYNC_RETRY_ERRORS", "true"}, {"SYNC_RETRY_ATTEMPTS", "5"}, {"SYNC_RETRY_DELAY", "2"},
		{"RECORD_LOG_DISABLED", "true"}, {"RECORD_LOG_RETENTION_DAYS", "7"}});
	CPPUNIT_ASSERT_MESSAGE(allText(set), set.problems.empty());
	CPPUNIT_ASSERT(set.settings.syncRetryErrors);
	CPPUNIT_ASSERT_EQUAL(5, set.settings.syncRetryAttempts);
	CPPUNIT_ASSERT_EQUAL(2, set.settings.syncRetryDelaySeconds);
	CPPUNIT_ASSERT(set.settings.recordLogDisabled);
	CPPUNIT_ASSERT_EQUAL(7, set.settings.recordLogRetentionDays);
	Settings::Loaded bad = loadWith({{"SYNC_RETRY_ERRORS", "often"}, {"SYNC_RETRY_ATTEMPTS", "0"}, {"SYNC_RETRY_DELAY", "-3"},
		{"RECORD_LOG_DISABLED", "no way"}, {"RECORD_LOG_RETENTION_DAYS", "forever"}});
	CPPUNIT_ASSERT(problemFor(bad, "SYNC_RETRY_ERRORS").find("true or false") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(bad, "SYNC_RETRY_ATTEMPTS").find("from 1 to 10") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(bad, "SYNC_RETRY_DELAY") != "<none>");
	CPPUNIT_ASSERT(problemFor(bad, "RECORD_LOG_DISABLED").find("true or false") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(bad, "RECORD_LOG_RETENTION_DAYS").find("'forever'") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), bad.problems.size());
}


void SettingsTest::testExecutorLimits()
{
	const Settings defaults = load(production()).settings;
	CPPUNIT_ASSERT_EQUAL(30, defaults.executorCheckTimeoutSeconds);
	CPPUNIT_ASSERT_EQUAL(120, defaults.executorDiscoverTimeoutSeconds);
	CPPUNIT_ASSERT_EQUAL(21600, defaults.executorSyncTimeoutSeconds);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2048), defaults.executorMemoryLimitMiB);
	Settings::Loaded set = loadWith({{"EXECUTOR_CHECK_TIMEOUT", "5"}, {"EXECUTOR_DISCOVER_TIMEOUT", "600"}, {"EXECUTOR_SYNC_TIMEOUT", "3600"},
		{"EXECUTOR_MEMORY_LIMIT", "512"}});
	CPPUNIT_ASSERT_MESSAGE(allText(set), set.problems.empty());
	CPPUNIT_ASSERT_EQUAL(5, set.settings.executorCheckTimeoutSeconds);
	CPPUNIT_ASSERT_EQUAL(600, set.settings.executorDiscoverTimeoutSeconds);
	CPPUNIT_ASSERT_EQUAL(3600, set.settings.executorSyncTimeoutSeconds);
	CPPUNIT_ASSERT_EQUAL(std::size_t(512), set.settings.executorMemoryLimitMiB);
	CPPUNIT_ASSERT(allText(set).find("EXECUTOR_MEMORY_LIMIT=512\n") != std::string::npos);
	Settings::Loaded bad = loadWith({{"EXECUTOR_CHECK_TIMEOUT", "0"}, {"EXECUTOR_DISCOVER_TIMEOUT", "2 minutes"},
		{"EXECUTOR_SYNC_TIMEOUT", "10"}, {"EXECUTOR_MEMORY_LIMIT", "2GiB"}});
	CPPUNIT_ASSERT_EQUAL(std::string("expected a whole number from 1 to 3600, got '0'"), problemFor(bad, "EXECUTOR_CHECK_TIMEOUT"));
	CPPUNIT_ASSERT(problemFor(bad, "EXECUTOR_DISCOVER_TIMEOUT").find("'2 minutes'") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(bad, "EXECUTOR_SYNC_TIMEOUT").find("from 60 to 604800") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(bad, "EXECUTOR_MEMORY_LIMIT").find("from 256 to 1048576, got '2GiB'") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), bad.problems.size());
}


void SettingsTest::testSecretVariables()
{
	for (const char* name: {"DATABASE_URL", "DATABASE_PASSWORD", "REDIS_URL", "REDIS_PASSWORD", "CACHE_URL", "DEPLOYMENT_KEY",
			 "DEPLOYMENT_API_KEY", "GOOGLE_CLIENT_SECRET", "OIDC_CLIENT_SECRET", "ENCRYPTION_KEY", "ENCRYPTION_KEY_PREVIOUS", "SENTRY_DSN",
			 "AWS_SECRET", "SOMETHING_PASSWORD", "GITHUB_TOKEN", "STRIPE_API_KEY"})
		CPPUNIT_ASSERT_MESSAGE(name, Settings::isSecretVariable(name));
	for (const char* name: {"PATH", "PORT", "ROLE", "DATABASE_POOL_SIZE", "GOOGLE_CLIENT_ID", "PGPASSWORD", "TOKEN", "PLUGIN_DIR"})
		CPPUNIT_ASSERT_MESSAGE(name, !Settings::isSecretVariable(name));
}


void SettingsTest::testTelemetryDefaults()
{
	const Settings s = load(production()).settings;
	CPPUNIT_ASSERT_EQUAL(std::string("https://ping.polytomic.com/"), s.telemetryUrl);
	CPPUNIT_ASSERT_EQUAL(3600, s.telemetryIntervalSeconds);
	CPPUNIT_ASSERT(!s.tracing);
	CPPUNIT_ASSERT_EQUAL(std::string("localhost"), s.datadogAgentHost);
	CPPUNIT_ASSERT_EQUAL(8126u, s.datadogTraceAgentPort);
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic"), s.datadogService);
	CPPUNIT_ASSERT_EQUAL(std::string(""), s.sentryDsn);
}


void SettingsTest::testTelemetryVariables()
{
	const std::string dsn = "https://0123456789abcdef0123456789abcdef@o12345.ingest.sentry.io/4505";
	auto loaded = loadWith({{"TELEMETRY_URL", "http://ping.internal:8080/v1"}, {"TELEMETRY_INTERVAL", "60"}, {"TRACING", "true"},
		{"DD_AGENT_HOST", "datadog-agent"}, {"DD_TRACE_AGENT_PORT", "9126"}, {"DD_ENV", "prod"}, {"DD_SERVICE", "etl"},
		{"SENTRY_DSN", dsn}});
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), loaded.problems.size());
	CPPUNIT_ASSERT_EQUAL(std::string("http://ping.internal:8080/v1"), loaded.settings.telemetryUrl);
	CPPUNIT_ASSERT_EQUAL(60, loaded.settings.telemetryIntervalSeconds);
	CPPUNIT_ASSERT(loaded.settings.tracing);
	CPPUNIT_ASSERT_EQUAL(std::string("datadog-agent"), loaded.settings.datadogAgentHost);
	CPPUNIT_ASSERT_EQUAL(9126u, loaded.settings.datadogTraceAgentPort);
	CPPUNIT_ASSERT_EQUAL(std::string("prod"), loaded.settings.datadogEnv);
	CPPUNIT_ASSERT_EQUAL(std::string("etl"), loaded.settings.datadogService);
	CPPUNIT_ASSERT_EQUAL(dsn, loaded.settings.sentryDsn);
	CPPUNIT_ASSERT(allText(loaded).find("0123456789abcdef") == std::string::npos);

	auto bad = loadWith({{"TELEMETRY_URL", "ftp://x"}, {"TELEMETRY_INTERVAL", "0"}, {"DD_TRACE_AGENT_PORT", "70000"},
		{"SENTRY_DSN", "not a dsn"}, {"TRACING", "maybe"}});
	CPPUNIT_ASSERT(problemFor(bad, "TELEMETRY_URL").find("expected an http:// or https:// URL") == 0);
	CPPUNIT_ASSERT(problemFor(bad, "TELEMETRY_INTERVAL").find("from 1 to 86400") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(bad, "DD_TRACE_AGENT_PORT").find("from 1 to 65535") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(bad, "SENTRY_DSN").find("expected the DSN of a Sentry project") == 0);
	CPPUNIT_ASSERT(problemFor(bad, "TRACING").find("expected true or false") == 0);
}


void SettingsTest::testSignInMethods()
{
	// Google by default; Google's client is needed only when google is a method.
	CPPUNIT_ASSERT(load(production()).settings.authMethods == std::set<std::string>{"google"});
	auto vars = production();
	vars.erase("GOOGLE_CLIENT_ID");
	vars.erase("GOOGLE_CLIENT_SECRET");
	CPPUNIT_ASSERT(problemFor(load(vars), "GOOGLE_CLIENT_ID") != "<none>");
	vars["AUTH_METHODS"] = "oidc, link";
	Settings::Loaded oidc = load(vars);
	CPPUNIT_ASSERT_EQUAL(std::string("<none>"), problemFor(oidc, "GOOGLE_CLIENT_ID"));
	CPPUNIT_ASSERT(problemFor(oidc, "OIDC_ISSUER").find("required") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(oidc, "OIDC_CLIENT_ID") != "<none>");
	CPPUNIT_ASSERT(problemFor(oidc, "OIDC_CLIENT_SECRET") != "<none>");
	vars["OIDC_ISSUER"] = "https://login.example.com/realms/acme/";
	vars["OIDC_CLIENT_ID"] = "polytomic";
	vars["OIDC_CLIENT_SECRET"] = "oidc-secret-value";
	Settings::Loaded configured = load(vars);
	CPPUNIT_ASSERT_MESSAGE(allText(configured), configured.problems.empty());
	CPPUNIT_ASSERT_EQUAL(std::string("https://login.example.com/realms/acme"), configured.settings.oidcIssuer);
	CPPUNIT_ASSERT_EQUAL(std::string("link,oidc"), configured.settings.authMethodNames());
	CPPUNIT_ASSERT(allText(configured).find("oidc-secret-value") == std::string::npos);
	CPPUNIT_ASSERT(problemFor(loadWith({{"AUTH_METHODS", "google,saml"}}), "AUTH_METHODS").find("saml") != std::string::npos);

	// Evaluation without a Google client: sign-in links.
	Settings::Loaded evaluation = load({{"EVALUATION", "true"}, {"ROOT_USER", "a@example.com"},
		{"DATABASE_URL", "postgres://polytomic@db/polytomic"}});
	CPPUNIT_ASSERT_MESSAGE(allText(evaluation), evaluation.problems.empty());
	CPPUNIT_ASSERT(evaluation.settings.authMethods == std::set<std::string>{"link"});
}


void SettingsTest::testIssuers()
{
	CPPUNIT_ASSERT_EQUAL(std::string("https://accounts.google.com"), load(production()).settings.googleIssuer);
	Settings::Loaded local = loadWith({{"GOOGLE_ISSUER", "http://127.0.0.1:8080"}});
	CPPUNIT_ASSERT_MESSAGE(allText(local), local.problems.empty());
	CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:8080"), local.settings.googleIssuer);
	CPPUNIT_ASSERT(loadWith({{"GOOGLE_ISSUER", "http://localhost:8080/x"}}).problems.empty());
	CPPUNIT_ASSERT(problemFor(loadWith({{"GOOGLE_ISSUER", "http://idp.example.com"}}), "GOOGLE_ISSUER").find("loopback") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loadWith({{"OIDC_ISSUER", "ftp://idp.example.com"}}), "OIDC_ISSUER") != "<none>");
	CPPUNIT_ASSERT(problemFor(loadWith({{"OIDC_ISSUER", "http://10.0.0.5"}}), "OIDC_ISSUER") != "<none>");
}


void SettingsTest::testSessionsAndDomains()
{
	const Settings defaults = load(production()).settings;
	CPPUNIT_ASSERT_EQUAL(8 * 3600, defaults.sessionIdleSeconds);
	CPPUNIT_ASSERT_EQUAL(7 * 86400, defaults.sessionLifetimeSeconds);
	CPPUNIT_ASSERT(defaults.allowedDomains.empty());
	Settings::Loaded set = loadWith({{"SESSION_IDLE_TIMEOUT", "900"}, {"SESSION_LIFETIME", "86400"}, {"ALLOWED_DOMAINS", "Example.com, acme.io"}});
	CPPUNIT_ASSERT_MESSAGE(allText(set), set.problems.empty());
	CPPUNIT_ASSERT_EQUAL(900, set.settings.sessionIdleSeconds);
	CPPUNIT_ASSERT_EQUAL(86400, set.settings.sessionLifetimeSeconds);
	CPPUNIT_ASSERT(set.settings.allowedDomains == (std::vector<std::string>{"example.com", "acme.io"}));
	CPPUNIT_ASSERT(problemFor(loadWith({{"SESSION_IDLE_TIMEOUT", "5"}}), "SESSION_IDLE_TIMEOUT") != "<none>");
	CPPUNIT_ASSERT(problemFor(loadWith({{"SESSION_LIFETIME", "forever"}}), "SESSION_LIFETIME") != "<none>");
}


void SettingsTest::testListeningSettings()
{
	const Settings defaults = load(production()).settings;
	CPPUNIT_ASSERT_EQUAL(std::string(), defaults.bindAddress);
	CPPUNIT_ASSERT_EQUAL(10, defaults.httpHeaderTimeoutSeconds);
	for (const std::string address: {"127.0.0.1", "0.0.0.0", "::", "::1", "fd00::5"})
	{
		Settings::Loaded set = loadWith({{"BIND_ADDRESS", address}});
		CPPUNIT_ASSERT_MESSAGE(allText(set), set.problems.empty());
		CPPUNIT_ASSERT_EQUAL(address, set.settings.bindAddress);
	}
	CPPUNIT_ASSERT_EQUAL(std::string("::1"), loadWith({{"BIND_ADDRESS", "[::1]"}}).settings.bindAddress);
	Settings::Loaded timeout = loadWith({{"HTTP_HEADER_TIMEOUT", "3"}});
	CPPUNIT_ASSERT_EQUAL(3, timeout.settings.httpHeaderTimeoutSeconds);
	for (const std::string address: {"localhost", "10.0.0.300", "127.0.0.1:5100", "eth0", "::1::2"})
	{
		Settings::Loaded bad = loadWith({{"BIND_ADDRESS", address}});
		CPPUNIT_ASSERT_MESSAGE(address, problemFor(bad, "BIND_ADDRESS").find("IP address") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(address, problemFor(bad, "BIND_ADDRESS").find("'" + address + "'") != std::string::npos);
	}
	Settings::Loaded bad = loadWith({{"HTTP_HEADER_TIMEOUT", "0"}});
	CPPUNIT_ASSERT(problemFor(bad, "HTTP_HEADER_TIMEOUT").find("from 1 to 300") != std::string::npos);
}


void SettingsTest::testMailSettings()
{
	const Settings defaults = load(production()).settings;
	CPPUNIT_ASSERT_EQUAL(std::string(), defaults.smtpHost);
	CPPUNIT_ASSERT(defaults.smtpStartTls);
	Settings::Loaded set = loadWith({{"SMTP_HOST", "smtp.example.com"}, {"SMTP_PORT", "2525"}, {"SMTP_USERNAME", "mailer"},
		{"SMTP_PASSWORD", "pw"}, {"SMTP_FROM", "polytomic@example.com"}, {"SMTP_TLS", "none"}});
	CPPUNIT_ASSERT_MESSAGE(allText(set), set.problems.empty());
	CPPUNIT_ASSERT_EQUAL(std::string("smtp.example.com"), set.settings.smtpHost);
	CPPUNIT_ASSERT_EQUAL(2525u, set.settings.smtpPort);
	CPPUNIT_ASSERT_EQUAL(std::string("pw"), set.settings.smtpPassword);
	CPPUNIT_ASSERT(!set.settings.smtpStartTls);
	CPPUNIT_ASSERT(Settings::isSecretVariable("SMTP_PASSWORD"));
	CPPUNIT_ASSERT(problemFor(loadWith({{"SMTP_HOST", "smtp.example.com"}}), "SMTP_FROM").find("required with SMTP_HOST") != std::string::npos);
	CPPUNIT_ASSERT(problemFor(loadWith({{"SMTP_TLS", "ssl"}}), "SMTP_TLS").find("starttls, none") != std::string::npos);
}


CppUnit::Test* SettingsTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SettingsTest");
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testDefaults);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testEveryVariable);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testEvaluationRelaxesRequirements);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testEveryProblemAtOnce);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testBadValuesNameTheirVariable);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testSecretsNeverAppear);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testDatabasePasswordPlaceholder);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testRedisPasswordPlaceholder);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testCacheUrlFallbackWarns);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testRedisUrlWinsOverCacheUrl);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testPolytomicUrlForms);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testRoles);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testLogLevels);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testGoogleCredentialsComeInPairs);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testEmptyMeansUnset);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testDescribeMasksSecrets);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testSyncRetriesAndRecordLogs);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testExecutorLimits);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testSecretVariables);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testTelemetryDefaults);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testTelemetryVariables);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testSignInMethods);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testIssuers);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testSessionsAndDomains);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testListeningSettings);
	POLYTOMIC_ADD_TEST(suite, SettingsTest, testMailSettings);
	return suite;
}
