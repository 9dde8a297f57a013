//
// LicenseRevocationRepository.h
//
// Definition of the LicenseRevocationRepository class.
//


#ifndef Polytomic_Store_LicenseRevocationRepository_INCLUDED
#define Polytomic_Store_LicenseRevocationRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>


namespace polytomic {
namespace store {


class LicenseRevocationRepository
	/// The deployment keys the licence service reported revoked (table
	/// license_revocations), by key id, with the time of the revocation.
{
public:
	explicit LicenseRevocationRepository(Database& database);

	std::optional<long long> revokedAt(const std::string& licenseId);
		/// Microseconds since the epoch, or nothing when the key was never reported revoked.

	void record(const std::string& licenseId, long long revokedAtMicros);
		/// Keeps the earliest time reported.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_LicenseRevocationRepository_INCLUDED
