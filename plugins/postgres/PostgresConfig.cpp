//
// PostgresConfig.cpp
//


#include "PostgresConfig.h"
#include "polytomic/connector.hpp"
#include <algorithm>
#include <libpq-fe.h>


namespace polytomic {
namespace postgres {


const int PostgresConfig::CONNECT_TIMEOUT_SECONDS = 10;
const int PostgresConfig::DEFAULT_STATEMENT_TIMEOUT_SECONDS = 1800;
const int PostgresConfig::MAX_STATEMENT_TIMEOUT_SECONDS = 86400;


namespace
{
	const std::vector<std::string> SSL_MODES = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};


	json::Value property(const char* type, const char* title, const char* description)
	{
		json::Value p = json::Value::object();
		p.set("type", type);
		p.set("title", title);
		p.set("description", description);
		return p;
	}


	json::Value scoped(json::Value property)
		/// A field that says where the password goes, or who may read it on the
		/// way: the server reuses a stored password only while it is unchanged.
	{
		property.set("secret_scope", true);
		return property;
	}


	int timeoutSeconds(const std::string& text)
	{
		const bool digits = !text.empty() && text.size() <= 6 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
		const int seconds = digits ? std::stoi(text) : 0;
		if (seconds < 1 || seconds > PostgresConfig::MAX_STATEMENT_TIMEOUT_SECONDS)
			throw sdk::Error("statement_timeout '" + text + "' is not a number of seconds from 1 to " +
				std::to_string(PostgresConfig::MAX_STATEMENT_TIMEOUT_SECONDS));
		return seconds;
	}


	std::string text(const json::Value& config, const std::string& key)
		/// A string field; a number is accepted too (a port).
	{
		const json::Value& v = config[key];
		if (v.isNull()) return "";
		if (v.isString()) return v.asString();
		if (v.isInteger()) return std::to_string(v.asInt64());
		throw sdk::Error("configuration field '" + key + "' must be a string");
	}


	std::vector<std::string> urlSecrets(const std::string& url)
		/// The password as written in a URL (user:password@) or a key=value string,
		/// found without parsing, to keep it out of a parse error.
	{
		std::vector<std::string> out;
		const std::size_t scheme = url.find("://");
		if (scheme != std::string::npos)
		{
			const std::size_t start = scheme + 3;
			const std::size_t at = url.rfind('@');
			if (at != std::string::npos && at > start)
			{
				const std::size_t colon = url.find(':', start);
				if (colon != std::string::npos && colon < at) out.push_back(url.substr(colon + 1, at - colon - 1));
			}
		}
		std::size_t pos = 0;
		while ((pos = url.find("password=", pos)) != std::string::npos)
		{
			pos += 9;
			std::size_t end = pos;
			while (end < url.size() && url[end] != ' ' && url[end] != '&') ++end;
			std::string value = url.substr(pos, end - pos);
			if (value.size() > 1 && value.front() == '\'') value = value.substr(1, value.size() - 2);
			out.push_back(value);
		}
		return out;
	}
}


PostgresConfig::PostgresConfig(const json::Value& config)
{
	if (!config.isObject()) throw sdk::Error("the configuration must be a JSON object");
	const std::string url = text(config, "connection_url");
	if (!url.empty()) parseUrl(url);

	const std::string host = text(config, "host");
	const std::string port = text(config, "port");
	const std::string database = text(config, "database");
	const std::string username = text(config, "username");
	const std::string password = text(config, "password");
	const std::string sslMode = text(config, "ssl_mode");
	if (!host.empty()) set("host", host);
	if (!port.empty()) set("port", port);
	if (!database.empty()) set("dbname", database);
	if (!username.empty()) set("user", username);
	if (!password.empty())
	{
		set("password", password);
		_secrets.push_back(password);
	}
	if (!sslMode.empty()) set("sslmode", sslMode);
	_caCertificate = text(config, "ca_certificate");
	const std::string timeout = text(config, "statement_timeout");
	_statementTimeout = timeout.empty() ? DEFAULT_STATEMENT_TIMEOUT_SECONDS : timeoutSeconds(timeout);

	if (get("host").empty()) throw sdk::Error("the configuration needs a host (or a connection_url)");
	if (get("dbname").empty()) throw sdk::Error("the configuration needs a database (or a connection_url naming one)");
	if (get("user").empty()) throw sdk::Error("the configuration needs a username (or a connection_url naming one)");
	if (get("port").empty()) set("port", "5432");
	const std::string& p = get("port");
	if (p.size() > 5 || !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; }) || std::stoi(p) < 1 ||
		std::stoi(p) > 65535)
		throw sdk::Error("port '" + p + "' is not a TCP port (1 to 65535)");
	if (get("sslmode").empty()) set("sslmode", "prefer");
	if (std::find(SSL_MODES.begin(), SSL_MODES.end(), get("sslmode")) == SSL_MODES.end())
		throw sdk::Error("ssl_mode '" + get("sslmode") + "' is not one of disable, allow, prefer, require, verify-ca, verify-full");
	if (!_caCertificate.empty() && _caCertificate.find("-----BEGIN") == std::string::npos)
		throw sdk::Error("ca_certificate must be the PEM text of the certificate (-----BEGIN CERTIFICATE----- ...)");
	set("connect_timeout", std::to_string(CONNECT_TIMEOUT_SECONDS));
	set("application_name", "polytomic");
	set("client_encoding", "UTF8");
	_secrets.erase(std::remove(_secrets.begin(), _secrets.end(), std::string()), _secrets.end());
}


void PostgresConfig::parseUrl(const std::string& url)
{
	for (auto& secret: urlSecrets(url)) _secrets.push_back(secret);
	char* error = nullptr;
	PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
	if (!options)
	{
		std::string why = error ? error : "out of memory";
		if (error) PQfreemem(error);
		while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
		throw sdk::Error("connection_url is not a PostgreSQL URL (postgres://user:password@host:port/database) nor a "
			"key=value connection string: " + redact(why));
	}
	for (PQconninfoOption* o = options; o->keyword; ++o)
	{
		if (!o->val || !*o->val) continue;
		const std::string keyword = o->keyword;
		if (keyword == "sslrootcert" || keyword == "passfile" || keyword == "service") continue;
		set(keyword, o->val);
		if (keyword == "password") _secrets.push_back(o->val);
	}
	PQconninfoFree(options);
}


void PostgresConfig::set(const std::string& keyword, const std::string& value)
{
	for (auto& p: _parameters)
		if (p.first == keyword)
		{
			p.second = value;
			return;
		}
	_parameters.emplace_back(keyword, value);
}


const std::string& PostgresConfig::get(const std::string& keyword) const
{
	static const std::string none;
	for (const auto& p: _parameters)
		if (p.first == keyword) return p.second;
	return none;
}


const std::string& PostgresConfig::host() const
{
	return get("host");
}


const std::string& PostgresConfig::port() const
{
	return get("port");
}


const std::string& PostgresConfig::database() const
{
	return get("dbname");
}


const std::string& PostgresConfig::username() const
{
	return get("user");
}


const std::string& PostgresConfig::sslMode() const
{
	return get("sslmode");
}


std::string PostgresConfig::redact(std::string text) const
{
	for (const auto& secret: _secrets)
	{
		if (secret.empty()) continue;
		std::size_t pos = 0;
		while ((pos = text.find(secret, pos)) != std::string::npos)
		{
			text.replace(pos, secret.size(), "***");
			pos += 3;
		}
	}
	return text;
}


std::string PostgresConfig::describe() const
{
	return redact("database \"" + database() + "\" on " + host() + ":" + port() + " as user \"" + username() + "\"");
}


json::Value PostgresConfig::spec()
{
	json::Value properties = json::Value::object();
	properties.set("host", scoped(property("string", "Host", "Name or IP address of the PostgreSQL server.")));
	json::Value port = scoped(property("integer", "Port", "TCP port of the server."));
	port.set("default", 5432);
	port.set("minimum", 1);
	port.set("maximum", 65535);
	properties.set("port", port);
	properties.set("database", scoped(property("string", "Database", "Name of the database to connect to.")));
	properties.set("username", scoped(property("string", "Username", "PostgreSQL role to connect as.")));
	json::Value password = property("string", "Password", "Password of the role (empty for trust or certificate authentication).");
	password.set("secret", true);
	properties.set("password", password);
	json::Value sslMode = scoped(property("string", "SSL mode",
		"libpq sslmode: disable, allow, prefer (use SSL when the server offers it), require (SSL, no certificate check), "
		"verify-ca (SSL, server certificate signed by the CA), verify-full (verify-ca and the host name matches)."));
	json::Value modes = json::Value::array();
	for (const auto& m: SSL_MODES) modes.push(m);
	sslMode.set("enum", modes);
	sslMode.set("default", "prefer");
	properties.set("ssl_mode", sslMode);
	json::Value ca = scoped(property("string", "CA certificate",
		"PEM text of the certificate authority that signed the server's certificate, for verify-ca and verify-full."));
	ca.set("secret", false);
	ca.set("multiline", true);
	properties.set("ca_certificate", ca);
	json::Value url = scoped(property("string", "Connection URL",
		"Instead of the fields above: postgres://user:password@host:port/database?sslmode=require, or a libpq "
		"key=value connection string. Fields given as well override its parts."));
	url.set("secret", true);
	properties.set("connection_url", url);
	json::Value timeout = property("integer", "Statement timeout",
		"Seconds a model's query may run before PostgreSQL cancels it (statement_timeout), the read of a sync included.");
	timeout.set("default", DEFAULT_STATEMENT_TIMEOUT_SECONDS);
	timeout.set("minimum", 1);
	timeout.set("maximum", MAX_STATEMENT_TIMEOUT_SECONDS);
	properties.set("statement_timeout", timeout);

	json::Value separate = json::Value::object();
	separate.set("required", json::Value::Array{"host", "database", "username"});
	json::Value byUrl = json::Value::object();
	byUrl.set("required", json::Value::Array{"connection_url"});

	json::Value schema = json::Value::object();
	schema.set("$schema", "https://json-schema.org/draft/2020-12/schema");
	schema.set("type", "object");
	schema.set("properties", properties);
	schema.set("required", json::Value::array());
	schema.set("anyOf", json::Value::Array{separate, byUrl});
	json::Value out = json::Value::object();
	out.set("configuration", schema);
	return out;
}


} } // namespace polytomic::postgres
