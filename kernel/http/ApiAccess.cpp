//
// ApiAccess.cpp
//


#include "http/ApiAccess.h"
#include "http/ApiVersion.h"
#include "http/HttpError.h"
#include "auth/SecretToken.h"
#include "Poco/URI.h"


namespace polytomic {
namespace http {


const std::string ApiAccess::CSRF_HEADER = "X-CSRF-Token";


namespace
{
	bool isRead(const std::string& method)
	{
		return method == "GET" || method == "HEAD" || method == "OPTIONS";
	}


	std::string originOf(const std::string& url)
	{
		try
		{
			Poco::URI uri(url);
			const bool defaultPort = (uri.getScheme() == "https" && uri.getPort() == 443) || (uri.getScheme() == "http" && uri.getPort() == 80);
			return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + std::to_string(uri.getPort()));
		}
		catch (const Poco::Exception&)
		{
			return "";
		}
	}
}


ApiAccess::ApiAccess(const auth::ApiAuthenticator& authenticator, auth::FailureLimiter& failures, AuditTrail* pAudit,
	const std::string& publicUrl):
	_authenticator(authenticator),
	_failures(failures),
	_pAudit(pAudit),
	_publicOrigin(originOf(publicUrl))
{
}


Router::Handler ApiAccess::guard(Handler handler) const
{
	return [this, handler](Exchange& exchange) {
		run(exchange, admit(exchange, std::nullopt), handler);
	};
}


Router::Handler ApiAccess::guard(auth::Role required, Handler handler) const
{
	return [this, required, handler](Exchange& exchange) {
		run(exchange, admit(exchange, required), handler);
	};
}


auth::Principal ApiAccess::admit(Exchange& exchange, std::optional<auth::Role> required) const
{
	const std::string address = exchange.clientAddress();
	// Only a secret that can be guessed is throttled (see ApiAuthenticator::presentsGuessableSecret).
	const bool guessable = auth::ApiAuthenticator::presentsGuessableSecret(exchange.request());
	const auto wait = guessable ? _failures.blockedFor(address) : std::chrono::seconds(0);
	if (wait.count() > 0)
	{
		exchange.response().set("Retry-After", std::to_string(wait.count()));
		throw HttpError(429, "too_many_requests", "too many wrong deployment keys (DEPLOYMENT_API_KEY) from this address; try again in " +
			std::to_string(wait.count()) + " s, or use an API key (Authorization: Bearer), which is not throttled");
	}
	auto principal = _authenticator.authenticate(exchange.request());
	if (!principal)
	{
		if (guessable) _failures.failed(address);
		// A page's own fetch (Sec-Fetch-Dest: empty, which only browsers send) gets no Basic
		// challenge: the browser would open its password dialog over the web UI.
		if (exchange.request().get("Sec-Fetch-Dest", "") != "empty") exchange.response().set("WWW-Authenticate", "Basic realm=\"polytomic\"");
		throw HttpError(401, "unauthorized", "authenticate with Authorization: Bearer <API key>, with Authorization: Basic "
			"base64(<organization id>:<DEPLOYMENT_API_KEY>), or sign in at /auth/login");
	}
	const std::string& method = exchange.request().getMethod();
	const auth::Role needed = required ? *required : auth::requiredRole(method, exchange.route());
	if (!auth::allows(principal->role, needed))
	{
		if (_pAudit && !isRead(method)) _pAudit->recordCall(exchange, *principal, 403);
		throw HttpError(403, "forbidden", "this needs the " + auth::roleName(needed) + " role; you have the " +
			auth::roleName(principal->role) + " role");
	}
	checkCsrf(exchange, *principal);
	return *principal;
}


void ApiAccess::checkCsrf(Exchange& exchange, const auth::Principal& caller) const
{
	// Only a browser sends the cookie by itself; keys and the deployment key cannot be ridden.
	if (caller.via != "session" || isRead(exchange.request().getMethod())) return;
	// Where the request comes from: Origin, or, when a browser leaves it out, the Referer's origin.
	std::string origin = exchange.request().get("Origin", "");
	if (origin.empty() && exchange.request().has("Referer")) origin = originOf(exchange.request().get("Referer"));
	const bool originOk = origin.empty() || origin == _publicOrigin;
	if (!originOk || !auth::equalInConstantTime(exchange.request().get(CSRF_HEADER, ""), caller.csrfToken))
	{
		if (_pAudit) _pAudit->recordCall(exchange, caller, 403);
		throw HttpError(403, "csrf_failed", originOk
			? "a signed-in write needs the session's CSRF token in the " + CSRF_HEADER + " header (GET /api/me gives it)"
			: "the request comes from another site (" + origin + "), not " + _publicOrigin);
	}
}


void ApiAccess::setIdempotency(Idempotency* pIdempotency)
{
	_pIdempotency = pIdempotency;
}


void ApiAccess::invoke(Exchange& exchange, const auth::Principal& caller, const Handler& handler) const
{
	if (_pIdempotency && exchange.request().getMethod() == Poco::Net::HTTPRequest::HTTP_POST)
		_pIdempotency->run(exchange, caller, [&] { handler(exchange, caller); });
	else
		handler(exchange, caller);
}


void ApiAccess::run(Exchange& exchange, const auth::Principal& caller, const Handler& handler) const
{
	ApiVersion::check(exchange);
	if (!_pAudit || isRead(exchange.request().getMethod()))
	{
		invoke(exchange, caller, handler);
		return;
	}
	try
	{
		invoke(exchange, caller, handler);
	}
	catch (...)
	{
		_pAudit->recordCall(exchange, caller, AuditTrail::statusOf(std::current_exception()));
		throw;
	}
	_pAudit->recordCall(exchange, caller, exchange.response().getStatus());
}


} } // namespace polytomic::http
