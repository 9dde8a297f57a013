//
// ServeCommand.cpp
//
// The serve command: start-up checks, the roles, graceful shutdown.
//


#include "app/Commands.h"
#include "app/PolytomicApp.h"
#include "cache/CacheFactory.h"
#include "auth/ApiAuthenticator.h"
#include "auth/FailureLimiter.h"
#include "auth/UserService.h"
#include "http/ApiAccess.h"
#include "http/AuditTrail.h"
#include "http/IdentityHandlers.h"
#include "http/OrganizationHandlers.h"
#include "http/PermissionHandlers.h"
#include "http/SignInHandlers.h"
#include "auth/SignInService.h"
#include "store/AuditLogRepository.h"
#include "store/SessionRepository.h"
#include "store/UserRepository.h"
#include "engine/ConnectionService.h"
#include "engine/BulkSyncRunner.h"
#include "engine/BulkSyncService.h"
#include "engine/Scheduler.h"
#include "engine/Worker.h"
#include "http/BulkSyncHandlers.h"
#include "http/ModelHandlers.h"
#include "http/NotificationHandlers.h"
#include "http/JobHandlers.h"
#include "http/ModelSyncTargetHandlers.h"
#include "http/SyncExecutionHandlers.h"
#include "engine/JobRunner.h"
#include "store/JobRepository.h"
#include "store/RecordLogFiles.h"
#include "http/SyncHandlers.h"
#include "http/SchemaHandlers.h"
#include "engine/SchemaService.h"
#include "store/SchemaRepository.h"
#include "engine/ModelService.h"
#include "engine/SyncRunner.h"
#include "engine/SyncService.h"
#include "engine/WebhookService.h"
#include "http/ConnectionHandlers.h"
#include "http/ConnectHandlers.h"
#include "auth/ConnectionOAuth.h"
#include "store/ConnectionTokenRepository.h"
#include "store/OAuthStateRepository.h"
#include "http/EventHandlers.h"
#include "http/LicenseHandlers.h"
#include "http/MetricsHandlers.h"
#include "http/WebAppHandlers.h"
#include "app/ServerLicense.h"
#include "app/ServerMetrics.h"
#include "app/ServerTelemetry.h"
#include "license/LicenseError.h"
#include "store/EventRepository.h"
#include "store/BulkSyncRepository.h"
#include "store/ExecutionLogRepository.h"
#include "store/QueueSignal.h"
#include "http/ConnectionTypeHandlers.h"
#include "store/ConnectionRepository.h"
#include "store/EvaluationKey.h"
#include "store/SecretBox.h"
#include "http/HttpServer.h"
#include "plugins/RateBudget.h"
#include "plugins/Subprocess.h"
#include "http/OpenApiHandlers.h"
#include "http/Router.h"
#include "http/StatusHandlers.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/OrganizationRepository.h"
#include "telemetry/ErrorText.h"
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


	void createFirstUser(const config::Settings& settings, store::Database& database, Poco::Logger& logger)
	{
		store::OrganizationRepository organizations(database);
		const std::string name = settings.deployment.empty() ? "Polytomic" : settings.deployment;
		if (organizations.createFirstOrganization(name, settings.rootUser))
			logger.information("first run: created the organization \"" + name + "\" with " + settings.rootUser + " as its admin");
	}


	plugins::Executor::Configuration executorConfiguration(const config::Settings& settings)
	{
		plugins::Executor::Configuration configuration;
		configuration.checkTimeout = std::chrono::seconds(settings.executorCheckTimeoutSeconds);
		configuration.discoverTimeout = std::chrono::seconds(settings.executorDiscoverTimeoutSeconds);
		configuration.syncTimeout = std::chrono::seconds(settings.executorSyncTimeoutSeconds);
		configuration.memoryBytes = settings.executorMemoryLimitMiB << 20;
		return configuration;
	}


	std::optional<engine::MailSettings> mailSettings(const config::Settings& settings)
		/// The SMTP server failure emails go through; none without SMTP_HOST.
	{
		if (settings.smtpHost.empty()) return std::nullopt;
		return engine::MailSettings{settings.smtpHost, settings.smtpPort, settings.smtpUsername, settings.smtpPassword, settings.smtpFrom,
			settings.smtpStartTls};
	}


	void announceEvaluationLink(const config::Settings& settings, auth::SignInService& signIn, Poco::Logger& logger)
		/// Evaluation without Google: the root user gets in through a link in the log.
	{
		if (!settings.evaluation || !settings.googleClientId.empty() || !settings.authMethods.count("link")) return;
		try
		{
			logger.information("EVALUATION: sign in as " + settings.rootUser + " within 15 minutes, once, at " + signIn.createLink(settings.rootUser) +
				" (a new link: polytomic login-link <email>)");
		}
		catch (const std::exception& e)
		{
			logger.warning("EVALUATION: no sign-in link for " + settings.rootUser + ": " + telemetry::errorText(e));
		}
	}
}


int serve(PolytomicApp& application)
{
	config::Settings settings;
	if (!loadSettings(settings)) return PolytomicApp::EXIT_CONFIGURATION;
	Poco::Logger& logger = Poco::Logger::get("polytomic");
	logger.information(std::string("Polytomic On-Premises ") + POLYTOMIC_VERSION + " starting; roles " + settings.roleNames() +
		"; database " + settings.database.masked());
	const ServerTelemetry observability(settings); // Sentry and Datadog, as configured
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
		std::unique_ptr<license::LicensePing> ping = startLicensePing(settings, *gate, usage, database);
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
		store::UserRepository userRepository(database);
		store::SessionRepository sessionRepository(database);
		store::AuditLogRepository auditLog(database);
		auth::ApiAuthenticator authenticator(organizations, userRepository, sessionRepository,
			{settings.deploymentApiKey, settings.sessionIdleSeconds});
		// Two budgets: failed sign-ins must not lock an address out of the deployment key, nor the other way round.
		auth::FailureLimiter keyFailures;
		auth::FailureLimiter signInFailures;
		http::AuditTrail audit(auditLog);
		http::ApiAccess access(authenticator, keyFailures, &audit, settings.polytomicUrl);
		http::Idempotency idempotency(database);
		access.setIdempotency(&idempotency);
		auth::UserService userService(userRepository);
		http::IdentityHandlers identity(organizations, userService, auditLog);
		http::OrganizationHandlers organizationRoutes(organizations);
		http::PermissionHandlers permissions;
		auth::SignInService signIn(userRepository, sessionRepository, {settings.polytomicUrl, settings.allowedDomains,
			settings.sessionLifetimeSeconds});
		for (const auto& provider: auth::configuredProviders(settings)) signIn.addProvider(provider);
		http::SignInHandlers signInPages(signIn, authenticator, signInFailures, audit, {settings.authMethods.count("link") > 0,
			settings.polytomicUrl.rfind("https://", 0) == 0, settings.sessionLifetimeSeconds, settings.polytomicUrl});
		addServerMetrics(telemetry::Metrics::process(), database, usage, *gate);
		http::MetricsHandlers metrics(telemetry::Metrics::process());
		metrics.registerRoutes(router, access);
		plugins::Executor executor(plugins::Subprocess::selfExecutable(), executorConfiguration(settings));
		// Every run on an API account keeps to one budget of it, whichever replica runs it.
		plugins::RateBudget::shareThrough(database);
		const std::string secretKey = encryptionKey(settings, database, logger);
		store::SecretBox secrets(secretKey, settings.previousEncryptionKeys);
		store::ConnectionRepository connectionRepository(database);
		store::BulkSyncRepository bulkSyncRepository(database);
		store::ModelRepository modelRepository(database);
		store::SyncRepository syncRepository(database);
		engine::ConnectionService connectionService(connectionRepository, catalog, executor, secrets, &bulkSyncRepository, &modelRepository,
			gate.get());
		// OAuth connections: the OAuth apps' credentials (<TYPE>_CLIENT_ID/SECRET) stay in this process, never an executor's.
		store::ConnectionTokenRepository connectionTokenRepository(database);
		store::OAuthStateRepository oauthStates(database);
		engine::ConnectionTokens connectionTokens(connectionService, connectionTokenRepository, secrets, settings.connectorOAuth,
			settings.polytomicUrl);
		connectionService.useTokens(&connectionTokens);
		auth::ConnectionOAuth connectionOAuth(connectionService, connectionTokens, oauthStates, secrets);
		http::ConnectionHandlers connections(connectionService, catalog);
		connections.signInWith(&connectionOAuth);
		http::ConnectHandlers connect(connectionOAuth);
		http::ConnectionTypeHandlers connectionTypes(catalog, connectionService);
		store::EventRepository eventRepository(database);
		engine::WebhookService webhooks(eventRepository, secrets);
		store::NotificationRepository notificationRepository(database);
		engine::ErrorNotifications errorNotifications(notificationRepository, mailSettings(settings), settings.polytomicUrl);
		webhooks.notifyFailures(&errorNotifications);
		http::NotificationHandlers notifications(errorNotifications);
		store::SchemaRepository schemaRepository(database);
		engine::SchemaService schemaService(schemaRepository, connectionService, catalog, executor, *cache);
		engine::BulkSyncService bulkSyncService(bulkSyncRepository, connectionRepository, catalog, &webhooks, gate.get(), &schemaService);
		store::ExecutionLogRepository executionLogs(database);
		cache::Cache* sharedCache = settings.redis ? cache.get() : nullptr;
		const http::SignedUrl links(secretKey);
		http::BulkSyncHandlers bulkSyncs(bulkSyncService, schemaService, executionLogs, sharedCache, links);
		engine::ModelService modelService(modelRepository, syncRepository, connectionRepository, connectionService, catalog, executor);
		store::JobRepository jobRepository(database);
		engine::JobRunner jobRunner(jobRepository);
		http::ModelHandlers models(modelService, jobRunner);
		http::JobHandlers jobs(jobRunner, jobRepository, modelService);
		http::SchemaHandlers schemas(schemaService, modelService);
		http::ModelSyncTargetHandlers modelSyncTargets(schemaService, modelService);
		engine::SyncService syncService(syncRepository, modelRepository, connectionRepository, catalog, &webhooks, gate.get());
		http::SyncHandlers syncs(syncService);
		store::RecordLogFiles recordLogFiles(database);
		http::SyncExecutionHandlers syncExecutions(syncService, syncRepository, recordLogFiles, executionLogs, sharedCache, links);
		http::EventHandlers events(webhooks, eventRepository);
		http::LicenseHandlers licenseStatus(*gate, usage);
		if (settings.hasRole(config::Role::WEB))
		{
			identity.registerRoutes(router, access);
			organizationRoutes.registerRoutes(router, access);
			permissions.registerRoutes(router, access);
			signInPages.registerRoutes(router);
			announceEvaluationLink(settings, signIn, logger);
			connectionTypes.registerRoutes(router, access);
			connections.registerRoutes(router, access);
			connect.registerRoutes(router, access);
			bulkSyncs.registerRoutes(router, access);
			models.registerRoutes(router, access);
			jobs.registerRoutes(router, access);
			schemas.registerRoutes(router, access);
			modelSyncTargets.registerRoutes(router, access);
			syncs.registerRoutes(router, access);
			syncExecutions.registerRoutes(router, access);
			events.registerRoutes(router, access);
			notifications.registerRoutes(router, access);
			licenseStatus.registerRoutes(router, access);
		}
		// Last: the document is made of every route added before it.
		http::OpenApiHandlers apiReference(router, POLYTOMIC_VERSION, settings.webDir);
		if (settings.hasRole(config::Role::WEB))
		{
			apiReference.registerRoutes(router);
			apiReference.prepare(logger);
		}
		// After the document is made: the UI's pages are not part of the API.
		http::WebAppHandlers::SignInMethods signInMethods;
		for (const auto& provider: signIn.providers()) signInMethods.providers.push_back({provider.name, provider.displayName});
		signInMethods.links = settings.authMethods.count("link") > 0;
		http::WebAppHandlers webApp(settings.webDir, signInMethods);
		if (settings.hasRole(config::Role::WEB)) webApp.registerRoutes(router);
		const engine::RetryPolicy retry{settings.syncRetryErrors, settings.syncRetryAttempts, settings.syncRetryDelaySeconds};
		engine::BulkSyncRunner runner(bulkSyncRepository, connectionRepository, connectionService, catalog, executor, executionLogs,
			sharedCache, settings.syncLeaseSeconds, retry, &webhooks, &schemaRepository);
		engine::SyncRunner syncRunner(syncRepository, modelRepository, connectionRepository, connectionService, catalog, executor, executionLogs,
			sharedCache, settings.syncLeaseSeconds, retry, &webhooks, !settings.recordLogDisabled);
		// runafter: either kind of sync may wait for either kind.
		for (engine::ExecutionRunner* r: std::initializer_list<engine::ExecutionRunner*>{&runner, &syncRunner})
		{
			r->runBefore(bulkSyncRepository.executions());
			r->runBefore(syncRepository.executions());
		}
		const int concurrency = settings.syncConcurrency ? settings.syncConcurrency : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
		std::unique_ptr<store::QueueSignal> queueSignal;
		if (settings.hasRole(config::Role::WORKER)) queueSignal = std::make_unique<store::QueueSignal>(database);
		engine::Worker worker({&syncRunner, &runner}, concurrency, gate.get(), queueSignal.get());
		engine::Scheduler scheduler(database, {&bulkSyncRepository.executions(), &syncRepository.executions()}, settings.recordLogRetentionDays,
			gate.get(), &bulkSyncRepository);
		if (settings.hasRole(config::Role::SCHEDULER)) scheduler.start();
		if (settings.hasRole(config::Role::WORKER))
		{
			worker.start();
			webhooks.startDelivering();
			logger.information("worker " + worker.id() + " runs up to " + std::to_string(concurrency) + " execution(s) at once");
		}
		http::HttpServer::Params params;
		params.port = settings.port;
		params.bindAddress = settings.bindAddress;
		params.headerTimeout = std::chrono::seconds(settings.httpHeaderTimeoutSeconds);
		params.bodyTimeout = std::chrono::seconds(settings.httpBodyTimeoutSeconds);
		params.sendTimeout = std::chrono::seconds(settings.httpSendTimeoutSeconds);
		params.maxRequestsPerAddress = settings.httpMaxRequestsPerAddress;
		params.publicUrl = settings.polytomicUrl;
		params.maxBodyBytes = settings.maxRequestBodyBytes;
		auto server = std::make_unique<http::HttpServer>(router, params);
		server->start();
		logger.information("listening on " + (settings.bindAddress.empty() ? std::string("port ") : settings.bindAddress + " port ") +
			std::to_string(server->port()) + "; public URL " + settings.polytomicUrl);

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
