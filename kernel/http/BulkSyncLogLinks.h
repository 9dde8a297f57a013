//
// BulkSyncLogLinks.h
//
// Definition of the BulkSyncLogLinks class.
//


#ifndef Polytomic_Http_BulkSyncLogLinks_INCLUDED
#define Polytomic_Http_BulkSyncLogLinks_INCLUDED


#include <ctime>
#include <string>


namespace polytomic {
namespace http {


class BulkSyncLogLinks
	/// Signed, expiring links to the console log of a bulk-sync execution, as
	/// the SDK's getLogs and exportLogs hand them out: whoever holds one may
	/// read that part of that log, without credentials, until it expires. The
	/// signature is an HMAC-SHA256 of the path, part and expiry under a key
	/// every web replica derives from the same secret, so any replica serves it.
{
public:
	static constexpr int LIFETIME_SECONDS = 3600;
		/// How long a link lasts.

	explicit BulkSyncLogLinks(const std::string& secret);
		/// secret: the deployment's encryption key (never leaves the process).

	std::string query(const std::string& path, long long part, std::time_t expires) const;
		/// "part=&expires=&signature=" for the link to path.

	bool valid(const std::string& path, const std::string& part, const std::string& expires, const std::string& signature,
		std::time_t now) const;
		/// Whether the link's signature is this deployment's and it has not expired.

private:
	std::string sign(const std::string& path, const std::string& part, const std::string& expires) const;

	std::string _key;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_BulkSyncLogLinks_INCLUDED
