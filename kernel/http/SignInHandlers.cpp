//
// SignInHandlers.cpp
//


#include "http/SignInHandlers.h"
#include "http/ApiAccess.h"
#include "http/HttpError.h"
#include "auth/SecretToken.h"
#include "auth/SignInRefused.h"
#include "engine/EngineError.h"
#include "telemetry/ErrorText.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/Net/HTTPCookie.h"
#include "Poco/Net/NameValueCollection.h"


namespace polytomic {
namespace http {


const std::string SignInHandlers::STATE_COOKIE = "polytomic_signin";


std::string htmlEscape(const std::string& text)
{
	std::string out;
	for (char c: text)
	{
		switch (c)
		{
		case '&': out += "&amp;"; break;
		case '<': out += "&lt;"; break;
		case '>': out += "&gt;"; break;
		case '"': out += "&quot;"; break;
		case '\'': out += "&#39;"; break;
		default: out += c;
		}
	}
	return out;
}


std::string htmlPage(const std::string& title, const std::string& bodyHtml)
{
	return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
		"<title>" + htmlEscape(title) + " - Polytomic</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;"
		"padding:0 1rem;color:#222}a.button{display:block;margin:.5rem 0;padding:.7rem 1rem;border:1px solid #888;border-radius:.4rem;"
		"text-decoration:none;color:#222;text-align:center}</style></head><body><h1>" + htmlEscape(title) + "</h1>\n" + bodyHtml +
		"\n</body></html>\n";
}


namespace
{
	std::string cookie(const Poco::Net::HTTPServerRequest& request, const std::string& name)
	{
		Poco::Net::NameValueCollection cookies;
		request.getCookies(cookies);
		return cookies.get(name, "");
	}


	void noStore(Exchange& exchange)
		/// Sign-in answers carry codes and tokens in their URLs: never cached, never in a Referer.
	{
		exchange.response().set("Cache-Control", "no-store");
		exchange.response().set("Referrer-Policy", "no-referrer");
	}


	void sendHtml(Exchange& exchange, int status, const std::string& html)
	{
		noStore(exchange);
		exchange.response().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
		exchange.response().setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
		exchange.response().setContentType("text/html; charset=utf-8");
		exchange.response().sendBuffer(html.data(), html.size());
	}
}


SignInHandlers::SignInHandlers(auth::SignInService& signIn, const auth::ApiAuthenticator& authenticator, auth::FailureLimiter& failures,
	AuditTrail& audit, const Params& params):
	_signIn(signIn),
	_authenticator(authenticator),
	_failures(failures),
	_audit(audit),
	_params(params),
	_logger(Poco::Logger::get("polytomic.auth"))
{
}


void SignInHandlers::registerRoutes(Router& router)
{
	router.add("GET", "/auth/login", [this](Exchange& e) { loginPage(e); });
	router.add("GET", "/auth/login/{provider}", [this](Exchange& e) { start(e); });
	router.add("GET", "/auth", [this](Exchange& e) { callback(e); });
	if (_params.linksEnabled) router.add("GET", "/auth/link", [this](Exchange& e) { link(e); });
	router.add("POST", "/auth/logout", [this](Exchange& e) { logout(e); });
}


void SignInHandlers::setCookie(Exchange& exchange, const std::string& name, const std::string& value, const std::string& path, int maxAge)
{
	Poco::Net::HTTPCookie c(name, value);
	c.setPath(path);
	c.setHttpOnly(true);
	c.setSecure(_params.secureCookies);
	c.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
	c.setMaxAge(maxAge);
	exchange.response().addCookie(c);
}


void SignInHandlers::refuse(Exchange& exchange, int status, const std::string& title, const std::string& message)
{
	sendHtml(exchange, status, htmlPage(title, "<p>" + htmlEscape(message) + "</p><p><a class=\"button\" href=\"" +
		htmlEscape(_params.publicUrl) + "/auth/login\">Back to sign-in</a></p>"));
}


void SignInHandlers::loginPage(Exchange& exchange)
{
	std::string body;
	for (const auto& provider: _signIn.providers())
	{
		body += "<a class=\"button\" href=\"" + htmlEscape(_params.publicUrl) + "/auth/login/" + htmlEscape(provider.name) + "\">Sign in with " +
			htmlEscape(provider.displayName) + "</a>\n";
	}
	if (_params.linksEnabled)
	{
		body += "<p>Or sign in with a one-time link: whoever runs the server gets one with "
			"<code>polytomic login-link you@example.com</code>.</p>";
	}
	if (body.empty()) body = "<p>No sign-in method is enabled: the operator sets AUTH_METHODS.</p>";
	sendHtml(exchange, 200, htmlPage("Sign in", body));
}


void SignInHandlers::start(Exchange& exchange)
{
	try
	{
		auto begun = _signIn.begin(exchange.parameter("provider"));
		setCookie(exchange, STATE_COOKIE, begun.state, "/auth", 600);
		noStore(exchange);
		exchange.redirect(302, begun.redirectUrl);
	}
	catch (const engine::NotFound&)
	{
		refuse(exchange, 404, "Sign-in method not enabled", "This sign-in method is not enabled on this server.");
	}
	catch (const auth::ProviderUnavailable& e)
	{
		_logger.error(std::string("sign-in: ") + e.what());
		refuse(exchange, 502, "Sign-in unavailable", std::string("The identity provider cannot be reached right now; try again shortly. (") +
			e.what() + ")");
	}
}


void SignInHandlers::callback(Exchange& exchange)
{
	const std::string providerError = exchange.query("error");
	if (!providerError.empty())
	{
		refuse(exchange, 403, "Sign-in canceled", "The identity provider did not sign you in (" + providerError + "). You can try again.");
		return;
	}
	signIn(exchange, [&](std::string& method) {
		method = "oidc";
		const std::string state = exchange.query("state");
		if (state.empty() || !auth::equalInConstantTime(cookie(exchange.request(), STATE_COOKIE), state))
			throw auth::SignInRefused("state_mismatch", "this sign-in was started in another browser, or it expired; start again");
		return _signIn.complete(state, exchange.query("code"), method);
	});
}


void SignInHandlers::link(Exchange& exchange)
{
	signIn(exchange, [&](std::string& method) {
		method = "link";
		return _signIn.useLink(exchange.query("token"));
	});
}


void SignInHandlers::signIn(Exchange& exchange, const std::function<store::UserRecord(std::string& method)>& who)
{
	std::string method;
	const std::string address = exchange.clientAddress();
	const auto wait = _failures.blockedFor(address);
	if (wait.count() > 0)
	{
		exchange.response().set("Retry-After", std::to_string(wait.count()));
		refuse(exchange, 429, "Too many attempts", "Too many failed sign-ins from your address; try again in " + std::to_string(wait.count()) +
			" seconds.");
		return;
	}
	try
	{
		const store::UserRecord user = who(method);
		// A new session id at every sign-in; the one the browser had (if any) ends.
		const std::string previous = auth::ApiAuthenticator::sessionCookie(exchange.request());
		if (!previous.empty()) _signIn.closeSession(auth::sha256Hex(previous));
		auth::OpenedSession session = _signIn.openSession(user, method);
		_audit.recordSignIn(exchange, auth::userPrincipal(user, "session"), method);
		setCookie(exchange, auth::ApiAuthenticator::SESSION_COOKIE, session.id, "/", _params.sessionLifetimeSeconds);
		setCookie(exchange, STATE_COOKIE, "", "/auth", 0);
		noStore(exchange);
		exchange.redirect(302, _params.publicUrl + "/");
	}
	catch (const auth::SignInRefused& e)
	{
		_failures.failed(address);
		_logger.warning("sign-in refused (" + e.reason() + ")" + (e.email().empty() ? "" : " for " + e.email()) + " from " + address);
		_audit.recordRefusedSignIn(exchange, "", e.email(), method, e.reason(), 403);
		refuse(exchange, 403, "Sign-in refused", e.what());
	}
	catch (const auth::ProviderUnavailable& e)
	{
		_logger.error(std::string("sign-in: ") + e.what());
		_audit.recordRefusedSignIn(exchange, "", "", method, "provider_unavailable", 502);
		refuse(exchange, 502, "Sign-in unavailable", "The identity provider cannot be reached right now; try again shortly.");
	}
}


void SignInHandlers::logout(Exchange& exchange)
{
	auto caller = _authenticator.authenticate(exchange.request());
	if (caller && caller->via == "session")
	{
		std::string token = exchange.request().get(ApiAccess::CSRF_HEADER, "");
		if (token.empty())
		{
			Poco::Net::HTMLForm form(exchange.request(), exchange.request().stream());
			token = form.get("csrf_token", "");
		}
		if (!auth::equalInConstantTime(token, caller->csrfToken))
			throw HttpError(403, "csrf_failed", "signing out needs the session's CSRF token in the " + ApiAccess::CSRF_HEADER + " header");
		_signIn.closeSession(caller->sessionIdHash);
		_audit.recordSignOut(exchange, *caller);
	}
	setCookie(exchange, auth::ApiAuthenticator::SESSION_COOKIE, "", "/", 0);
	exchange.sendNoContent();
}


} } // namespace polytomic::http
