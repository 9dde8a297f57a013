//
// SignInService.cpp
//


#include "auth/SignInService.h"
#include "auth/SecretToken.h"
#include "auth/SignInRefused.h"
#include "engine/EngineError.h"
#include "Poco/String.h"
#include <algorithm>


namespace polytomic {
namespace auth {


SignInService::SignInService(store::UserRepository& users, store::SessionRepository& sessions, const Params& params):
	_users(users),
	_sessions(sessions),
	_params(params)
{
}


void SignInService::addProvider(const OidcProvider& provider)
{
	_clients[provider.name] = std::make_shared<OidcClient>(provider);
}


std::vector<OidcProvider> SignInService::providers() const
{
	std::vector<OidcProvider> out;
	for (const auto& [name, client]: _clients) out.push_back(client->provider());
	return out;
}


std::string SignInService::redirectUri() const
{
	return _params.publicUrl + "/auth";
}


SignInService::Start SignInService::begin(const std::string& providerName)
{
	auto it = _clients.find(providerName);
	if (it == _clients.end()) throw engine::NotFound("no sign-in method " + providerName);
	store::PendingSignIn pending{providerName, randomToken(32), randomToken(48)};
	Start start;
	start.state = randomToken(32);
	// Google narrows the account chooser to the domain when there is exactly one.
	const std::string hostedDomain = providerName == "google" && _params.allowedDomains.size() == 1 ? _params.allowedDomains[0] : "";
	start.redirectUrl = it->second->authorizationUrl(redirectUri(), start.state, pending.nonce, codeChallenge(pending.codeVerifier), hostedDomain);
	if (!_sessions.savePending(sha256Hex(start.state), pending, _params.pendingSeconds, _params.maxPending))
		throw ProviderUnavailable("too many sign-ins are under way at once; try again in a few minutes");
	return start;
}


store::UserRecord SignInService::complete(const std::string& state, const std::string& code, std::string& providerName)
{
	auto pending = _sessions.takePending(sha256Hex(state));
	if (!pending) throw SignInRefused("unknown_state", "this sign-in has expired or was already completed; start again");
	providerName = pending->provider;
	auto it = _clients.find(pending->provider);
	if (it == _clients.end()) throw SignInRefused("unknown_state", "this sign-in method is no longer enabled; start again");
	OidcClient& client = *it->second;
	const OidcClient::Tokens tokens = client.exchangeCode(code, pending->codeVerifier, redirectUri());
	const IdTokenClaims claims = client.withUserInfo(client.verify(tokens.idToken, pending->nonce), tokens.accessToken);
	checkEmail(claims);
	checkDomain(client.provider(), claims);
	auto user = _users.findByEmail(claims.email);
	if (!user)
		throw SignInRefused("unknown_user", claims.email + " is not a user of this Polytomic; ask an admin of your organization to add you",
			claims.email);
	return *user;
}


void SignInService::checkEmail(const IdTokenClaims& claims)
{
	if (claims.email.empty())
		throw SignInRefused("no_email", "the identity provider did not share your email address; allow the \"email\" scope and try again");
	if (!claims.emailVerified)
		throw SignInRefused("unverified_email", "your email address " + claims.email + " is not verified by the identity provider", claims.email);
}


void SignInService::checkDomain(const OidcProvider& provider, const IdTokenClaims& claims) const
{
	if (_params.allowedDomains.empty()) return;
	// Google names the Workspace domain an account belongs to (hd); elsewhere the email's domain is what we have.
	const std::string domain = provider.name == "google" ? claims.hostedDomain : claims.email.substr(claims.email.find('@') + 1);
	if (std::find(_params.allowedDomains.begin(), _params.allowedDomains.end(), domain) != _params.allowedDomains.end()) return;
	throw SignInRefused("wrong_domain", "sign-in is limited to accounts of " + Poco::cat(std::string(", "), _params.allowedDomains.begin(),
		_params.allowedDomains.end()) + "; " + claims.email + " is not one", claims.email);
}


std::string SignInService::createLink(const std::string& email)
{
	auto user = _users.findByEmail(Poco::toLower(Poco::trim(email)));
	if (!user) throw engine::NotFound("no user " + email + "; ROOT_USER and the users an admin added can sign in");
	const std::string token = randomToken(32);
	_sessions.createLink(sha256Hex(token), user->id, _params.linkSeconds);
	return _params.publicUrl + "/auth/link?token=" + token;
}


store::UserRecord SignInService::useLink(const std::string& token)
{
	auto user = token.empty() ? std::nullopt : _sessions.useLink(sha256Hex(token));
	if (!user) throw SignInRefused("link_invalid", "this sign-in link has expired or was already used; ask for a new one");
	return *user;
}


OpenedSession SignInService::openSession(const store::UserRecord& user, const std::string& method)
{
	OpenedSession session{randomToken(32), randomToken(32), user};
	_sessions.purgeExpired();
	_sessions.createSession(sha256Hex(session.id), user.id, session.csrfToken, method, _params.sessionLifetimeSeconds);
	return session;
}


void SignInService::closeSession(const std::string& sessionIdHash)
{
	_sessions.removeSession(sessionIdHash);
}


std::vector<OidcProvider> configuredProviders(const config::Settings& settings)
{
	std::vector<OidcProvider> providers;
	if (settings.authMethods.count("google") && !settings.googleClientId.empty())
	{
		OidcProvider google{"google", "Google", settings.googleIssuer, settings.googleClientId, settings.googleClientSecret, {}};
		// Google's ID tokens name their issuer with or without the scheme.
		if (settings.googleIssuer == "https://accounts.google.com") google.extraIssuers.push_back("accounts.google.com");
		providers.push_back(google);
	}
	if (settings.authMethods.count("oidc") && !settings.oidcIssuer.empty())
		providers.push_back(OidcProvider{"oidc", "single sign-on", settings.oidcIssuer, settings.oidcClientId, settings.oidcClientSecret, {}});
	return providers;
}


} } // namespace polytomic::auth
