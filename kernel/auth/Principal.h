//
// Principal.h
//
// Definition of the Principal struct.
//


#ifndef Polytomic_Auth_Principal_INCLUDED
#define Polytomic_Auth_Principal_INCLUDED


#include "auth/Role.h"
#include <string>


namespace polytomic {
namespace auth {


struct Principal
	/// Who is calling the API, and how they proved it.
{
	std::string organizationId;
	std::string kind;           /// "user", "organization" (its API key) or "deployment" (DEPLOYMENT_API_KEY)
	Role role = Role::VIEWER;
	std::string userId;         /// for a user
	std::string email;          /// for a user
	std::string via;            /// "basic", "bearer" or "session"
	std::string csrfToken;      /// for a session: what a write must carry in X-CSRF-Token
	std::string sessionIdHash;  /// for a session

	bool isUser() const { return kind == "user"; }
};


} } // namespace polytomic::auth


#endif // Polytomic_Auth_Principal_INCLUDED
