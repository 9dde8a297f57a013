//
// AuditTrail.h
//
// Definition of the AuditTrail class.
//


#ifndef Polytomic_Http_AuditTrail_INCLUDED
#define Polytomic_Http_AuditTrail_INCLUDED


#include "auth/Principal.h"
#include "http/Exchange.h"
#include "store/AuditLogRepository.h"
#include "Poco/Logger.h"
#include <exception>


namespace polytomic {
namespace http {


class AuditTrail
	/// Writes who did what to the audit log: every API call that is not a read,
	/// whatever its outcome, and the sign-ins. An entry names the action, the
	/// route template, the resource's id, the status, the caller and their
	/// address; never a body, so never a secret. A failure to write is logged
	/// and never fails the request.
{
public:
	explicit AuditTrail(store::AuditLogRepository& log);

	void recordCall(Exchange& exchange, const auth::Principal& caller, int status);

	void recordSignIn(Exchange& exchange, const auth::Principal& user, const std::string& method);
	void recordRefusedSignIn(Exchange& exchange, const std::string& organizationId, const std::string& email, const std::string& method,
		const std::string& reason, int status);
	void recordSignOut(Exchange& exchange, const auth::Principal& user);

	static std::string actionOf(const std::string& method, const std::string& route);
		/// "connection.create", "bulk_sync.execution.create", "user.key.create", "sync.activate", ...

	static int statusOf(std::exception_ptr error);
		/// The HTTP status the server answers for an exception a handler threw.

private:
	void write(store::AuditEntry entry, Exchange& exchange);

	store::AuditLogRepository& _log;
	Poco::Logger& _logger;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_AuditTrail_INCLUDED
