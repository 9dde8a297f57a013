//
// PostgresConnection.h
//
// Definition of the PostgresError, PostgresResult and PostgresConnection classes.
//


#ifndef Polytomic_Postgres_PostgresConnection_INCLUDED
#define Polytomic_Postgres_PostgresConnection_INCLUDED


#include "PostgresConfig.h"
#include "polytomic/connector.hpp"
#include <functional>
#include <libpq-fe.h>
#include <string>
#include <vector>


namespace polytomic {
namespace postgres {


class PostgresError: public sdk::Error
	/// An error PostgreSQL reported, with its SQLSTATE.
{
public:
	PostgresError(const std::string& message, std::string sqlState, std::string column = "");

	const std::string& sqlState() const;
		/// Five characters, or empty when the error did not come from the server.

	const std::string& column() const;
		/// The column the error is about, when PostgreSQL says.

	bool isRecordError() const;
		/// True for an error caused by the values of a record (data exceptions,
		/// constraint violations, a row affected twice, a too large row), which
		/// rejects that record; false for everything else (connection, rights,
		/// schema, ...), which fails the whole operation.

private:
	std::string _sqlState;
	std::string _column;
};


class PostgresResult
	/// Owns a PGresult.
{
public:
	explicit PostgresResult(PGresult* result);
	~PostgresResult();
	PostgresResult(PostgresResult&& other) noexcept;
	PostgresResult(const PostgresResult&) = delete;
	PostgresResult& operator=(const PostgresResult&) = delete;
	PostgresResult& operator=(PostgresResult&&) = delete;

	int rows() const;
	int columns() const;
	bool isNull(int row, int column) const;
	std::string get(int row, int column) const;
		/// The value as text ("" for NULL).
	std::string name(int column) const;
	Oid type(int column) const;

private:
	PGresult* _result;
};


class PostgresConnection
	/// One libpq connection, its session set for the connector's text formats
	/// (DateStyle ISO, TimeZone UTC, shortest exact floats, hex bytea).
{
public:
	explicit PostgresConnection(const PostgresConfig& config);
		/// Connects; throws sdk::Error saying what is wrong (host unreachable,
		/// password refused, database missing, SSL...) without the password.

	~PostgresConnection();
	PostgresConnection(const PostgresConnection&) = delete;
	PostgresConnection& operator=(const PostgresConnection&) = delete;

	void execute(const std::string& sql);
		/// Runs one or more statements of the connector's own; throws PostgresError.
		/// Never for SQL that holds text from a user (see query()).

	PostgresResult query(const std::string& sql, const std::vector<std::string>& parameters = {});
		/// Runs exactly one statement, with text parameters $1, $2...; several
		/// statements are refused by PostgreSQL. Throws PostgresError.

	std::string literal(const std::string& value) const;
		/// value as an SQL string literal.

	void copyIn(const std::string& statement, const char* data, std::size_t size);
		/// Runs COPY ... FROM STDIN with data in the text format; throws PostgresError.

	using RowHandler = std::function<bool(const char* line, std::size_t length)>;
	using CancelCheck = std::function<bool()>;

	bool copyOut(const std::string& statement, const RowHandler& handler, const CancelCheck& cancelled);
		/// Runs COPY ... TO STDOUT (one statement, as query()) and hands each row (one line of the text format,
		/// with its newline) to handler. When handler returns false or cancelled()
		/// turns true (checked while waiting for the server, too), the statement is
		/// cancelled on the server and copyOut returns false; true at the end.

	void rollbackQuietly();
		/// ROLLBACK when a transaction is open, ignoring errors.

	const PostgresConfig& config() const;

	int serverVersion() const;
		/// The server's version as a number: 150004 for 15.4.

private:
	PostgresResult checked(PGresult* result) const;
	PostgresError errorOf(const PGresult* result) const;
	PostgresError connectionError(const std::string& during) const;
	void checkCopyEnd();
	bool waitReadable(const CancelCheck& cancelled);
	void abandonCopy();

	PostgresConfig _config;
	PGconn* _conn = nullptr;
};


//
// inlines
//
inline const std::string& PostgresError::sqlState() const
{
	return _sqlState;
}


inline const std::string& PostgresError::column() const
{
	return _column;
}


inline const PostgresConfig& PostgresConnection::config() const
{
	return _config;
}


inline int PostgresConnection::serverVersion() const
{
	return PQserverVersion(_conn);
}


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_PostgresConnection_INCLUDED
