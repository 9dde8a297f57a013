//
// Settings.h
//
// Definition of the Settings class.
//


#ifndef Polytomic_Config_Settings_INCLUDED
#define Polytomic_Config_Settings_INCLUDED


#include "config/ConfigurationError.h"
#include "config/DatabaseUrl.h"
#include "config/Environment.h"
#include "config/RedisUrl.h"
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>


namespace polytomic {
namespace config {


enum class Role
{
	WEB,
	WORKER,
	SCHEDULER
};


class Settings
	/// Every setting of the server, typed and validated, built once from the
	/// environment (the variables of the on-premises documentation). Past this
	/// point nothing reads the environment again.
{
public:
	struct Loaded;

	static Loaded load(const Environment& env);
		/// Reads and validates every variable; collects every problem and warning
		/// rather than stopping at the first.

	static Settings fromEnvironment(const Environment& env, std::vector<std::string>* warnings = nullptr);
		/// As load(), but throws ConfigurationError when there is any problem.

	std::vector<std::pair<std::string, std::string>> describe() const;
		/// The effective configuration as (variable, value) lines, secrets masked.

	bool hasRole(Role role) const;

	std::string roleNames() const;

	std::string authMethodNames() const;
		/// "google,link" (those of authMethods).
		/// "web,worker,scheduler" (those of roles).

	// Identity, licence, URLs
	std::string rootUser;
	std::string deployment;
	std::string deploymentKey;          /// secret
	std::string deploymentApiKey;       /// secret; with the organization id, authenticates the API
	std::string polytomicUrl;           /// no trailing slash
	std::string googleClientId;
	std::string googleClientSecret;     /// secret
	bool evaluation = false;

	// Sign-in
	std::set<std::string> authMethods;  /// google | oidc | link (AUTH_METHODS)
	std::string googleIssuer = "https://accounts.google.com";
	std::string oidcIssuer;             /// no trailing slash
	std::string oidcClientId;
	std::string oidcClientSecret;       /// secret
	std::vector<std::string> allowedDomains; /// lower case; empty: any
	int sessionIdleSeconds = 8 * 3600;
	int sessionLifetimeSeconds = 7 * 86400;

	// Secrets at rest
	std::string encryptionKey;                      /// 32 raw bytes (ENCRYPTION_KEY, base64); empty: evaluation's stored key
	std::vector<std::string> previousEncryptionKeys; /// 32 raw bytes each (ENCRYPTION_KEY_PREVIOUS)

	static bool isSecretVariable(const std::string& name);
		/// Whether an environment variable carries a secret the server reads (or an
		/// operator's secret by its name: *_SECRET, *_PASSWORD, *_TOKEN, *_API_KEY,
		/// ENCRYPTION_KEY*, REDIS_*, ...), which the process forgets once Settings has it.

	// Datastores
	DatabaseUrl database;
	int databasePoolSize = 10;
	bool autoMigrate = true;
	std::optional<RedisUrl> redis;

	// Process
	unsigned port = 5100;
	std::string bindAddress;              /// BIND_ADDRESS: an IPv4 or IPv6 address; empty: every IPv4 interface
	int httpHeaderTimeoutSeconds = 10;    /// HTTP_HEADER_TIMEOUT: for a request's line and headers to arrive whole
	int httpBodyTimeoutSeconds = 30;      /// HTTP_BODY_TIMEOUT: for a request's body to arrive whole after its head
	int httpSendTimeoutSeconds = 10;      /// HTTP_SEND_TIMEOUT: for a client to read some of its response
	int httpMaxRequestsPerAddress = 32;   /// HTTP_MAX_REQUESTS_PER_ADDRESS: served at once for one client address; 0: no limit
	std::set<Role> roles = {Role::WEB, Role::WORKER, Role::SCHEDULER};
	std::string logLevel = "information"; /// a Poco priority name
	std::string logFormat = "text";       /// text | json
	std::string pluginDir = "/usr/lib/polytomic/plugins";
	std::string webDir = "/usr/share/polytomic/web";  /// WEB_DIR: what the server serves to browsers (the API reference page)
	int syncConcurrency = 0;              /// executions a worker runs at once; 0: the number of CPUs
	int syncLeaseSeconds = 30;            /// how long a claimed execution stays a worker's without a heartbeat
	bool syncRetryErrors = false;         /// retry executions that failed for a transient reason, with backoff
	int syncRetryAttempts = 3;            /// attempts in all when retrying (SYNC_RETRY_ATTEMPTS)
	int syncRetryDelaySeconds = 30;       /// before the first retry; doubled for each later one (SYNC_RETRY_DELAY)
	bool recordLogDisabled = false;       /// no per-record logs of model syncs
	int recordLogRetentionDays = 30;      /// per-record logs and console logs are deleted after this
	int shutdownTimeoutSeconds = 30;
	std::size_t maxRequestBodyBytes = 10 * 1024 * 1024;

	// Executors: the processes plugin code runs in
	int executorCheckTimeoutSeconds = 30;       /// spec, check, a model's preview (EXECUTOR_CHECK_TIMEOUT)
	int executorDiscoverTimeoutSeconds = 120;   /// discover (EXECUTOR_DISCOVER_TIMEOUT)
	int executorSyncTimeoutSeconds = 6 * 3600;  /// one bulk sync object or one model sync run (EXECUTOR_SYNC_TIMEOUT)
	std::size_t executorMemoryLimitMiB = 2048;  /// address space of each executor (EXECUTOR_MEMORY_LIMIT)

	// Telemetry: the licence ping, Datadog traces, Sentry errors
	std::string telemetryUrl = "https://ping.polytomic.com/"; /// the licence service (TELEMETRY_URL)
	int telemetryIntervalSeconds = 3600;  /// between two licence pings (TELEMETRY_INTERVAL)
	bool tracing = false;                 /// send traces to the Datadog agent (TRACING)
	std::string datadogAgentHost = "localhost"; /// DD_AGENT_HOST
	unsigned datadogTraceAgentPort = 8126;      /// DD_TRACE_AGENT_PORT
	std::string datadogEnv;               /// DD_ENV (the env tag of every span)
	std::string datadogService = "polytomic"; /// DD_SERVICE
	std::string sentryDsn;                /// SENTRY_DSN; empty: errors are not sent

	// Mail: a failed run emailed to the organization's global error subscribers
	std::string smtpHost;                 /// SMTP_HOST; empty: no mail is sent
	unsigned smtpPort = 587;              /// SMTP_PORT
	std::string smtpUsername;             /// SMTP_USERNAME; empty: no AUTH
	std::string smtpPassword;             /// SMTP_PASSWORD; secret
	std::string smtpFrom;                 /// SMTP_FROM: the sender's address
	bool smtpStartTls = true;             /// SMTP_TLS=starttls (required) or none

	// Connectors that sign in with OAuth: their OAuth apps
	Environment connectorOAuth;           /// every <TYPE>_CLIENT_ID, <TYPE>_CLIENT_SECRET (secret), <TYPE>_OAUTH_AUTHORIZE_URL and
	                                      /// <TYPE>_OAUTH_TOKEN_URL, kept here as the process forgets its secret variables
};


struct Settings::Loaded
{
	Settings settings;
	std::vector<ConfigurationProblem> problems;
	std::vector<std::string> warnings;
};


} } // namespace polytomic::config


#endif // Polytomic_Config_Settings_INCLUDED
