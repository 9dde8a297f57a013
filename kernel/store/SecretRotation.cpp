//
// SecretRotation.cpp
//


#include "store/SecretRotation.h"


namespace polytomic {
namespace store {


std::size_t rotateSecrets(ConnectionRepository& connections, const SecretBox& secrets)
{
	std::size_t changed = 0;
	for (const auto& connection: connections.all())
	{
		if (!connection.secrets || secrets.isCurrent(*connection.secrets)) continue;
		connections.replaceSecrets(connection.id, secrets.encrypt(secrets.decrypt(*connection.secrets)));
		++changed;
	}
	return changed;
}


} } // namespace polytomic::store
