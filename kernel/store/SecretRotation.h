//
// SecretRotation.h
//
// Definition of the rotateSecrets function.
//


#ifndef Polytomic_Store_SecretRotation_INCLUDED
#define Polytomic_Store_SecretRotation_INCLUDED


#include "store/Database.h"
#include "store/SecretBox.h"
#include <cstddef>


namespace polytomic {
namespace store {


struct RotatedSecrets
	/// What a rotation re-encrypted.
{
	std::size_t connections = 0;  /// connections whose configuration secrets changed key
	std::size_t tokens = 0;       /// connections whose OAuth tokens changed key (connection_tokens)
	std::size_t signIns = 0;      /// sign-ins in progress whose PKCE verifier changed key (oauth_states)
};


RotatedSecrets rotateSecrets(Database& database, const SecretBox& secrets);
	/// Re-encrypts with the current key every stored secret made with an older
	/// one (ENCRYPTION_KEY_PREVIOUS): the connections' secrets, their OAuth
	/// tokens and the code verifiers of the sign-ins in progress. Throws
	/// SecretError, having changed nothing for that row, when a secret cannot
	/// be decrypted.


} } // namespace polytomic::store


#endif // Polytomic_Store_SecretRotation_INCLUDED
