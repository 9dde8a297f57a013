//
// SignedUrl.h
//
// Definition of the SignedUrl class.
//


#ifndef Polytomic_Http_SignedUrl_INCLUDED
#define Polytomic_Http_SignedUrl_INCLUDED


#include <string>


namespace polytomic {
namespace http {


class SignedUrl
	/// Links to files the server itself serves without an Authorization
	/// header (an execution's record logs, a part of a bulk sync's console
	/// log): the path, any query of its own and an expiry time, signed with
	/// HMAC-SHA256 under a key derived from the server's key, so a link stops
	/// working once it expires or when any part of it changes. Every replica
	/// with the same server key verifies every replica's links.
{
public:
	enum class Verdict
	{
		VALID,
		EXPIRED,
		ALTERED     /// no signature, a malformed expiry, or one that does not match
	};

	explicit SignedUrl(const std::string& serverKey);
		/// serverKey: the deployment's secret (ENCRYPTION_KEY); the signing key
		/// is derived from it, so a link's signature reveals nothing of it.

	std::string sign(const std::string& path, long long expiresEpoch) const;
		/// path?expires=<epoch seconds>&signature=<hex>; path is percent-encoded
		/// already and may carry a query of its own (path?part=3), which is
		/// signed with it and kept ahead of expires.

	Verdict verify(const std::string& path, const std::string& expires, const std::string& signature, long long nowEpoch) const;
		/// path as the request names it (decoded), with the signed query of its
		/// own if it has one; expires and signature from its query.

private:
	std::string signatureOf(const std::string& path, const std::string& expires) const;

	std::string _key;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_SignedUrl_INCLUDED
