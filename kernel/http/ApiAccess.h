//
// ApiAccess.h
//
// Definition of the ApiAccess class.
//


#ifndef Polytomic_Http_ApiAccess_INCLUDED
#define Polytomic_Http_ApiAccess_INCLUDED


#include "auth/ApiAuthenticator.h"
#include "auth/FailureLimiter.h"
#include "auth/Role.h"
#include "http/AuditTrail.h"
#include "http/Exchange.h"
#include "http/Idempotency.h"
#include "http/Router.h"
#include <optional>


namespace polytomic {
namespace http {


class ApiAccess
	/// Wraps API handlers so that each runs only for a caller who may: an
	/// unauthenticated caller gets 401, a caller whose role is too low 403
	/// (auth::requiredRole decides from the method and the route template, so
	/// a handler registered anywhere is covered), a session write without its
	/// CSRF token 403, and an address with too many failed credentials 429.
	/// Every call that is not a read is written to the audit log with its outcome.
	/// X-Polytomic-Version is checked (ApiVersion) and a POST runs under its
	/// Idempotency-Key (Idempotency) here, once for every API route.
{
public:
	using Handler = std::function<void(Exchange&, const auth::Principal&)>;

	ApiAccess(const auth::ApiAuthenticator& authenticator, auth::FailureLimiter& failures, AuditTrail* pAudit,
		const std::string& publicUrl);

	Router::Handler guard(Handler handler) const;
		/// The role the rule gives the route.

	Router::Handler guard(auth::Role required, Handler handler) const;
		/// An explicit role instead of the rule's (for a route that checks more itself).

	void setIdempotency(Idempotency* pIdempotency);
		/// Runs every POST under its Idempotency-Key (set before the server starts).

	static const std::string CSRF_HEADER;

private:
	auth::Principal admit(Exchange& exchange, std::optional<auth::Role> required) const;
	void checkCsrf(Exchange& exchange, const auth::Principal& caller) const;
	void run(Exchange& exchange, const auth::Principal& caller, const Handler& handler) const;

	const auth::ApiAuthenticator& _authenticator;
	auth::FailureLimiter& _failures;
	void invoke(Exchange& exchange, const auth::Principal& caller, const Handler& handler) const;

	AuditTrail* _pAudit;
	Idempotency* _pIdempotency = nullptr;
	std::string _publicOrigin;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ApiAccess_INCLUDED
