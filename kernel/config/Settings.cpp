//
// Settings.cpp
//


#include "config/Settings.h"
#include "Poco/Base64Decoder.h"
#include "Poco/NumberParser.h"
#include "Poco/RegularExpression.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include <cstring>
#include <arpa/inet.h>
#include <iterator>
#include <map>
#include <sstream>


namespace polytomic {
namespace config {


namespace
{
	class Reader
		/// Reads one variable at a time and records what is wrong with it.
	{
	public:
		Reader(const Environment& env, Settings::Loaded& out):
			_env(env),
			_out(out)
		{
		}

		std::optional<std::string> get(const std::string& name) const
		{
			auto value = _env.get(name);
			if (value) return Poco::trim(*value);
			return value;
		}

		void problem(const std::string& name, const std::string& message)
		{
			_out.problems.push_back({name, message});
		}

		void warning(const std::string& text)
		{
			_out.warnings.push_back(text);
		}

		void readBool(const std::string& name, bool& target)
		{
			auto value = get(name);
			if (!value) return;
			std::string v = Poco::toLower(*value);
			if (v == "true" || v == "1" || v == "yes" || v == "on") target = true;
			else if (v == "false" || v == "0" || v == "no" || v == "off") target = false;
			else problem(name, "expected true or false, got '" + *value + "'");
		}

		template <typename T>
		void readInt(const std::string& name, T& target, long long min, long long max)
		{
			auto value = get(name);
			if (!value) return;
			Poco::Int64 n = 0;
			if (!Poco::NumberParser::tryParse64(*value, n) || n < min || n > max)
			{
				problem(name, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
					", got '" + *value + "'");
				return;
			}
			target = static_cast<T>(n);
		}

		void readChoice(const std::string& name, std::string& target, const std::map<std::string, std::string>& choices,
			const std::string& expected)
		{
			auto value = get(name);
			if (!value) return;
			auto it = choices.find(Poco::toLower(*value));
			if (it == choices.end()) problem(name, "expected one of " + expected + ", got '" + *value + "'");
			else target = it->second;
		}

	private:
		const Environment& _env;
		Settings::Loaded& _out;
	};


	void readIdentity(Reader& r, Settings& s)
	{
		static const Poco::RegularExpression email("^[^@\\s]+@[^@\\s]+$");
		r.readBool("EVALUATION", s.evaluation);
		auto root = r.get("ROOT_USER");
		if (!root) r.problem("ROOT_USER", "required: the email address of the first administrator, e.g. ROOT_USER=you@example.com");
		else if (!email.match(*root)) r.problem("ROOT_USER", "expected an email address, got '" + *root + "'");
		else s.rootUser = Poco::toLower(*root);

		s.deployment = r.get("DEPLOYMENT").value_or("");
		s.deploymentKey = r.get("DEPLOYMENT_KEY").value_or("");
		if (!s.evaluation)
		{
			const std::string hint = "required: the value Polytomic gave you for this deployment (or set EVALUATION=true to try the product without one)";
			if (s.deployment.empty()) r.problem("DEPLOYMENT", hint);
			if (s.deploymentKey.empty()) r.problem("DEPLOYMENT_KEY", hint);
		}

		s.deploymentApiKey = r.get("DEPLOYMENT_API_KEY").value_or("");
		if (!s.deploymentApiKey.empty() && s.deploymentApiKey.size() < 16)
			r.problem("DEPLOYMENT_API_KEY", "too short: use at least 16 random characters (e.g. openssl rand -hex 32)");

		s.googleClientId = r.get("GOOGLE_CLIENT_ID").value_or("");
		s.googleClientSecret = r.get("GOOGLE_CLIENT_SECRET").value_or("");
		if (s.googleClientId.empty() != s.googleClientSecret.empty())
		{
			const std::string which = s.googleClientId.empty() ? "GOOGLE_CLIENT_ID" : "GOOGLE_CLIENT_SECRET";
			r.problem(which, "required together with " +
				std::string(s.googleClientId.empty() ? "GOOGLE_CLIENT_SECRET" : "GOOGLE_CLIENT_ID") +
				": the OAuth client of the Google Cloud console");
		}
	}


	bool isLoopbackHost(const std::string& host)
	{
		return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
	}


	void readIssuer(Reader& r, const std::string& name, std::string& target)
	{
		auto value = r.get(name);
		if (!value) return;
		std::string url = *value;
		while (!url.empty() && url.back() == '/') url.pop_back();
		static const Poco::RegularExpression shape("^(https?)://([^/?#\\s:]+|\\[[^]]+\\])(:[0-9]+)?(/[^?#\\s]*)?$", Poco::RegularExpression::RE_CASELESS);
		std::vector<std::string> parts;
		if (shape.split(url, parts) < 3)
		{
			r.problem(name, "expected an https:// URL (the issuer of the OpenID Connect provider), got '" + *value + "'");
			return;
		}
		if (Poco::toLower(parts[1]) == "http" && !isLoopbackHost(Poco::toLower(parts[2])))
		{
			r.problem(name, "must be https:// (http:// is accepted only on a loopback address, for tests), got '" + *value + "'");
			return;
		}
		target = url;
	}


	void readSignIn(Reader& r, Settings& s)
	{
		const bool googleConfigured = !s.googleClientId.empty();
		s.authMethods = {s.evaluation && !googleConfigured ? "link" : "google"};
		if (auto methods = r.get("AUTH_METHODS"))
		{
			s.authMethods.clear();
			Poco::StringTokenizer tokens(*methods, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
			for (const auto& token: tokens)
			{
				const std::string method = Poco::toLower(token);
				if (method == "google" || method == "oidc" || method == "link") s.authMethods.insert(method);
				else r.problem("AUTH_METHODS", "unknown sign-in method '" + token + "'; expected a comma list of google, oidc, link");
			}
			if (tokens.count() == 0) r.problem("AUTH_METHODS", "expected a comma list of google, oidc, link");
		}
		if (s.authMethods.count("google") && !googleConfigured && (!s.evaluation || r.get("AUTH_METHODS")))
		{
			const std::string hint = "required for Google sign-in: create an OAuth client in the Google Cloud console "
				"(redirect URL {POLYTOMIC_URL}/auth), or set EVALUATION=true";
			r.problem("GOOGLE_CLIENT_ID", hint);
			r.problem("GOOGLE_CLIENT_SECRET", hint);
		}
		readIssuer(r, "GOOGLE_ISSUER", s.googleIssuer);
		readIssuer(r, "OIDC_ISSUER", s.oidcIssuer);
		s.oidcClientId = r.get("OIDC_CLIENT_ID").value_or("");
		s.oidcClientSecret = r.get("OIDC_CLIENT_SECRET").value_or("");
		if (s.authMethods.count("oidc"))
		{
			const std::string hint = "required when AUTH_METHODS has oidc: the issuer and client of your OpenID Connect provider "
				"(redirect URL {POLYTOMIC_URL}/auth)";
			if (s.oidcIssuer.empty() && !r.get("OIDC_ISSUER")) r.problem("OIDC_ISSUER", hint);
			if (s.oidcClientId.empty()) r.problem("OIDC_CLIENT_ID", hint);
			if (s.oidcClientSecret.empty()) r.problem("OIDC_CLIENT_SECRET", hint);
		}
		if (auto domains = r.get("ALLOWED_DOMAINS"))
		{
			Poco::StringTokenizer tokens(*domains, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
			for (const auto& domain: tokens) s.allowedDomains.push_back(Poco::toLower(domain));
		}
		r.readInt("SESSION_IDLE_TIMEOUT", s.sessionIdleSeconds, 60, 30 * 86400);
		r.readInt("SESSION_LIFETIME", s.sessionLifetimeSeconds, 300, 90 * 86400);
	}


	void readUrl(Reader& r, Settings& s)
	{
		auto url = r.get("POLYTOMIC_URL");
		if (!url)
		{
			if (!s.evaluation) r.problem("POLYTOMIC_URL", "required: the public base URL users open, e.g. https://polytomic.example.com");
			s.polytomicUrl = "http://localhost:" + std::to_string(s.port);
			return;
		}
		std::string value = *url;
		if (value.find("://") == std::string::npos)
		{
			r.warning("POLYTOMIC_URL has no scheme; using https://" + value);
			value = "https://" + value;
		}
		static const Poco::RegularExpression shape("^https?://[^/?#\\s]+(/[^?#\\s]*)?$", Poco::RegularExpression::RE_CASELESS);
		if (!shape.match(value))
		{
			r.problem("POLYTOMIC_URL", "expected an http:// or https:// URL without query or fragment, got '" + *url + "'");
			return;
		}
		while (!value.empty() && value.back() == '/') value.pop_back();
		s.polytomicUrl = value;
	}


	void readDatastores(Reader& r, const Environment& env, Settings& s)
	{
		if (auto url = r.get("DATABASE_URL"))
		{
			try
			{
				s.database = DatabaseUrl::parse(expandPlaceholder(*url, "DATABASE_PASSWORD", env.get("DATABASE_PASSWORD")));
			}
			catch (const InvalidValue& e)
			{
				r.problem("DATABASE_URL", std::string(e.what()) + " (expected postgres://user:password@host:5432/database?sslmode=require)");
			}
		}
		else
		{
			r.problem("DATABASE_URL", "required: postgres://user:password@host:5432/database?sslmode=require");
		}
		r.readInt("DATABASE_POOL_SIZE", s.databasePoolSize, 1, 1000);
		r.readBool("AUTO_MIGRATE", s.autoMigrate);

		std::string variable = "REDIS_URL";
		auto redis = r.get("REDIS_URL");
		if (!redis && (redis = r.get("CACHE_URL")))
		{
			variable = "CACHE_URL";
			r.warning("CACHE_URL is deprecated; rename it to REDIS_URL");
		}
		if (!redis) return;
		try
		{
			s.redis = RedisUrl::parse(expandPlaceholder(*redis, "REDIS_PASSWORD", env.get("REDIS_PASSWORD")));
		}
		catch (const InvalidValue& e)
		{
			r.problem(variable, std::string(e.what()) + " (expected redis://:password@host:6379/0 or rediss:// for TLS)");
		}
	}


	std::string decodeKey(const std::string& text)
		/// The 32 bytes of a base64 key; throws InvalidValue saying what is expected.
	{
		std::istringstream in(text);
		Poco::Base64Decoder decoder(in);
		std::string bytes;
		try
		{
			bytes.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
		}
		catch (const Poco::Exception&)
		{
			throw InvalidValue("is not base64; generate a key with: openssl rand -base64 32");
		}
		if (bytes.size() != 32)
			throw InvalidValue("must be 32 bytes in base64, not " + std::to_string(bytes.size()) + "; generate a key with: openssl rand -base64 32");
		return bytes;
	}


	void readEncryptionKeys(Reader& r, Settings& s)
	{
		if (auto key = r.get("ENCRYPTION_KEY"))
		{
			try
			{
				s.encryptionKey = decodeKey(*key);
			}
			catch (const InvalidValue& e)
			{
				r.problem("ENCRYPTION_KEY", e.what());
			}
		}
		else if (!s.evaluation)
		{
			r.problem("ENCRYPTION_KEY", "required: the key that encrypts connection secrets (32 bytes in base64; generate one with "
				"openssl rand -base64 32 and keep it safe: without it the secrets cannot be read)");
		}
		auto previous = r.get("ENCRYPTION_KEY_PREVIOUS");
		if (!previous) return;
		Poco::StringTokenizer keys(*previous, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		for (const auto& key: keys)
		{
			try
			{
				s.previousEncryptionKeys.push_back(decodeKey(key));
			}
			catch (const InvalidValue& e)
			{
				r.problem("ENCRYPTION_KEY_PREVIOUS", std::string("a key ") + e.what());
			}
		}
	}


	void readRoles(Reader& r, Settings& s)
	{
		auto value = r.get("ROLE");
		if (!value) return;
		static const std::map<std::string, Role> names = {
			{"web", Role::WEB}, {"worker", Role::WORKER}, {"sync", Role::WORKER}, {"scheduler", Role::SCHEDULER}};
		std::set<Role> roles;
		Poco::StringTokenizer tokens(*value, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		for (const auto& token: tokens)
		{
			auto it = names.find(Poco::toLower(token));
			if (it == names.end()) r.problem("ROLE", "unknown role '" + token + "'; expected a comma list of web, worker, scheduler");
			else roles.insert(it->second);
		}
		if (roles.empty() && tokens.count() == 0) r.problem("ROLE", "expected a comma list of web, worker, scheduler");
		s.roles = roles;
	}


	void readBindAddress(Reader& r, Settings& s)
	{
		auto value = r.get("BIND_ADDRESS");
		if (!value || value->empty()) return;
		std::string address = *value;
		// [::1] as in URLs
		if (address.size() > 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
		unsigned char parsed[16];
		if (::inet_pton(AF_INET, address.c_str(), parsed) != 1 && ::inet_pton(AF_INET6, address.c_str(), parsed) != 1)
		{
			r.problem("BIND_ADDRESS", "expected the IP address of an interface to listen on (0.0.0.0 for every IPv4 interface, "
				":: for every interface, 127.0.0.1 for this host only), got '" + *value + "'");
			return;
		}
		s.bindAddress = address;
	}


	void readProcess(Reader& r, Settings& s)
	{
		r.readInt("PORT", s.port, 1, 65535);
		readBindAddress(r, s);
		r.readInt("HTTP_HEADER_TIMEOUT", s.httpHeaderTimeoutSeconds, 1, 300);
		r.readInt("HTTP_BODY_TIMEOUT", s.httpBodyTimeoutSeconds, 1, 3600);
		r.readInt("HTTP_SEND_TIMEOUT", s.httpSendTimeoutSeconds, 1, 300);
		r.readInt("HTTP_MAX_REQUESTS_PER_ADDRESS", s.httpMaxRequestsPerAddress, 0, 1024);
		readRoles(r, s);
		r.readChoice("LOG_LEVEL", s.logLevel,
			{{"trace", "trace"}, {"debug", "debug"}, {"info", "information"}, {"warn", "warning"},
				{"warning", "warning"}, {"error", "error"}},
			"trace, debug, info, warn, error");
		r.readChoice("LOG_FORMAT", s.logFormat, {{"text", "text"}, {"json", "json"}}, "text, json");
		if (auto dir = r.get("PLUGIN_DIR")) s.pluginDir = *dir;
		if (auto dir = r.get("WEB_DIR")) s.webDir = *dir;
		r.readInt("SHUTDOWN_TIMEOUT", s.shutdownTimeoutSeconds, 0, 3600);
		r.readInt("SYNC_CONCURRENCY", s.syncConcurrency, 1, 256);
		r.readInt("SYNC_LEASE_SECONDS", s.syncLeaseSeconds, 3, 3600);
		r.readBool("SYNC_RETRY_ERRORS", s.syncRetryErrors);
		r.readInt("SYNC_RETRY_ATTEMPTS", s.syncRetryAttempts, 1, 10);
		r.readInt("SYNC_RETRY_DELAY", s.syncRetryDelaySeconds, 1, 3600);
		r.readBool("RECORD_LOG_DISABLED", s.recordLogDisabled);
		r.readInt("RECORD_LOG_RETENTION_DAYS", s.recordLogRetentionDays, 1, 3650);
		r.readInt("MAX_REQUEST_BODY", s.maxRequestBodyBytes, 1024, 1LL << 32);
	}


	void readExecutors(Reader& r, Settings& s)
	{
		r.readInt("EXECUTOR_CHECK_TIMEOUT", s.executorCheckTimeoutSeconds, 1, 3600);
		r.readInt("EXECUTOR_DISCOVER_TIMEOUT", s.executorDiscoverTimeoutSeconds, 1, 86400);
		r.readInt("EXECUTOR_SYNC_TIMEOUT", s.executorSyncTimeoutSeconds, 60, 7 * 86400);
		r.readInt("EXECUTOR_MEMORY_LIMIT", s.executorMemoryLimitMiB, 256, 1 << 20);
	}


	void readTelemetry(Reader& r, Settings& s)
	{
		static const Poco::RegularExpression httpUrl("^https?://[^/?#\\s]+(/[^\\s]*)?$", Poco::RegularExpression::RE_CASELESS);
		if (auto url = r.get("TELEMETRY_URL"))
		{
			if (httpUrl.match(*url)) s.telemetryUrl = *url;
			else r.problem("TELEMETRY_URL", "expected an http:// or https:// URL (leave it unset for Polytomic's licence service), got '" + *url + "'");
		}
		r.readInt("TELEMETRY_INTERVAL", s.telemetryIntervalSeconds, 1, 86400);
		r.readBool("TRACING", s.tracing);
		if (auto host = r.get("DD_AGENT_HOST")) s.datadogAgentHost = *host;
		r.readInt("DD_TRACE_AGENT_PORT", s.datadogTraceAgentPort, 1, 65535);
		s.datadogEnv = r.get("DD_ENV").value_or("");
		if (auto service = r.get("DD_SERVICE")) s.datadogService = *service;
		// {PROTOCOL}://{PUBLIC_KEY}[:{SECRET_KEY}]@{HOST}[:{PORT}]/[{PATH}/]{PROJECT_ID}, as Sentry shows it.
		static const Poco::RegularExpression dsn("^https?://[A-Za-z0-9]+(:[A-Za-z0-9]+)?@[^/@\\s]+/([^\\s]*/)?[0-9]+$",
			Poco::RegularExpression::RE_CASELESS);
		if (auto value = r.get("SENTRY_DSN"))
		{
			if (dsn.match(*value)) s.sentryDsn = *value;
			else r.problem("SENTRY_DSN", "expected the DSN of a Sentry project, https://<public key>@<host>/<project id> "
				"(or leave it unset to send no errors)");
		}
	}


	void readMail(Reader& r, Settings& s)
	{
		s.smtpHost = r.get("SMTP_HOST").value_or("");
		r.readInt("SMTP_PORT", s.smtpPort, 1, 65535);
		s.smtpUsername = r.get("SMTP_USERNAME").value_or("");
		s.smtpPassword = r.get("SMTP_PASSWORD").value_or("");
		s.smtpFrom = r.get("SMTP_FROM").value_or("");
		std::string tls = s.smtpStartTls ? "starttls" : "none";
		r.readChoice("SMTP_TLS", tls, {{"starttls", "starttls"}, {"none", "none"}}, "starttls, none");
		s.smtpStartTls = tls == "starttls";
		if (!s.smtpHost.empty() && s.smtpFrom.find('@') == std::string::npos)
			r.problem("SMTP_FROM", "required with SMTP_HOST: the address failure notifications are sent from, e.g. polytomic@example.com");
	}


	std::string secret(const std::string& value)
	{
		return value.empty() ? "(not set)" : "(set, hidden)";
	}


	std::string orUnset(const std::string& value)
	{
		return value.empty() ? "(not set)" : value;
	}
}


Settings::Loaded Settings::load(const Environment& env)
{
	Loaded out;
	Reader reader(env, out);
	readProcess(reader, out.settings);
	readExecutors(reader, out.settings);
	readTelemetry(reader, out.settings);
	readMail(reader, out.settings);
	readIdentity(reader, out.settings);
	readUrl(reader, out.settings);
	readSignIn(reader, out.settings);
	readDatastores(reader, env, out.settings);
	readEncryptionKeys(reader, out.settings);
	for (const auto& [name, value]: env.variables())
		for (const char* suffix: {"_CLIENT_ID", "_CLIENT_SECRET", "_OAUTH_AUTHORIZE_URL", "_OAUTH_TOKEN_URL"})
			if (name.size() > std::strlen(suffix) && name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
				out.settings.connectorOAuth.set(name, value);
	return out;
}


Settings Settings::fromEnvironment(const Environment& env, std::vector<std::string>* warnings)
{
	Loaded loaded = load(env);
	if (warnings) *warnings = loaded.warnings;
	if (!loaded.problems.empty()) throw ConfigurationError(loaded.problems);
	return loaded.settings;
}


bool Settings::isSecretVariable(const std::string& name)
{
	static const char* const names[] = {"DATABASE_URL", "DATABASE_PASSWORD", "CACHE_URL", "DEPLOYMENT_KEY", "SENTRY_DSN"};
	static const char* const prefixes[] = {"ENCRYPTION_KEY", "REDIS_"};
	static const char* const suffixes[] = {"_SECRET", "_PASSWORD", "_TOKEN", "_API_KEY", "_PRIVATE_KEY", "_DSN"};
	for (const char* n: names)
		if (name == n) return true;
	for (const char* prefix: prefixes)
		if (name.rfind(prefix, 0) == 0) return true;
	for (const char* suffix: suffixes)
	{
		const std::size_t length = std::strlen(suffix);
		if (name.size() > length && name.compare(name.size() - length, length, suffix) == 0) return true;
	}
	return false;
}


bool Settings::hasRole(Role role) const
{
	return roles.count(role) > 0;
}


std::string Settings::roleNames() const
{
	std::string names;
	for (Role role: roles)
	{
		if (!names.empty()) names += ',';
		names += role == Role::WEB ? "web" : role == Role::WORKER ? "worker" : "scheduler";
	}
	return names;
}


std::string Settings::authMethodNames() const
{
	return Poco::cat(std::string(","), authMethods.begin(), authMethods.end());
}


std::vector<std::pair<std::string, std::string>> Settings::describe() const
{
	return {
		{"EVALUATION", evaluation ? "true" : "false"},
		{"ROOT_USER", orUnset(rootUser)},
		{"DEPLOYMENT", orUnset(deployment)},
		{"DEPLOYMENT_KEY", secret(deploymentKey)},
		{"DEPLOYMENT_API_KEY", secret(deploymentApiKey)},
		{"ENCRYPTION_KEY", encryptionKey.empty() ? "(not set: evaluation key kept in the database)" : "(set, hidden)"},
		{"ENCRYPTION_KEY_PREVIOUS", previousEncryptionKeys.empty() ? "(not set)" : std::to_string(previousEncryptionKeys.size()) + " key(s), hidden"},
		{"POLYTOMIC_URL", polytomicUrl},
		{"GOOGLE_CLIENT_ID", orUnset(googleClientId)},
		{"GOOGLE_CLIENT_SECRET", secret(googleClientSecret)},
		{"GOOGLE_ISSUER", googleIssuer},
		{"AUTH_METHODS", authMethodNames()},
		{"OIDC_ISSUER", orUnset(oidcIssuer)},
		{"OIDC_CLIENT_ID", orUnset(oidcClientId)},
		{"OIDC_CLIENT_SECRET", secret(oidcClientSecret)},
		{"ALLOWED_DOMAINS", allowedDomains.empty() ? "(any)" : Poco::cat(std::string(","), allowedDomains.begin(), allowedDomains.end())},
		{"SESSION_IDLE_TIMEOUT", std::to_string(sessionIdleSeconds)},
		{"SESSION_LIFETIME", std::to_string(sessionLifetimeSeconds)},
		{"DATABASE_URL", orUnset(database.masked())},
		{"DATABASE_POOL_SIZE", std::to_string(databasePoolSize)},
		{"AUTO_MIGRATE", autoMigrate ? "true" : "false"},
		{"REDIS_URL", redis ? redis->masked() : "(not set: in-process cache)"},
		{"PORT", std::to_string(port)},
		{"BIND_ADDRESS", bindAddress.empty() ? "(every IPv4 interface)" : bindAddress},
		{"HTTP_HEADER_TIMEOUT", std::to_string(httpHeaderTimeoutSeconds)},
		{"HTTP_BODY_TIMEOUT", std::to_string(httpBodyTimeoutSeconds)},
		{"HTTP_SEND_TIMEOUT", std::to_string(httpSendTimeoutSeconds)},
		{"HTTP_MAX_REQUESTS_PER_ADDRESS", httpMaxRequestsPerAddress ? std::to_string(httpMaxRequestsPerAddress) : "(no limit)"},
		{"ROLE", roleNames()},
		{"LOG_LEVEL", logLevel},
		{"LOG_FORMAT", logFormat},
		{"PLUGIN_DIR", pluginDir},
		{"WEB_DIR", webDir},
		{"SHUTDOWN_TIMEOUT", std::to_string(shutdownTimeoutSeconds)},
		{"SYNC_LEASE_SECONDS", std::to_string(syncLeaseSeconds)},
		{"SYNC_RETRY_ERRORS", syncRetryErrors ? "true" : "false"},
		{"SYNC_RETRY_ATTEMPTS", std::to_string(syncRetryAttempts)},
		{"SYNC_RETRY_DELAY", std::to_string(syncRetryDelaySeconds)},
		{"RECORD_LOG_DISABLED", recordLogDisabled ? "true" : "false"},
		{"RECORD_LOG_RETENTION_DAYS", std::to_string(recordLogRetentionDays)},
		{"SYNC_CONCURRENCY", syncConcurrency ? std::to_string(syncConcurrency) : "(number of CPUs)"},
		{"MAX_REQUEST_BODY", std::to_string(maxRequestBodyBytes)},
		{"EXECUTOR_CHECK_TIMEOUT", std::to_string(executorCheckTimeoutSeconds)},
		{"EXECUTOR_DISCOVER_TIMEOUT", std::to_string(executorDiscoverTimeoutSeconds)},
		{"EXECUTOR_SYNC_TIMEOUT", std::to_string(executorSyncTimeoutSeconds)},
		{"EXECUTOR_MEMORY_LIMIT", std::to_string(executorMemoryLimitMiB)},
		{"TELEMETRY_URL", telemetryUrl},
		{"TELEMETRY_INTERVAL", std::to_string(telemetryIntervalSeconds)},
		{"TRACING", tracing ? "true" : "false"},
		{"DD_AGENT_HOST", datadogAgentHost},
		{"DD_TRACE_AGENT_PORT", std::to_string(datadogTraceAgentPort)},
		{"DD_ENV", orUnset(datadogEnv)},
		{"DD_SERVICE", datadogService},
		{"SENTRY_DSN", secret(sentryDsn)},
	};
}


} } // namespace polytomic::config
