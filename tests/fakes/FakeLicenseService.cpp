//
// FakeLicenseService.cpp
//


#include "fakes/FakeLicenseService.h"


namespace polytomic {
namespace test {


FakeLicenseService::FakeLicenseService():
	FakeHttpService([this](const Request& r) { return answer(r); })
{
}


void FakeLicenseService::failNext(int count)
{
	_failures = count;
}


void FakeLicenseService::revoke(const std::string& revokedAt)
{
	std::lock_guard<std::mutex> lock(_stateMutex);
	_revokedAt = revokedAt;
}


FakeHttpService::Reply FakeLicenseService::answer(const Request& request)
{
	if (request.method != "POST" || request.headers.count("Content-Type") == 0 ||
		request.headers.at("Content-Type").find("application/json") != 0)
		return Reply{400, "{\"error\": \"expected a POST of JSON\"}"};
	if (_failures > 0)
	{
		--_failures;
		return Reply{503, "{\"error\": \"unavailable\"}"};
	}
	std::lock_guard<std::mutex> lock(_stateMutex);
	if (!_revokedAt.empty()) return Reply{200, "{\"status\": \"revoked\", \"revoked_at\": \"" + _revokedAt + "\"}"};
	return Reply{200, "{\"status\": \"valid\"}"};
}


} } // namespace polytomic::test
