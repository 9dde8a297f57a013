//
// DatabaseUrl.h
//
// Definition of the DatabaseUrl class.
//


#ifndef Polytomic_Config_DatabaseUrl_INCLUDED
#define Polytomic_Config_DatabaseUrl_INCLUDED


#include "config/UrlParts.h"
#include <map>
#include <string>


namespace polytomic {
namespace config {


class DatabaseUrl
	/// A PostgreSQL connection URL (postgres:// or postgresql://), checked and
	/// converted for libpq and for POCO's PostgreSQL connector.
	///
	/// POCO 1.11 splits its connection string on single spaces, so a value can
	/// hold no whitespace; such values travel as libpq environment variables
	/// (see environment()) instead of inside the string.
{
public:
	DatabaseUrl() = default;

	static DatabaseUrl parse(const std::string& url);
		/// Throws InvalidValue naming what is wrong (never the password).

	std::string connectionString() const;
		/// "host=... port=... dbname=... user=... password=... key=value",
		/// single-spaced, values quoted where libpq needs it. A default
		/// connect_timeout of 10 seconds is added unless the URL has one.

	const std::map<std::string, std::string>& environment() const;
		/// libpq environment variables (PGPASSWORD, PGOPTIONS, ...) for values
		/// that contain whitespace; set them before connecting.

	std::string masked() const;
		/// The URL as given, with the password replaced by "****".

	std::string user() const;
	std::string database() const;
	std::string hostList() const;
		/// For messages: "host:port[,host:port]" (or "local socket").

	const std::map<std::string, std::string>& keywords() const;
		/// Every libpq keyword this URL sets, decoded.

private:
	std::string _masked;
	std::map<std::string, std::string> _keywords;
	std::map<std::string, std::string> _environment;
};


//
// inlines
//
inline const std::map<std::string, std::string>& DatabaseUrl::environment() const
{
	return _environment;
}


inline std::string DatabaseUrl::masked() const
{
	return _masked;
}


inline const std::map<std::string, std::string>& DatabaseUrl::keywords() const
{
	return _keywords;
}


} } // namespace polytomic::config


#endif // Polytomic_Config_DatabaseUrl_INCLUDED
