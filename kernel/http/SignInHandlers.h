//
// SignInHandlers.h
//
// Definition of the SignInHandlers class.
//


#ifndef Polytomic_Http_SignInHandlers_INCLUDED
#define Polytomic_Http_SignInHandlers_INCLUDED


#include "auth/ApiAuthenticator.h"
#include "auth/FailureLimiter.h"
#include "auth/SignInService.h"
#include "http/AuditTrail.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class SignInHandlers
	/// The browser's side of signing in, outside /api/:
	///   GET  /auth/login             the sign-in page (one button per method)
	///   GET  /auth/login/{provider}  off to Google or the OIDC provider
	///   GET  /auth                   where the provider sends the browser back ({POLYTOMIC_URL}/auth)
	///   GET  /auth/link?token=       a one-time sign-in link
	///   POST /auth/logout            ends the session (CSRF token in X-CSRF-Token or the csrf_token field)
	/// A refused sign-in gets a page that says why, never a stack trace; each one
	/// counts against the address (too many: 429) and goes to the audit log.
{
public:
	struct Params
	{
		bool linksEnabled = false;         /// "link" in AUTH_METHODS
		bool secureCookies = false;        /// POLYTOMIC_URL is https://
		int sessionLifetimeSeconds = 7 * 86400;
		std::string publicUrl;
	};

	SignInHandlers(auth::SignInService& signIn, const auth::ApiAuthenticator& authenticator, auth::FailureLimiter& failures,
		AuditTrail& audit, const Params& params);

	void registerRoutes(Router& router);

	static const std::string STATE_COOKIE;

private:
	void loginPage(Exchange& exchange);
	void start(Exchange& exchange);
	void callback(Exchange& exchange);
	void link(Exchange& exchange);
	void logout(Exchange& exchange);

	void signIn(Exchange& exchange, const std::function<store::UserRecord(std::string& method)>& who);
		/// who() names the user (and the method) or throws SignInRefused.
	void refuse(Exchange& exchange, int status, const std::string& title, const std::string& message);
	void setCookie(Exchange& exchange, const std::string& name, const std::string& value, const std::string& path, int maxAge);

	auth::SignInService& _signIn;
	const auth::ApiAuthenticator& _authenticator;
	auth::FailureLimiter& _failures;
	AuditTrail& _audit;
	Params _params;
	Poco::Logger& _logger;
};


std::string htmlPage(const std::string& title, const std::string& bodyHtml);
	/// A small self-contained HTML page.

std::string htmlEscape(const std::string& text);


} } // namespace polytomic::http


#endif // Polytomic_Http_SignInHandlers_INCLUDED
