//
// WebhookSignature.cpp
//


#include "WebhookSignature.h"
#include "polytomic/connector.hpp"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>


namespace webhook {


namespace
{
	std::string hex(const unsigned char* bytes, std::size_t length)
	{
		static const char digits[] = "0123456789abcdef";
		std::string out;
		out.reserve(length * 2);
		for (std::size_t i = 0; i < length; ++i)
		{
			out.push_back(digits[bytes[i] >> 4]);
			out.push_back(digits[bytes[i] & 0xF]);
		}
		return out;
	}
}


std::string WebhookSignature::hmacSha256Hex(const std::string& key, const std::string& message)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int length = 0;
	if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
			digest, &length))
		throw polytomic::sdk::Error("cannot compute the HMAC-SHA256 signature");
	return hex(digest, length);
}


std::string WebhookSignature::header(const std::string& secret, int64_t timestamp, const std::string& body)
{
	const std::string t = std::to_string(timestamp);
	return "t=" + t + ",v1=" + hmacSha256Hex(secret, t + "." + body);
}


std::string WebhookSignature::randomKey()
{
	unsigned char bytes[16];
	if (RAND_bytes(bytes, sizeof(bytes)) != 1) throw polytomic::sdk::Error("the system's random source failed");
	return hex(bytes, sizeof(bytes));
}


} // namespace webhook
