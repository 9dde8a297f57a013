//
// BulkSyncLogLinks.cpp
//


#include "http/BulkSyncLogLinks.h"
#include "engine/WebhookService.h"


namespace polytomic {
namespace http {


BulkSyncLogLinks::BulkSyncLogLinks(const std::string& secret):
	// A key of its own: a link's signature reveals nothing usable about the secret it comes from.
	_key(engine::WebhookService::signature(secret, "polytomic bulk-sync log links"))
{
}


std::string BulkSyncLogLinks::sign(const std::string& path, const std::string& part, const std::string& expires) const
{
	return engine::WebhookService::signature(_key, path + "\n" + part + "\n" + expires);
}


std::string BulkSyncLogLinks::query(const std::string& path, long long part, std::time_t expires) const
{
	const std::string partText = std::to_string(part);
	const std::string expiresText = std::to_string(static_cast<long long>(expires));
	return "part=" + partText + "&expires=" + expiresText + "&signature=" + sign(path, partText, expiresText);
}


bool BulkSyncLogLinks::valid(const std::string& path, const std::string& part, const std::string& expires, const std::string& signature,
	std::time_t now) const
{
	if (expires.empty() || expires.size() > 12 || expires.find_first_not_of("0123456789") != std::string::npos) return false;
	if (part.empty() || part.size() > 12 || part.find_first_not_of("0123456789") != std::string::npos) return false;
	if (std::stoll(expires) < static_cast<long long>(now)) return false;
	const std::string expected = sign(path, part, expires);
	if (signature.size() != expected.size()) return false;
	unsigned char difference = 0;  // compared in constant time: timing reveals nothing of the right signature
	for (std::size_t i = 0; i < expected.size(); ++i) difference |= static_cast<unsigned char>(signature[i] ^ expected[i]);
	return difference == 0;
}


} } // namespace polytomic::http
