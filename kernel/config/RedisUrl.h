//
// RedisUrl.h
//
// Definition of the RedisUrl class.
//


#ifndef Polytomic_Config_RedisUrl_INCLUDED
#define Polytomic_Config_RedisUrl_INCLUDED


#include <optional>
#include <string>


namespace polytomic {
namespace config {


class RedisUrl
	/// A Redis URL: redis://[[user]:password@]host[:port][/db] or rediss:// for TLS.
	/// Query parameters for TLS: ca_cert=<PEM file> (default: the system CAs)
	/// and skip_verify=true (accept any certificate; for testing only).
{
public:
	RedisUrl() = default;

	static RedisUrl parse(const std::string& url);
		/// Throws InvalidValue naming what is wrong (never the password).

	bool tls() const;
	const std::string& host() const;
	unsigned port() const;
	unsigned database() const;
	const std::optional<std::string>& user() const;
	const std::optional<std::string>& password() const;
	const std::string& caCertFile() const;
	bool skipVerify() const;

	std::string masked() const;
		/// The URL with the password replaced by "****".

private:
	bool _tls = false;
	std::string _host = "127.0.0.1";
	unsigned _port = 6379;
	unsigned _database = 0;
	std::optional<std::string> _user;
	std::optional<std::string> _password;
	std::string _caCertFile;
	bool _skipVerify = false;
	std::string _masked;
};


//
// inlines
//
inline bool RedisUrl::tls() const { return _tls; }
inline const std::string& RedisUrl::host() const { return _host; }
inline unsigned RedisUrl::port() const { return _port; }
inline unsigned RedisUrl::database() const { return _database; }
inline const std::optional<std::string>& RedisUrl::user() const { return _user; }
inline const std::optional<std::string>& RedisUrl::password() const { return _password; }
inline const std::string& RedisUrl::caCertFile() const { return _caCertFile; }
inline bool RedisUrl::skipVerify() const { return _skipVerify; }
inline std::string RedisUrl::masked() const { return _masked; }


} } // namespace polytomic::config


#endif // Polytomic_Config_RedisUrl_INCLUDED
