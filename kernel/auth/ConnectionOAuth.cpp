//
// ConnectionOAuth.cpp
//


#include "auth/ConnectionOAuth.h"
#include "auth/SecretToken.h"
#include "engine/EngineError.h"
#include "Poco/URI.h"


namespace polytomic {
namespace auth {


namespace
{
	std::string queryValue(const std::string& value)
	{
		std::string encoded;
		Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
		return encoded;
	}


	std::string withQuery(const std::string& url, const std::string& query)
	{
		const auto hash = url.find('#');
		const std::string base = url.substr(0, hash);
		return base + (base.find('?') == std::string::npos ? "?" : "&") + query + (hash == std::string::npos ? "" : url.substr(hash));
	}


	std::string joined(const std::vector<std::string>& items, const std::string& separator)
	{
		std::string out;
		for (const auto& item: items) out += (out.empty() ? "" : separator) + item;
		return out;
	}



	void requireReturnUrl(const std::string& url)
	{
		if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
			throw engine::ValidationError("redirect_url must be an http(s) URL", {{"redirect_url", "must be the http(s) URL to return to"}});
	}
}


ConnectionOAuth::ConnectionOAuth(engine::ConnectionService& connections, engine::ConnectionTokens& tokens, store::OAuthStateRepository& states,
	const store::SecretBox& secrets):
	_connections(connections),
	_tokens(tokens),
	_states(states),
	_secrets(secrets)
{
}


std::string ConnectionOAuth::startedBy(const Principal& caller)
{
	return caller.isUser() ? "user:" + caller.userId : caller.kind + ":" + caller.organizationId;
}


std::string ConnectionOAuth::authorizeUrl(const engine::OAuthSpec& spec, const std::string& state, const std::optional<std::string>& verifier) const
{
	std::string query = "response_type=code&client_id=" + queryValue(spec.clientId) + "&redirect_uri=" + queryValue(_tokens.redirectUri(spec.type));
	if (!spec.scopes.empty()) query += "&" + spec.scopeParameter + "=" + queryValue(joined(spec.scopes, spec.scopeSeparator));
	if (!spec.optionalScopes.empty()) query += "&optional_" + spec.scopeParameter + "=" + queryValue(joined(spec.optionalScopes, spec.scopeSeparator));
	for (const auto& [name, value]: spec.authorizeParameters) query += "&" + queryValue(name) + "=" + queryValue(value);
	query += "&state=" + queryValue(state);
	if (verifier) query += "&code_challenge=" + codeChallenge(*verifier) + "&code_challenge_method=S256";
	return withQuery(spec.authorizeUrl, query);
}


ConnectionOAuth::Begun ConnectionOAuth::start(const Principal& caller, const Start& in)
{
	requireReturnUrl(in.returnUrl);
	std::optional<store::ConnectionRecord> existing;
	if (in.connectionId) existing = _connections.get(caller.organizationId, *in.connectionId);
	const std::string type = existing ? existing->type : in.type;
	if (type.empty()) throw engine::ValidationError("say which connection type to sign in to", {{"type", "is required (a connection type id)"}});
	if (existing && !in.type.empty() && in.type != existing->type)
		throw engine::ValidationError("the connection is of another type", {{"type", "is not the type of connection " + existing->id}});
	_connections.schemaFor(type); // an unknown type is a ValidationError
	const std::optional<engine::OAuthSpec> declared = _tokens.oauthOf(type);
	if (!declared)
		throw engine::ValidationError("connection type '" + type + "' does not sign in with OAuth; create the connection with POST /api/connections "
			"and its configuration (GET /api/connection_types/" + type + " describes it)", {{"type", "does not sign in with OAuth"}});
	const json::Value configuration = existing ? json::Value::parse(existing->configuration) :
		in.configuration.isObject() ? in.configuration : json::Value::object();
	const std::optional<engine::OAuthSpec> spec = declared->forConnection(configuration);
	spec->requireApp();
	if (spec->usesClientCredentials(configuration)) return connectDirectly(caller, *spec, in, existing);

	Begun begun;
	begun.state = randomToken(32);
	begun.connection = existing;
	const std::optional<std::string> verifier = spec->pkce ? std::optional<std::string>(randomToken(48)) : std::nullopt;
	store::OAuthState state;
	state.stateHash = sha256Hex(begun.state);
	state.organizationId = caller.organizationId;
	state.startedBy = startedBy(caller);
	state.connectionType = type;
	state.connectionId = in.connectionId;
	state.name = existing ? existing->name : in.name;
	state.configuration = in.configuration.isObject() ? in.configuration.dump() : "{}";
	state.returnUrl = in.returnUrl;
	if (verifier) state.codeVerifier = _secrets.encrypt(*verifier);
	_states.create(state, STATE_LIFETIME_SECONDS);
	begun.authUrl = authorizeUrl(*spec, begun.state, verifier);
	return begun;
}


ConnectionOAuth::Begun ConnectionOAuth::connectDirectly(const Principal& caller, const engine::OAuthSpec& spec, const Start& in,
	const std::optional<store::ConnectionRecord>& existing)
{
	Begun begun;
	begun.connection = existing;
	std::string query;
	try
	{
		const json::Value answer = _tokens.clientCredentials(spec);
		if (!begun.connection)
		{
			engine::ConnectionService::Input input;
			input.name = in.name;
			input.type = spec.type;
			input.configuration = in.configuration.isObject() ? in.configuration : json::Value::object();
			input.validate = false;
			begun.connection = _connections.create(caller.organizationId, input);
		}
		_tokens.store(begun.connection->id, spec, answer);
		begun.connection = _connections.signedIn(caller.organizationId, begun.connection->id);
		query = "connection_id=" + begun.connection->id + "&status=" + queryValue(begun.connection->status);
		if (begun.connection->statusError) query += "&error=" + queryValue(*begun.connection->statusError);
	}
	catch (const engine::CheckFailed& e)
	{
		// A refused sign-in of a new connection creates nothing: the caller fixes the app and tries again.
		if (!begun.connection) throw;
		query = "connection_id=" + begun.connection->id + "&status=" + queryValue(begun.connection->status) + "&error=" + queryValue(e.what());
	}
	begun.authUrl = withQuery(in.returnUrl, query);
	return begun;
}


void ConnectionOAuth::requireReady(const std::string& type)
{
	if (auto spec = _tokens.oauthOf(type)) spec->requireApp();
}


ConnectionOAuth::Begun ConnectionOAuth::startFor(const Principal& caller, const store::ConnectionRecord& connection, const std::string& returnUrl)
{
	Start in;
	in.type = connection.type;
	in.connectionId = connection.id;
	in.returnUrl = returnUrl.empty() ? _tokens.publicUrl() + "/" : returnUrl;
	return start(caller, in);
}


ConnectionOAuth::Finished ConnectionOAuth::finish(const Principal& caller, const std::string& type, const std::string& state,
	const std::string& code, const std::string& providerError)
{
	if (state.empty()) throw ConnectRefused(400, "oauth_state_missing", "the provider's redirect carries no state; start the connection again");
	store::OAuthState claimed;
	switch (_states.claim(sha256Hex(state), startedBy(caller), claimed))
	{
	case store::OAuthStateRepository::Claim::CLAIMED: break;
	case store::OAuthStateRepository::Claim::ANOTHER_USER:
		throw ConnectRefused(403, "oauth_state_not_yours", "this sign-in was started by another user; start your own with the Connect button");
	case store::OAuthStateRepository::Claim::USED:
		throw ConnectRefused(409, "oauth_state_used", "this sign-in was finished already (a state is used once); start the connection again");
	case store::OAuthStateRepository::Claim::EXPIRED:
		throw ConnectRefused(400, "oauth_state_expired", "this sign-in expired (after " + std::to_string(STATE_LIFETIME_SECONDS / 60) +
			" minutes); start the connection again");
	default:
		throw ConnectRefused(400, "oauth_state_unknown", "this sign-in is not known to this server; start the connection again");
	}
	if (claimed.connectionType != type)
		throw ConnectRefused(400, "oauth_state_other_type", "this sign-in is for a " + claimed.connectionType + " connection, not " + type);

	Finished finished;
	const auto failed = [&](const std::string& error) {
		std::string query = "error=" + queryValue(error);
		if (finished.connection) query = "connection_id=" + finished.connection->id + "&status=" + queryValue(finished.connection->status) + "&" + query;
		finished.returnUrl = withQuery(claimed.returnUrl, query);
		return finished;
	};
	if (claimed.connectionId) finished.connection = _connections.get(claimed.organizationId, *claimed.connectionId);
	if (!providerError.empty()) return failed("the provider did not sign in: " + providerError);
	if (code.empty()) return failed("the provider's redirect carries no code");
	try
	{
		const engine::OAuthSpec spec = finished.connection ? _tokens.specOf(*finished.connection) :
			_tokens.oauthOf(type)->forConnection(json::Value::parse(claimed.configuration));
		const json::Value answer = _tokens.exchange(spec, code, claimed.codeVerifier ? std::optional<std::string>(_secrets.decrypt(*claimed.codeVerifier))
			: std::nullopt);
		if (!finished.connection)
		{
			engine::ConnectionService::Input input;
			input.name = claimed.name;
			input.type = type;
			input.configuration = json::Value::parse(claimed.configuration);
			input.validate = false;
			finished.connection = _connections.create(claimed.organizationId, input);
		}
		_tokens.store(finished.connection->id, spec, answer);
		finished.connection = _connections.signedIn(claimed.organizationId, finished.connection->id);
	}
	catch (const std::exception& e)
	{
		return failed(e.what());
	}
	std::string query = "connection_id=" + finished.connection->id + "&status=" + queryValue(finished.connection->status);
	if (finished.connection->statusError) query += "&error=" + queryValue(*finished.connection->statusError);
	finished.returnUrl = withQuery(claimed.returnUrl, query);
	return finished;
}


} } // namespace polytomic::auth
