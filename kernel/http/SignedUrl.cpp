//
// SignedUrl.cpp
//


#include "http/SignedUrl.h"
#include "engine/WebhookService.h"
#include <openssl/crypto.h>


namespace polytomic {
namespace http {


SignedUrl::SignedUrl(const std::string& serverKey):
	_key(engine::WebhookService::signature(serverKey, "polytomic signed urls v1"))
{
}


std::string SignedUrl::signatureOf(const std::string& path, const std::string& expires) const
{
	// The method is part of what is signed so that a link cannot be replayed as another request.
	return engine::WebhookService::signature(_key, "GET\n" + path + "\n" + expires);
}


std::string SignedUrl::sign(const std::string& path, long long expiresEpoch) const
{
	const std::string expires = std::to_string(expiresEpoch);
	return path + (path.find('?') == std::string::npos ? "?" : "&") + "expires=" + expires + "&signature=" + signatureOf(path, expires);
}


SignedUrl::Verdict SignedUrl::verify(const std::string& path, const std::string& expires, const std::string& signature,
	long long nowEpoch) const
{
	// An expiry is up to 18 digits, so it always fits a long long.
	if (expires.empty() || expires.size() > 18 || expires.find_first_not_of("0123456789") != std::string::npos) return Verdict::ALTERED;
	const std::string expected = signatureOf(path, expires);
	// Compared in constant time: a byte-by-byte early exit would let a caller find the signature byte by byte.
	if (signature.size() != expected.size() || CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0)
		return Verdict::ALTERED;
	return std::stoll(expires) < nowEpoch ? Verdict::EXPIRED : Verdict::VALID;
}


} } // namespace polytomic::http
