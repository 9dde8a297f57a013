//
// ConnectionTokens.cpp
//


#include "engine/ConnectionTokens.h"
#include "engine/ConnectionService.h"
#include "engine/EngineError.h"
#include "plugins/HttpClient.h"
#include "Poco/Base64Encoder.h"
#include "Poco/URI.h"
#include <algorithm>
#include <ctime>
#include <mutex>
#include <sstream>


namespace polytomic {
namespace engine {


namespace
{
	std::string formEncoded(const std::map<std::string, std::string>& form)
		/// application/x-www-form-urlencoded (the token endpoint's body, RFC 6749 §4.1.3).
	{
		std::string body;
		for (const auto& [name, value]: form)
		{
			std::string encoded;
			Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
			body += (body.empty() ? "" : "&") + name + "=" + encoded;
		}
		return body;
	}


	std::string base64(const std::string& text)
	{
		std::ostringstream out;
		Poco::Base64Encoder encoder(out);
		encoder.rdbuf()->setLineLength(0);
		encoder << text;
		encoder.close();
		return out.str();
	}


	std::string providerReason(const json::Value& answer, int status)
		/// RFC 6749 §5.2 ("error", "error_description") or HubSpot's ("status", "message").
	{
		std::string reason = answer.getString("error", answer.getString("status"));
		const std::string detail = answer.getString("error_description", answer.getString("message"));
		if (!detail.empty()) reason += (reason.empty() ? "" : ": ") + detail;
		return reason.empty() ? "HTTP " + std::to_string(status) : reason;
	}


	bool refreshTokenRefused(const json::Value& answer, int status)
		/// The provider will never take this refresh token again: the user must sign in again.
	{
		const std::string error = answer.getString("error"), hubspot = answer.getString("status");
		return (status == 400 || status == 401) && (error == "invalid_grant" || hubspot == "BAD_REFRESH_TOKEN");
	}


	long long now()
	{
		return static_cast<long long>(std::time(nullptr));
	}


	class WorkTokens: public plugins::AccessTokens
		/// The access tokens of one unit of work's connections, by role.
	{
	public:
		WorkTokens(ConnectionTokens& tokens, std::map<std::string, store::ConnectionRecord> roles):
			_tokens(tokens), _roles(std::move(roles))
		{
		}

		Grant grant(const std::string& role, const std::string& rejected) override
		{
			auto it = _roles.find(role);
			if (it == _roles.end()) throw std::runtime_error("no connection of this work signs in with OAuth as " + (role.empty() ? "its connector" : role));
			return _tokens.grant(it->second, rejected);
		}

	private:
		ConnectionTokens& _tokens;
		std::map<std::string, store::ConnectionRecord> _roles;
	};
}


ConnectionTokens::ConnectionTokens(ConnectionService& connections, store::ConnectionTokenRepository& tokens, const store::SecretBox& secrets,
	config::Environment environment, std::string polytomicUrl):
	_connections(connections),
	_tokens(tokens),
	_secrets(secrets),
	_environment(std::move(environment)),
	_polytomicUrl(std::move(polytomicUrl))
{
}


std::optional<OAuthSpec> ConnectionTokens::oauthOf(const std::string& type)
{
	try
	{
		return OAuthSpec::of(type, _connections.specFor(type), _environment);
	}
	catch (const std::invalid_argument& e)
	{
		throw CheckFailed("connector '" + type + "' declares its OAuth sign-in wrongly (" + e.what() + "); its author must fix its spec");
	}
}


std::string ConnectionTokens::publicUrl() const
{
	return _polytomicUrl;
}


std::string ConnectionTokens::redirectUri(const std::string& type) const
{
	return _polytomicUrl + "/connect/" + type;
}


json::Value ConnectionTokens::post(const OAuthSpec& spec, std::map<std::string, std::string> form, int& status)
{
	plugins::HttpClient::Request request;
	request.method = "POST";
	request.url = spec.tokenUrl;
	request.timeout = std::chrono::seconds(15);
	request.headers["Content-Type"] = "application/x-www-form-urlencoded";
	request.headers["Accept"] = "application/json";
	if (spec.basicAuthentication) request.headers["Authorization"] = "Basic " + base64(spec.clientId + ":" + spec.clientSecret);
	else
	{
		form["client_id"] = spec.clientId;
		form["client_secret"] = spec.clientSecret;
	}
	request.body = formEncoded(form);
	// A code is good once: the request is never repeated after it may have reached the provider.
	plugins::HttpClient client;
	const plugins::HttpClient::Response response = client.send(request);
	status = response.status;
	if (status == 0) throw CheckFailed("the OAuth provider's token endpoint did not answer (" + response.error + "); try again");
	try
	{
		return json::Value::parse(response.body);
	}
	catch (const json::ParseError&)
	{
		throw CheckFailed("the OAuth provider's token endpoint answered HTTP " + std::to_string(status) + " without JSON; try again");
	}
}


json::Value ConnectionTokens::exchange(const OAuthSpec& spec, const std::string& code, const std::optional<std::string>& codeVerifier)
{
	spec.requireApp();
	std::map<std::string, std::string> form{{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirectUri(spec.type)}};
	if (codeVerifier) form["code_verifier"] = *codeVerifier;
	int status = 0;
	const json::Value answer = post(spec, form, status);
	if (status != 200 || !answer["access_token"].isString())
		throw CheckFailed("the OAuth provider refused the sign-in (" + providerReason(answer, status) + "); start it again");
	return answer;
}


json::Value ConnectionTokens::clientCredentials(const OAuthSpec& spec)
{
	spec.requireApp();
	int status = 0;
	const json::Value answer = post(spec, {{"grant_type", "client_credentials"}}, status);
	if (status != 200 || !answer["access_token"].isString())
		throw CheckFailed("the OAuth provider refused the app's client credentials (" + providerReason(answer, status) + "); check that the "
			"app allows the client credentials flow and has a run-as user, and that " + OAuthSpec::variablePrefix(spec.type) + "_CLIENT_ID and " +
			OAuthSpec::variablePrefix(spec.type) + "_CLIENT_SECRET are its consumer key and secret");
	return answer;
}


OAuthSpec ConnectionTokens::specOf(const store::ConnectionRecord& connection)
{
	const std::optional<OAuthSpec> spec = oauthOf(connection.type);
	if (!spec) throw std::runtime_error("connection type " + connection.type + " does not sign in with OAuth");
	return spec->forConnection(connection.configuration.empty() ? json::Value::object() : json::Value::parse(connection.configuration));
}


json::Value ConnectionTokens::keptFields(const OAuthSpec& spec, const json::Value& answer, const json::Value& stored) const
{
	json::Value fields = stored.isObject() ? stored : json::Value::object();
	for (const auto& name: spec.tokenFields)
		if (answer[name].isString()) fields.set(name, answer.getString(name));
	return fields;
}


std::optional<store::ConnectionTokens> ConnectionTokens::credentialsGrant(const OAuthSpec& spec, const json::Value& tokens, std::string& refused)
	/// A new access token for the app's own credentials: a client credentials grant gives no refresh token.
{
	spec.requireApp();
	int status = 0;
	const json::Value answer = post(spec, {{"grant_type", "client_credentials"}}, status);
	if ((status == 400 || status == 401) && !answer["access_token"].isString())
	{
		refused = "the provider refused the app's client credentials (" + providerReason(answer, status) + "): the app, its secret or its run-as user changed";
		return std::nullopt;
	}
	if (status != 200 || !answer["access_token"].isString())
		throw CheckFailed("the OAuth provider gave no access token for the app's client credentials (" + providerReason(answer, status) + "); try again");
	json::Value kept = tokens.isObject() ? tokens : json::Value::object();
	kept.set("access_token", answer.getString("access_token"));
	kept.set("refresh_token", "");
	kept.set("token_type", answer.getString("token_type", "bearer"));
	kept.set("scope", answer.getString("scope"));
	const long long lifetime = answer["expires_in"].isNumber() ? answer["expires_in"].asInt64() : spec.defaultLifetimeSeconds;
	kept.set("lifetime", static_cast<long long>(lifetime));
	kept.set("fields", keptFields(spec, answer, kept["fields"]));
	store::ConnectionTokens t;
	t.tokens = _secrets.encrypt(kept.dump());
	t.expiresAt = now() + lifetime;
	return t;
}


void ConnectionTokens::signIn(json::Value& configuration, const store::ConnectionRecord& connection)
{
	configuration.set("access_token", grant(connection).accessToken);
	const std::optional<store::ConnectionTokens> stored = _tokens.find(connection.id);
	if (!stored) return;
	const json::Value fields = json::Value::parse(_secrets.decrypt(stored->tokens))["fields"];
	if (fields.isObject())
		for (const auto& [name, value]: fields.members()) configuration.set(name, value);
}


void ConnectionTokens::store(const std::string& connectionId, const OAuthSpec& spec, const json::Value& answer)
{
	_tokens.update(connectionId, [&](const std::optional<store::ConnectionTokens>& stored) {
		json::Value kept = json::Value::object();
		kept.set("access_token", answer.getString("access_token"));
		std::string refresh = answer.getString("refresh_token");
		const json::Value before = stored ? json::Value::parse(_secrets.decrypt(stored->tokens)) : json::Value::object();
		if (refresh.empty()) refresh = before.getString("refresh_token");
		kept.set("refresh_token", refresh);
		kept.set("fields", keptFields(spec, answer, before["fields"]));
		kept.set("token_type", answer.getString("token_type", "bearer"));
		kept.set("scope", answer.getString("scope"));
		const long long lifetime = answer["expires_in"].isNumber() ? answer["expires_in"].asInt64() : spec.defaultLifetimeSeconds;
		kept.set("lifetime", static_cast<long long>(lifetime));
		store::ConnectionTokens t;
		t.tokens = _secrets.encrypt(kept.dump());
		t.expiresAt = now() + lifetime;
		return std::optional<store::ConnectionTokens>(t);
	});
}


std::string ConnectionTokens::reconnectMessage(const store::ConnectionRecord& connection, const std::string& why)
{
	return "connection '" + connection.name + "' (" + connection.type + ") must be signed in again: " + why +
		"; reconnect it (connections.connect with its id as connection, or 'Sign in again' on the connection's page)";
}


plugins::AccessTokens::Grant ConnectionTokens::grant(const store::ConnectionRecord& connection, const std::string& rejected)
{
	// Two threads of one worker asking together refresh once: the second finds the new token under the row lock.
	if (connection.status == "reconnect") throw ReconnectRequired(connection.statusError.value_or(reconnectMessage(connection, "its sign-in was refused")));
	const std::optional<OAuthSpec> spec = specOf(connection);
	const bool byCredentials = spec->usesClientCredentials(connection.configuration.empty() ? json::Value::object() :
		json::Value::parse(connection.configuration));
	std::string refused;
	std::optional<store::ConnectionTokens> held = _tokens.update(connection.id, [&](const std::optional<store::ConnectionTokens>& stored)
		-> std::optional<store::ConnectionTokens> {
		if (!stored && !byCredentials) return std::nullopt;
		const json::Value tokens = stored ? json::Value::parse(_secrets.decrypt(stored->tokens)) : json::Value::object();
		const long long lifetime = tokens.getInt64("lifetime", spec->defaultLifetimeSeconds);
		const long long margin = std::min(spec->refreshMarginSeconds, lifetime / 4);
		const bool expiring = !stored || (stored->expiresAt && now() >= *stored->expiresAt - margin);
		const bool wasRejected = !rejected.empty() && tokens.getString("access_token") == rejected;
		if (!expiring && !wasRejected) return std::nullopt;
		if (tokens.getString("refresh_token").empty() && byCredentials) return credentialsGrant(*spec, tokens, refused);
		if (tokens.getString("refresh_token").empty())
		{
			refused = "its access token expired and the provider gave no refresh token";
			return std::nullopt;
		}
		spec->requireApp();
		int status = 0;
		const json::Value answer = post(*spec, {{"grant_type", "refresh_token"}, {"refresh_token", tokens.getString("refresh_token")},
			{"redirect_uri", redirectUri(spec->type)}}, status);
		if (refreshTokenRefused(answer, status))
		{
			refused = "the provider refused its refresh token (" + providerReason(answer, status) + "): access was revoked or the app removed";
			return std::nullopt;
		}
		if (status != 200 || !answer["access_token"].isString())
			throw CheckFailed("the OAuth provider did not refresh the access token of connection '" + connection.name + "' (" +
				providerReason(answer, status) + "); try again");
		json::Value kept = tokens;
		kept.set("access_token", answer.getString("access_token"));
		if (answer["refresh_token"].isString()) kept.set("refresh_token", answer.getString("refresh_token"));
		kept.set("fields", keptFields(*spec, answer, tokens["fields"]));
		const long long renewed = answer["expires_in"].isNumber() ? answer["expires_in"].asInt64() : spec->defaultLifetimeSeconds;
		kept.set("lifetime", static_cast<long long>(renewed));
		store::ConnectionTokens t;
		t.tokens = _secrets.encrypt(kept.dump());
		t.expiresAt = now() + renewed;
		return t;
	});
	if (!held && refused.empty()) refused = "it has not been signed in yet";
	if (!refused.empty())
	{
		const std::string message = reconnectMessage(connection, refused);
		_tokens.setStatus(connection.id, "reconnect", message);
		throw ReconnectRequired(message);
	}
	const json::Value tokens = json::Value::parse(_secrets.decrypt(held->tokens));
	const long long lifetime = tokens.getInt64("lifetime", spec->defaultLifetimeSeconds);
	plugins::AccessTokens::Grant g;
	g.accessToken = tokens.getString("access_token");
	g.validSeconds = held->expiresAt ? std::max(0LL, *held->expiresAt - std::min(spec->refreshMarginSeconds, lifetime / 4) - now()) : 300;
	return g;
}


std::unique_ptr<plugins::AccessTokens> ConnectionTokens::forWork(const std::map<std::string, store::ConnectionRecord>& roles)
{
	std::map<std::string, store::ConnectionRecord> oauth;
	for (const auto& [role, connection]: roles)
		if (oauthOf(connection.type)) oauth.emplace(role, connection);
	if (oauth.empty()) return nullptr;
	return std::make_unique<WorkTokens>(*this, std::move(oauth));
}


json::Value runSignedIn(const plugins::Executor& executor, const json::Value& request, const std::atomic<bool>* cancel,
	plugins::LedgerKeeper* ledger, plugins::AccessTokens* tokens)
{
	try
	{
		return executor.run(request, cancel, ledger, tokens);
	}
	catch (const plugins::ExecutorFailure&)
	{
		throw; // cancelled, crashed, timed out: not the sign-in's doing
	}
	catch (const std::exception&)
	{
		if (tokens && !tokens->refusal().empty()) throw ReconnectRequired(tokens->refusal());
		throw;
	}
}


} } // namespace polytomic::engine
