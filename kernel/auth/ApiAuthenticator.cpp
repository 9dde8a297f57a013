//
// ApiAuthenticator.cpp
//


#include "auth/ApiAuthenticator.h"
#include "Poco/Base64Decoder.h"
#include "Poco/String.h"
#include <sstream>


namespace polytomic {
namespace auth {


namespace
{
	bool equalInConstantTime(const std::string& a, const std::string& b)
	{
		unsigned char difference = static_cast<unsigned char>(a.size() != b.size());
		for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
		return difference == 0 && !b.empty();
	}


	std::optional<std::pair<std::string, std::string>> basicCredentials(const Poco::Net::HTTPServerRequest& request)
	{
		const std::string header = request.get("Authorization", "");
		if (Poco::icompare(header.substr(0, 6), "Basic ") != 0) return std::nullopt;
		std::istringstream encoded(Poco::trim(header.substr(6)));
		Poco::Base64Decoder decoder(encoded);
		std::string decoded;
		try
		{
			decoded.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
		}
		catch (const Poco::Exception&)
		{
			return std::nullopt;
		}
		const auto colon = decoded.find(':');
		if (colon == std::string::npos) return std::nullopt;
		return std::make_pair(decoded.substr(0, colon), decoded.substr(colon + 1));
	}
}


ApiAuthenticator::ApiAuthenticator(store::OrganizationRepository& organizations, std::string deploymentApiKey):
	_organizations(organizations),
	_deploymentApiKey(std::move(deploymentApiKey))
{
}


std::optional<Principal> ApiAuthenticator::authenticate(const Poco::Net::HTTPServerRequest& request) const
{
	if (_deploymentApiKey.empty()) return std::nullopt;
	auto credentials = basicCredentials(request);
	if (!credentials || !equalInConstantTime(credentials->second, _deploymentApiKey)) return std::nullopt;
	if (!_organizations.exists(credentials->first)) return std::nullopt;
	return Principal{credentials->first, "deployment"};
}


bool ApiAuthenticator::configured() const
{
	return !_deploymentApiKey.empty();
}


} } // namespace polytomic::auth
