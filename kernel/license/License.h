//
// License.h
//
// Definition of the License class.
//


#ifndef Polytomic_License_License_INCLUDED
#define Polytomic_License_License_INCLUDED


#include "license/LicenseStatus.h"
#include "Poco/Timestamp.h"
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace license {


class License
	/// What a deployment key (DEPLOYMENT_KEY) grants: the content of its
	/// claims once LicenseVerifier has checked them, or what LicenseIssuer signs.
{
public:
	bool allowsConnector(const std::string& connectorId) const;
		/// True when connectors is absent (every connector) or lists connectorId.

	bool allowsActiveSyncs(int count) const;
		/// True when count active syncs are within the licence: maxSyncs is
		/// absent (unlimited) or count <= maxSyncs. The caller counts the sync
		/// it is about to activate.

	LicenseStatus statusAt(Poco::Timestamp now) const;
		/// Valid, expired within the grace period, or expired past it, at now.

	static Poco::Timestamp endOfDay(const std::string& date);
		/// The last second (23:59:59 UTC) of date, given as YYYY-MM-DD: the
		/// expiry of a key that expires on that date. Throws std::invalid_argument
		/// for anything else.

	static std::string formatDate(Poco::Timestamp time);
		/// YYYY-MM-DD (UTC).

	static std::string formatTime(Poco::Timestamp time);
		/// YYYY-MM-DD HH:MM:SS UTC.

	std::string deploymentId;                           /// sub: the DEPLOYMENT the key is for
	std::string customer;                               /// customer
	Poco::Timestamp issuedAt;                           /// iat
	Poco::Timestamp expiresAt;                          /// exp: valid up to and including this second
	std::optional<int> maxSyncs;                        /// max_syncs; absent: unlimited
	std::optional<std::vector<std::string>> connectors; /// connectors; absent: every connector
	std::string id;                                     /// jti: the key's own random id
};


} } // namespace polytomic::license


#endif // Polytomic_License_License_INCLUDED
