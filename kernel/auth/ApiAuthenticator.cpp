//
// ApiAuthenticator.cpp
//


#include "auth/ApiAuthenticator.h"
#include "auth/SecretToken.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Net/NameValueCollection.h"
#include "Poco/String.h"
#include <sstream>


namespace polytomic {
namespace auth {


const std::string ApiAuthenticator::SESSION_COOKIE = "polytomic_session";


namespace
{
	std::string scheme(const std::string& header, const std::string& name)
		/// The credentials after "<name> " in an Authorization header, or "".
	{
		if (header.size() <= name.size() + 1 || Poco::icompare(header.substr(0, name.size() + 1), name + " ") != 0) return "";
		return Poco::trim(header.substr(name.size() + 1));
	}


	std::optional<std::pair<std::string, std::string>> basicCredentials(const std::string& encodedText)
	{
		std::istringstream encoded(encodedText);
		Poco::Base64Decoder decoder(encoded);
		std::string decoded;
		try
		{
			decoded.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
		}
		catch (const Poco::Exception&)
		{
			return std::nullopt;
		}
		const auto colon = decoded.find(':');
		if (colon == std::string::npos) return std::nullopt;
		return std::make_pair(decoded.substr(0, colon), decoded.substr(colon + 1));
	}
}


Principal userPrincipal(const store::UserRecord& user, const std::string& via)
{
	Principal p;
	p.organizationId = user.organizationId;
	p.kind = "user";
	p.role = parseRole(user.role).value_or(Role::VIEWER);
	p.userId = user.id;
	p.email = user.email;
	p.via = via;
	return p;
}


ApiAuthenticator::ApiAuthenticator(store::OrganizationRepository& organizations, store::UserRepository& users,
	store::SessionRepository& sessions, const Params& params):
	_organizations(organizations),
	_users(users),
	_sessions(sessions),
	_params(params)
{
}


std::optional<Principal> ApiAuthenticator::authenticate(const Poco::Net::HTTPServerRequest& request) const
{
	const std::string header = request.get("Authorization", "");
	if (!header.empty())
	{
		const std::string basic = scheme(header, "Basic");
		if (!basic.empty()) return deploymentKey(basic);
		const std::string bearer = scheme(header, "Bearer");
		if (!bearer.empty()) return apiKey(bearer);
		return std::nullopt;
	}
	const std::string sessionId = sessionCookie(request);
	if (!sessionId.empty()) return session(sessionId);
	return std::nullopt;
}


std::optional<Principal> ApiAuthenticator::deploymentKey(const std::string& encoded) const
{
	if (_params.deploymentApiKey.empty()) return std::nullopt;
	auto credentials = basicCredentials(encoded);
	if (!credentials || !equalInConstantTime(credentials->second, _params.deploymentApiKey)) return std::nullopt;
	if (!_organizations.exists(credentials->first)) return std::nullopt;
	Principal p;
	p.organizationId = credentials->first;
	p.kind = "deployment";
	p.role = Role::ADMIN;
	p.via = "basic";
	return p;
}


std::optional<Principal> ApiAuthenticator::apiKey(const std::string& key) const
{
	// Keys are 256-bit random values looked up by their hash: the lookup itself leaks nothing.
	auto owner = _users.findKey(sha256Hex(key));
	if (!owner) return std::nullopt;
	if (owner->user) return userPrincipal(*owner->user, "bearer");
	Principal p;
	p.organizationId = owner->organizationId;
	p.kind = "organization";
	p.role = Role::ADMIN;
	p.via = "bearer";
	return p;
}


std::optional<Principal> ApiAuthenticator::session(const std::string& sessionId) const
{
	const std::string idHash = sha256Hex(sessionId);
	auto found = _sessions.touchSession(idHash, _params.sessionIdleSeconds);
	if (!found) return std::nullopt;
	Principal p = userPrincipal(found->user, "session");
	p.csrfToken = found->csrfToken;
	p.sessionIdHash = idHash;
	return p;
}


bool ApiAuthenticator::presentsGuessableSecret(const Poco::Net::HTTPServerRequest& request)
{
	const std::string header = request.get("Authorization", "");
	return !header.empty() && !scheme(header, "Basic").empty();
}


std::string ApiAuthenticator::sessionCookie(const Poco::Net::HTTPServerRequest& request)
{
	Poco::Net::NameValueCollection cookies;
	request.getCookies(cookies);
	return cookies.get(SESSION_COOKIE, "");
}


} } // namespace polytomic::auth
