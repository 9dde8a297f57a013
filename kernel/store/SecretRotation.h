//
// SecretRotation.h
//
// Definition of the rotateSecrets function.
//


#ifndef Polytomic_Store_SecretRotation_INCLUDED
#define Polytomic_Store_SecretRotation_INCLUDED


#include "store/ConnectionRepository.h"
#include "store/SecretBox.h"


namespace polytomic {
namespace store {


std::size_t rotateSecrets(ConnectionRepository& connections, const SecretBox& secrets);
	/// Re-encrypts with the current key every stored secret made with an older
	/// one (ENCRYPTION_KEY_PREVIOUS); returns how many. Throws SecretError, having
	/// changed nothing for that connection, when a secret cannot be decrypted.


} } // namespace polytomic::store


#endif // Polytomic_Store_SecretRotation_INCLUDED
