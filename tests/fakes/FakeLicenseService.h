//
// FakeLicenseService.h
//
// Definition of the FakeLicenseService class.
//


#ifndef Polytomic_Test_FakeLicenseService_INCLUDED
#define Polytomic_Test_FakeLicenseService_INCLUDED


#include "fakes/FakeHttpService.h"
#include <atomic>


namespace polytomic {
namespace test {


class FakeLicenseService: public FakeHttpService
	/// Polytomic's licence service (TELEMETRY_URL) as the server expects it:
	/// POST / with the ping's JSON body, answered 200 {"status": "valid"}, or
	/// {"status": "revoked", "revoked_at": "..."} once revoke() was called.
	/// failNext(n) answers the next n pings 503.
{
public:
	FakeLicenseService();

	void failNext(int count);

	void revoke(const std::string& revokedAt);
		/// ISO 8601, e.g. 2026-01-02T03:04:05Z.

private:
	Reply answer(const Request& request);

	std::atomic<int> _failures{0};
	std::string _revokedAt;
	std::mutex _stateMutex;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeLicenseService_INCLUDED
