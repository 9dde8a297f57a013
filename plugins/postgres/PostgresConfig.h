//
// PostgresConfig.h
//
// Definition of the PostgresConfig class.
//


#ifndef Polytomic_Postgres_PostgresConfig_INCLUDED
#define Polytomic_Postgres_PostgresConfig_INCLUDED


#include "polytomic/json.hpp"
#include <string>
#include <utility>
#include <vector>


namespace polytomic {
namespace postgres {


class PostgresConfig
	/// The configuration of a PostgreSQL connection, checked, as libpq
	/// connection parameters.
	///
	/// Either the separate fields (host, port, database, username, password,
	/// ssl_mode, ca_certificate) or a connection_url (postgres://... or a libpq
	/// key=value string); fields given beside a connection_url override its parts.
	/// No message of this class, nor of the connections made with it, holds the
	/// password.
{
public:
	using Parameters = std::vector<std::pair<std::string, std::string>>;

	explicit PostgresConfig(const json::Value& config);
		/// Throws sdk::Error naming the missing or invalid field.

	static json::Value spec();
		/// {"configuration": JSON Schema of the fields above}

	const Parameters& parameters() const;
		/// libpq keywords and values for PQconnectdbParams, connect_timeout (10 s)
		/// and application_name included; sslrootcert excluded (see caCertificate()).

	const std::string& host() const;
	const std::string& port() const;
	const std::string& database() const;
	const std::string& username() const;
	const std::string& sslMode() const;

	const std::string& caCertificate() const;
		/// PEM text of the CA certificate to verify the server with, or empty.

	int statementTimeout() const;
		/// Seconds a model's query may run (statement_timeout), 1800 unless set.

	std::string redact(std::string text) const;
		/// text with every occurrence of the password replaced by "***". Only for
		/// text made from the configuration (connecting): text that quotes what a
		/// caller wrote (a query, its data) must not be masked, or the mask tells
		/// which of the caller's guesses is the password.

	std::string describe() const;
		/// database "name" on host:port as user "name", for messages.

	static const int CONNECT_TIMEOUT_SECONDS;
	static const int DEFAULT_STATEMENT_TIMEOUT_SECONDS;
	static const int MAX_STATEMENT_TIMEOUT_SECONDS;

private:
	void set(const std::string& keyword, const std::string& value);
	const std::string& get(const std::string& keyword) const;
	void parseUrl(const std::string& url);

	Parameters _parameters;
	std::string _caCertificate;
	int _statementTimeout;
	std::vector<std::string> _secrets;
};


//
// inlines
//
inline const PostgresConfig::Parameters& PostgresConfig::parameters() const
{
	return _parameters;
}


inline const std::string& PostgresConfig::caCertificate() const
{
	return _caCertificate;
}


inline int PostgresConfig::statementTimeout() const
{
	return _statementTimeout;
}


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_PostgresConfig_INCLUDED
