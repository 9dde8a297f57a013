//
// ServeCommand.cpp
//
// The serve command: start-up checks, the roles, graceful shutdown.
//


#include "app/Commands.h"
#include "app/PolytomicApp.h"
#include "cache/CacheFactory.h"
#include "auth/ApiAuthenticator.h"
#include "http/ApiAccess.h"
#include "engine/ConnectionService.h"
#include "engine/BulkSyncRunner.h"
#include "engine/BulkSyncService.h"
#include "engine/Scheduler.h"
#include "engine/Worker.h"
#include "http/BulkSyncHandlers.h"
#include "http/ModelHandlers.h"
#include "http/SyncHandlers.h"
#include "engine/ModelService.h"
#include "engine/SyncRunner.h"
#include "engine/SyncService.h"
#include "engine/WebhookService.h"
#include "http/ConnectionHandlers.h"
#include "http/EventHandlers.h"
#include "http/LicenseHandlers.h"
#include "http/MetricsHandlers.h"
#include "app/ServerMetrics.h"
#include "license/LicenseError.h"
#include "license/LicenseGate.h"
#include "license/LicensePing.h"
#include "store/UsageRepository.h"
#include "store/EventRepository.h"
#include "store/BulkSyncRepository.h"
#include "store/ExecutionLogRepository.h"
#include "http/ConnectionTypeHandlers.h"
#include "store/ConnectionRepository.h"
#include "store/EvaluationKey.h"
#include "store/SecretBox.h"
#include "http/HttpServer.h"
#include "plugins/Subprocess.h"
#include "http/Router.h"
#include "http/StatusHandlers.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/OrganizationRepository.h"
#include "telemetry/ErrorText.h"
#include "telemetry/Logging.h"
#include "telemetry/SentryReporter.h"
#include "telemetry/QueryTracing.h"
#include "telemetry/Tracer.h"
#include "Poco/Logger.h"
#include <algorithm>
#include <thread>
#include <unistd.h>


namespace polytomic {
namespace app {


namespace
{
	void prepareSchema(const config::Settings& settings, store::Database& database, Poco::Logger& logger)
	{
		store::Migrator migrator(database, store::Migration::embedded());
		if (settings.autoMigrate)
		{
			for (const auto& m: migrator.migrate())
			{
				logger.information("applied migration " + m.name);
			}
			return;
		}
		const auto pending = migrator.pending();
		if (pending.empty()) return;
		std::string names;
		for (const auto& m: pending) names += (names.empty() ? "" : ", ") + m.name;
		throw store::MigrationError("the database schema is behind this version of Polytomic (pending: " + names +
			") and AUTO_MIGRATE is false: run `polytomic migrate` first, or set AUTO_MIGRATE=true");
	}


	std::string encryptionKey(const config::Settings& settings, store::Database& database, Poco::Logger& logger)
	{
		if (!settings.encryptionKey.empty()) return settings.encryptionKey;
		logger.warning("ENCRYPTION_KEY is not set: connection secrets are encrypted with a key kept in the database, which is "
			"fine for an evaluation only; set ENCRYPTION_KEY (openssl rand -base64 32) before real use");
		return store::evaluationEncryptionKey(database);
	}


	class ErrorReporting
		/// With SENTRY_DSN, errors logged while it lives also go to Sentry.
	{
	public:
		explicit ErrorReporting(const config::Settings& settings)
		{
			if (settings.sentryDsn.empty()) return;
			telemetry::SentryReporter::Params params;
			params.release = std::string("polytomic@") + POLYTOMIC_VERSION;
			params.environment = settings.datadogEnv.empty() ? "production" : settings.datadogEnv;
			_reporter = std::make_unique<telemetry::SentryReporter>(settings.sentryDsn, params);
			_reporter->start();
			telemetry::Logging::reportErrorsTo(_reporter.get());
		}

		~ErrorReporting()
		{
			if (!_reporter) return;
			telemetry::Logging::reportErrorsTo(nullptr);
			_reporter->stop();
		}

	private:
		std::unique_ptr<telemetry::SentryReporter> _reporter;
	};


	class Tracing
		/// With TRACING=true, spans of requests, executions and queries go to the Datadog agent while it lives.
	{
	public:
		explicit Tracing(const config::Settings& settings)
		{
			if (!settings.tracing) return;
			telemetry::Tracer::Params params;
			params.agentHost = settings.datadogAgentHost;
			params.agentPort = settings.datadogTraceAgentPort;
			params.service = settings.datadogService;
			params.env = settings.datadogEnv;
			params.version = POLYTOMIC_VERSION;
			_tracer = std::make_unique<telemetry::Tracer>(params);
			_tracer->start();
			telemetry::Tracer::setActive(_tracer.get());
			store::QueryObserver::install(&_queries);
		}

		~Tracing()
		{
			if (!_tracer) return;
			store::QueryObserver::install(nullptr);
			telemetry::Tracer::setActive(nullptr);
			_tracer->stop();
		}

	private:
		std::unique_ptr<telemetry::Tracer> _tracer;
		telemetry::QueryTracing _queries;
	};


	std::unique_ptr<license::LicenseGate> openLicense(const config::Settings& settings, Poco::Logger& logger)
		/// The licence of DEPLOYMENT_KEY, or an evaluation; throws LicenseError when
		/// the key cannot be used at all (the server must not start).
	{
		auto gate = license::LicenseGate::open(settings.deployment, settings.deploymentKey, settings.evaluation, license::LicenseVerifier());
		if (gate->needsWarning()) logger.warning("licence: " + gate->logMessage());
		else logger.information("licence: " + gate->logMessage());
		return gate;
	}


	std::unique_ptr<license::LicensePing> startLicensePing(const config::Settings& settings, license::LicenseGate& gate,
		store::UsageRepository& usage)
		/// The licence ping of a licensed deployment (an evaluation without a key sends nothing).
	{
		if (gate.evaluation()) return nullptr;
		license::LicensePing::Params params;
		params.url = settings.telemetryUrl;
		params.interval = std::chrono::seconds(settings.telemetryIntervalSeconds);
		params.firstRetry = std::min<std::chrono::milliseconds>(std::chrono::seconds(30), params.interval);
		params.version = POLYTOMIC_VERSION;
		auto ping = std::make_unique<license::LicensePing>(gate, [&usage] { return usage.usage(); }, params);
		ping->start();
		return ping;
	}


	void createFirstUser(const config::Settings& settings, store::Database& database, Poco::Logger& logger)
	{
		store::OrganizationRepository organizations(database);
		const std::string name = settings.deployment.empty() ? "Polytomic" : settings.deployment;
		if (organizations.createFirstOrganization(name, settings.rootUser))
			logger.information("first run: created the organization \"" + name + "\" with " + settings.rootUser + " as its admin");
	}

}


int serve(PolytomicApp& application)
{
	config::Settings settings;
	if (!loadSettings(settings)) return PolytomicApp::EXIT_CONFIGURATION;
	const ErrorReporting errorReporting(settings);
	const Tracing tracing(settings);
	Poco::Logger& logger = Poco::Logger::get("polytomic");
	logger.information(std::string("Polytomic On-Premises ") + POLYTOMIC_VERSION + " starting; roles " + settings.roleNames() +
		"; database " + settings.database.masked());
	if (settings.tracing)
		logger.information("tracing: spans go to the Datadog agent at " + settings.datadogAgentHost + ":" +
			std::to_string(settings.datadogTraceAgentPort) + " as service " + settings.datadogService);
	if (!settings.sentryDsn.empty()) logger.information("errors are reported to Sentry (SENTRY_DSN)");
	if (settings.evaluation)
		logger.warning("EVALUATION mode: for trying the product out, not for production data");
	std::unique_ptr<license::LicenseGate> gate;
	try
	{
		gate = openLicense(settings, logger);
	}
	catch (const license::LicenseError& e)
	{
		logger.error("cannot start: the deployment key (DEPLOYMENT_KEY) cannot be used (" +
			license::LicenseError::reasonName(e.reason()) + "): " + e.what());
		return PolytomicApp::EXIT_CONFIGURATION;
	}

	try
	{
		store::Database database(settings.database, settings.databasePoolSize);
		prepareSchema(settings, database, logger);
		createFirstUser(settings, database, logger);
		store::UsageRepository usage(database);
		gate->setActiveSyncCounter([&usage] { return usage.activeSyncs(); });
		std::unique_ptr<license::LicensePing> ping = startLicensePing(settings, *gate, usage);
		plugins::PluginCatalog catalog = scanPlugins(settings.pluginDir, logger);
		std::shared_ptr<cache::Cache> cache = cache::makeCache(settings);
		logger.information(settings.redis ? "cache: Redis at " + settings.redis->masked()
			: std::string("cache: in-process (REDIS_URL not set)"));

		// Every role answers the health checks on PORT, so that each Deployment can be probed;
		// only the web role serves the API.
		http::Router router;
		http::StatusHandlers status(database, cache, POLYTOMIC_VERSION);
		status.registerRoutes(router);
		store::OrganizationRepository organizations(database);
		auth::ApiAuthenticator authenticator(organizations, settings.deploymentApiKey);
		http::ApiAccess access(authenticator);
		addServerMetrics(telemetry::Metrics::process(), database, usage, *gate);
		http::MetricsHandlers metrics(telemetry::Metrics::process());
		metrics.registerRoutes(router, access);
		plugins::Executor executor(plugins::Subprocess::selfExecutable());
		http::ConnectionTypeHandlers connectionTypes(catalog, executor);
		store::SecretBox secrets(encryptionKey(settings, database, logger), settings.previousEncryptionKeys);
		store::ConnectionRepository connectionRepository(database);
		store::BulkSyncRepository bulkSyncRepository(database);
		store::ModelRepository modelRepository(database);
		store::SyncRepository syncRepository(database);
		engine::ConnectionService connectionService(connectionRepository, catalog, executor, secrets, &bulkSyncRepository, &modelRepository,
			gate.get());
		http::ConnectionHandlers connections(connectionService, catalog);
		engine::BulkSyncService bulkSyncService(bulkSyncRepository, connectionRepository, catalog, gate.get());
		http::BulkSyncHandlers bulkSyncs(bulkSyncService);
		store::ExecutionLogRepository executionLogs(database);
		cache::Cache* sharedCache = settings.redis ? cache.get() : nullptr;
		engine::ModelService modelService(modelRepository, syncRepository, connectionRepository, connectionService, catalog, executor);
		http::ModelHandlers models(modelService);
		engine::SyncService syncService(syncRepository, modelRepository, connectionRepository, catalog, gate.get());
		http::SyncHandlers syncs(syncService, syncRepository, executionLogs, sharedCache);
		store::EventRepository eventRepository(database);
		engine::WebhookService webhooks(eventRepository, secrets);
		http::EventHandlers events(webhooks, eventRepository);
		http::LicenseHandlers licenseStatus(*gate, usage);
		if (settings.hasRole(config::Role::WEB))
		{
			connectionTypes.registerRoutes(router, access);
			connections.registerRoutes(router, access);
			bulkSyncs.registerRoutes(router, access);
			models.registerRoutes(router, access);
			syncs.registerRoutes(router, access);
			events.registerRoutes(router, access);
			licenseStatus.registerRoutes(router, access);
		}
		const engine::RetryPolicy retry{settings.syncRetryErrors, settings.syncRetryAttempts, settings.syncRetryDelaySeconds};
		engine::BulkSyncRunner runner(bulkSyncRepository, connectionRepository, connectionService, catalog, executor, executionLogs,
			sharedCache, settings.syncLeaseSeconds, retry, &webhooks);
		engine::SyncRunner syncRunner(syncRepository, modelRepository, connectionRepository, connectionService, catalog, executor, executionLogs,
			sharedCache, settings.syncLeaseSeconds, retry, &webhooks, !settings.recordLogDisabled);
		// runafter: either kind of sync may wait for either kind.
		for (engine::ExecutionRunner* r: std::initializer_list<engine::ExecutionRunner*>{&runner, &syncRunner})
		{
			r->runBefore(bulkSyncRepository.executions());
			r->runBefore(syncRepository.executions());
		}
		const int concurrency = settings.syncConcurrency ? settings.syncConcurrency : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
		engine::Worker worker({&syncRunner, &runner}, concurrency, gate.get());
		engine::Scheduler scheduler(database, {&bulkSyncRepository.executions(), &syncRepository.executions()}, settings.recordLogRetentionDays,
			gate.get());
		if (settings.hasRole(config::Role::SCHEDULER)) scheduler.start();
		if (settings.hasRole(config::Role::WORKER))
		{
			worker.start();
			webhooks.startDelivering();
			logger.information("worker " + worker.id() + " runs up to " + std::to_string(concurrency) + " execution(s) at once");
		}
		http::HttpServer::Params params;
		params.port = settings.port;
		params.publicUrl = settings.polytomicUrl;
		params.maxBodyBytes = settings.maxRequestBodyBytes;
		auto server = std::make_unique<http::HttpServer>(router, params);
		server->start();
		logger.information("listening on port " + std::to_string(server->port()) + "; public URL " + settings.polytomicUrl);

		application.waitForTermination();

		scheduler.stop();
		worker.stop();
		webhooks.stopDelivering();
		if (ping) ping->stop();
		logger.information("shutting down: no new connections; waiting up to " + std::to_string(settings.shutdownTimeoutSeconds) +
			" s for " + std::to_string(server->inFlight()) + " request(s) in flight");
		if (!server->shutdown(std::chrono::seconds(settings.shutdownTimeoutSeconds)))
		{
			logger.warning("requests were still running after SHUTDOWN_TIMEOUT; exiting without them");
			::_exit(Poco::Util::Application::EXIT_OK);
		}
		logger.information("stopped");
		return Poco::Util::Application::EXIT_OK;
	}
	catch (const std::exception& e)
	{
		logger.error("cannot start: " + telemetry::errorText(e));
		return PolytomicApp::EXIT_STARTUP_FAILED;
	}
}


} } // namespace polytomic::app
