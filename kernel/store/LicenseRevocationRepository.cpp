//
// LicenseRevocationRepository.cpp
//


#include "store/LicenseRevocationRepository.h"
#include "store/PgResult.h"


namespace polytomic {
namespace store {


LicenseRevocationRepository::LicenseRevocationRepository(Database& database):
	_database(database)
{
}


std::optional<long long> LicenseRevocationRepository::revokedAt(const std::string& licenseId)
{
	std::optional<long long> at;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT (extract(epoch FROM revoked_at) * 1000000)::bigint FROM license_revocations WHERE license_id = $1",
			{licenseId});
		at = r.rows() ? std::optional<long long>(std::stoll(r.value(0, 0))) : std::nullopt;
	});
	return at;
}


void LicenseRevocationRepository::record(const std::string& licenseId, long long revokedAtMicros)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO license_revocations (license_id, revoked_at) VALUES ($1, to_timestamp($2::double precision / 1000000)) "
			"ON CONFLICT (license_id) DO UPDATE SET revoked_at = LEAST(license_revocations.revoked_at, EXCLUDED.revoked_at)",
			{licenseId, std::to_string(revokedAtMicros)});
	});
}


} } // namespace polytomic::store
