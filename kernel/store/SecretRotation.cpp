//
// SecretRotation.cpp
//


#include "store/SecretRotation.h"
#include "store/ConnectionRepository.h"
#include "store/ConnectionTokenRepository.h"
#include "store/OAuthStateRepository.h"


namespace polytomic {
namespace store {


RotatedSecrets rotateSecrets(Database& database, const SecretBox& secrets)
{
	RotatedSecrets rotated;
	ConnectionRepository connections(database);
	for (const auto& connection: connections.all())
	{
		if (!connection.secrets || secrets.isCurrent(*connection.secrets)) continue;
		connections.replaceSecrets(connection.id, secrets.encrypt(secrets.decrypt(*connection.secrets)));
		++rotated.connections;
	}
	const auto reseal = [&secrets](const std::string& sealed) -> std::optional<std::string> {
		if (secrets.isCurrent(sealed)) return std::nullopt;
		return secrets.encrypt(secrets.decrypt(sealed));
	};
	rotated.tokens = ConnectionTokenRepository(database).reseal(reseal);
	rotated.signIns = OAuthStateRepository(database).reseal(reseal);
	return rotated;
}


} } // namespace polytomic::store
