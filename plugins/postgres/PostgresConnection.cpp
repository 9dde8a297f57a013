//
// PostgresConnection.cpp
//


#include "PostgresConnection.h"
#include "PrivateFile.h"
#include <algorithm>
#include <cerrno>
#include <memory>
#include <poll.h>


namespace polytomic {
namespace postgres {


namespace
{
	const char* SESSION_SETUP = "SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET extra_float_digits = 3; "
		"SET bytea_output = 'hex'; SET IntervalStyle = 'postgres'";

	const std::size_t COPY_CHUNK = 1 << 20;


	std::string flatten(std::string text)
		/// libpq's multi-line messages on one line.
	{
		std::string out;
		bool space = false;
		for (char c: text)
		{
			if (c == '\n' || c == '\t' || c == '\r')
			{
				space = true;
				continue;
			}
			if (space && !out.empty()) out += ' ';
			space = false;
			out += c;
		}
		return out;
	}


	bool contains(const std::string& text, const char* what)
	{
		return text.find(what) != std::string::npos;
	}


	std::string field(const PGresult* result, int code)
	{
		const char* value = result ? PQresultErrorField(result, code) : nullptr;
		return value ? value : "";
	}


	std::string columnFromContext(const std::string& context)
		/// The line "COPY t, line 1, column payload: ..." of a context -> payload
	{
		std::size_t line = 0;
		while (line < context.size())
		{
			std::size_t end = context.find('\n', line);
			if (end == std::string::npos) end = context.size();
			if (context.compare(line, 5, "COPY ") == 0)
			{
				const std::size_t pos = context.find(", column ", line);
				if (pos != std::string::npos && pos < end)
				{
					const std::size_t start = pos + 9;
					const std::size_t colon = context.find(':', start);
					return context.substr(start, (colon == std::string::npos || colon > end ? end : colon) - start);
				}
			}
			line = end + 1;
		}
		return "";
	}
}


PostgresError::PostgresError(const std::string& message, std::string sqlState, std::string column):
	sdk::Error(message),
	_sqlState(std::move(sqlState)),
	_column(std::move(column))
{
}


bool PostgresError::isRecordError() const
{
	if (_sqlState.size() != 5) return false;
	const std::string cls = _sqlState.substr(0, 2);
	// 22 data exception, 23 integrity constraint violation, 21000 a row affected
	// twice, 54000 a row too large (e.g. for an index), 2200x invalid encoding...
	return cls == "22" || cls == "23" || _sqlState == "21000" || _sqlState == "54000";
}


PostgresResult::PostgresResult(PGresult* result):
	_result(result)
{
}


PostgresResult::~PostgresResult()
{
	if (_result) PQclear(_result);
}


PostgresResult::PostgresResult(PostgresResult&& other) noexcept:
	_result(other._result)
{
	other._result = nullptr;
}


int PostgresResult::rows() const
{
	return PQntuples(_result);
}


int PostgresResult::columns() const
{
	return PQnfields(_result);
}


bool PostgresResult::isNull(int row, int column) const
{
	return PQgetisnull(_result, row, column) != 0;
}


std::string PostgresResult::get(int row, int column) const
{
	return std::string(PQgetvalue(_result, row, column), static_cast<std::size_t>(PQgetlength(_result, row, column)));
}


std::string PostgresResult::name(int column) const
{
	return PQfname(_result, column);
}


Oid PostgresResult::type(int column) const
{
	return PQftype(_result, column);
}


PostgresConnection::PostgresConnection(const PostgresConfig& config):
	_config(config)
{
	std::unique_ptr<PrivateFile> ca;
	std::vector<const char*> keywords;
	std::vector<const char*> values;
	for (const auto& p: _config.parameters())
	{
		keywords.push_back(p.first.c_str());
		values.push_back(p.second.c_str());
	}
	if (!_config.caCertificate().empty())
	{
		ca = std::make_unique<PrivateFile>("polytomic-pg-ca", _config.caCertificate());
		keywords.push_back("sslrootcert");
		values.push_back(ca->path().c_str());
	}
	keywords.push_back(nullptr);
	values.push_back(nullptr);
	_conn = PQconnectdbParams(keywords.data(), values.data(), 0);
	// libpq reads the CA file while connecting only: the file goes with ca.
	if (!_conn) throw sdk::Error("cannot connect to PostgreSQL: out of memory");
	if (PQstatus(_conn) != CONNECTION_OK)
	{
		const std::string why = _config.redact(flatten(PQerrorMessage(_conn)));
		PQfinish(_conn);
		_conn = nullptr;
		const std::string where = _config.host() + ":" + _config.port();
		std::string what;
		if (contains(why, "password authentication failed") || contains(why, "no password supplied") ||
			contains(why, "authentication failed"))
			what = "PostgreSQL at " + where + " refused the username or password of user \"" + _config.username() + "\"";
		else if (contains(why, "database \"") && contains(why, "does not exist"))
			what = "database \"" + _config.database() + "\" does not exist on " + where;
		else if (contains(why, "role \"") && contains(why, "does not exist"))
			what = "user (role) \"" + _config.username() + "\" does not exist on " + where;
		else if (contains(why, "could not translate host name"))
			what = "cannot resolve the host name \"" + _config.host() + "\"";
		else if (contains(why, "no pg_hba.conf entry"))
			what = "PostgreSQL at " + where + " does not accept this connection (no pg_hba.conf entry for this client, user "
				"and database; with SSL off, try ssl_mode require)";
		else if (contains(why, "SSL") || contains(why, "certificate"))
			what = "the SSL connection to " + where + " failed (ssl_mode " + _config.sslMode() + ")";
		else if (contains(why, "Connection refused") || contains(why, "timeout expired") || contains(why, "No route to host") ||
			contains(why, "Network is unreachable") || contains(why, "could not connect"))
			what = "cannot reach PostgreSQL at " + where + " (is the host and port right, and does a firewall let this server in?)";
		else
			what = "cannot connect to " + _config.describe();
		throw sdk::Error(_config.redact(what + ": " + why));
	}
	PQsetNoticeProcessor(_conn, [](void*, const char*) {}, nullptr);
	execute(SESSION_SETUP);
}


PostgresConnection::~PostgresConnection()
{
	if (_conn) PQfinish(_conn);
}


PostgresError PostgresConnection::errorOf(const PGresult* result) const
{
	std::string sqlState = field(result, PG_DIAG_SQLSTATE);
	std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
	if (message.empty())
	{
		message = flatten(result ? PQresultErrorMessage(result) : PQerrorMessage(_conn));
		if (message.empty()) message = flatten(PQerrorMessage(_conn));
		if (sqlState.empty() && PQstatus(_conn) != CONNECTION_OK) sqlState = "08006";
	}
	const std::string detail = field(result, PG_DIAG_MESSAGE_DETAIL);
	if (!detail.empty()) message += " (" + detail + ")";
	std::string column = field(result, PG_DIAG_COLUMN_NAME);
	if (column.empty()) column = columnFromContext(field(result, PG_DIAG_CONTEXT));
	// Not masked: a statement's error quotes the statement and the data it met, which the caller
	// wrote or can read anyway; masking what matched the password would tell which of a query's
	// guesses is the password (a model's SQL can hold thousands).
	return PostgresError(message, sqlState, column);
}


PostgresError PostgresConnection::connectionError(const std::string& during) const
{
	return PostgresError("lost the connection to PostgreSQL while " + during + ": " + _config.redact(flatten(PQerrorMessage(_conn))),
		"08006");
}


void PostgresConnection::execute(const std::string& sql)
{
	checked(PQexec(_conn, sql.c_str()));
}


PostgresResult PostgresConnection::query(const std::string& sql, const std::vector<std::string>& parameters)
{
	// The extended protocol, even without parameters: it runs one statement
	// only, so text spliced into sql (a model's query) cannot add another.
	std::vector<const char*> values;
	for (const auto& p: parameters) values.push_back(p.c_str());
	return checked(PQexecParams(_conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
}


PostgresResult PostgresConnection::checked(PGresult* raw) const
{
	PostgresResult result(raw);
	const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw errorOf(raw);
	return result;
}


std::string PostgresConnection::literal(const std::string& value) const
{
	char* quoted = PQescapeLiteral(_conn, value.data(), value.size());
	if (!quoted) throw sdk::Error("cannot quote a literal: " + flatten(PQerrorMessage(_conn)));
	std::string out(quoted);
	PQfreemem(quoted);
	return out;
}


void PostgresConnection::copyIn(const std::string& statement, const char* data, std::size_t size)
{
	{
		PGresult* raw = PQexec(_conn, statement.c_str());
		PostgresResult owned(raw);
		if (!raw || PQresultStatus(raw) != PGRES_COPY_IN) throw errorOf(raw);
	}
	std::size_t sent = 0;
	while (sent < size)
	{
		const std::size_t n = std::min(COPY_CHUNK, size - sent);
		if (PQputCopyData(_conn, data + sent, static_cast<int>(n)) != 1) throw connectionError("sending COPY data");
		sent += n;
	}
	if (PQputCopyEnd(_conn, nullptr) != 1) throw connectionError("ending COPY");
	checkCopyEnd();
}


void PostgresConnection::checkCopyEnd()
{
	std::unique_ptr<PostgresError> failure;
	while (PGresult* raw = PQgetResult(_conn))
	{
		PostgresResult result(raw);
		if (PQresultStatus(raw) != PGRES_COMMAND_OK && !failure) failure = std::make_unique<PostgresError>(errorOf(raw));
	}
	if (failure) throw *failure;
}


bool PostgresConnection::waitReadable(const CancelCheck& cancelled)
{
	pollfd fd{PQsocket(_conn), POLLIN, 0};
	while (true)
	{
		if (cancelled && cancelled()) return false;
		const int n = ::poll(&fd, 1, 200);
		if (n > 0) break;
		if (n < 0 && errno != EINTR) throw connectionError("waiting for the server");
	}
	if (!PQconsumeInput(_conn)) throw connectionError("reading");
	return true;
}


void PostgresConnection::abandonCopy()
{
	if (PGcancel* cancel = PQgetCancel(_conn))
	{
		char error[256];
		PQcancel(cancel, error, sizeof(error));
		PQfreeCancel(cancel);
	}
	// Drain what the server still sends: the rest of the COPY data, then its
	// results. A result of a COPY still running comes again after each call
	// until its data is read, so the loop reads the data before each result.
	for (int round = 0; round < 100; ++round)
	{
		char* buffer = nullptr;
		int n;
		while ((n = PQgetCopyData(_conn, &buffer, 0)) > 0) PQfreemem(buffer);
		PGresult* raw = PQgetResult(_conn);
		if (!raw) return;
		const ExecStatusType status = PQresultStatus(raw);
		PQclear(raw);
		if (status == PGRES_COPY_IN) PQputCopyEnd(_conn, "cancelled");
		else if (status == PGRES_COPY_OUT && n == -2) break;
	}
	// The protocol state is lost: this connection is of no further use.
	PQfinish(_conn);
	_conn = nullptr;
}


bool PostgresConnection::copyOut(const std::string& statement, const RowHandler& handler, const CancelCheck& cancelled)
{
	// One statement only (extended protocol), as query().
	if (!PQsendQueryParams(_conn, statement.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0)) throw connectionError("sending a query");
	while (true)
	{
		if (!PQconsumeInput(_conn)) throw connectionError("reading");
		if (!PQisBusy(_conn)) break;
		if (!waitReadable(cancelled))
		{
			abandonCopy();
			return false;
		}
	}
	{
		PGresult* raw = PQgetResult(_conn);
		PostgresResult owned(raw);
		if (!raw || PQresultStatus(raw) != PGRES_COPY_OUT)
		{
			PostgresError error = errorOf(raw);
			while (PGresult* rest = PQgetResult(_conn)) PQclear(rest);
			throw error;
		}
	}
	unsigned sinceCheck = 0;
	while (true)
	{
		char* buffer = nullptr;
		const int n = PQgetCopyData(_conn, &buffer, 1);
		if (n > 0)
		{
			bool goOn;
			try
			{
				goOn = handler(buffer, static_cast<std::size_t>(n));
			}
			catch (...)
			{
				PQfreemem(buffer);
				abandonCopy();
				throw;
			}
			PQfreemem(buffer);
			if (++sinceCheck >= 4096)
			{
				sinceCheck = 0;
				if (cancelled && cancelled()) goOn = false;
			}
			if (!goOn)
			{
				abandonCopy();
				return false;
			}
			continue;
		}
		if (n == 0)
		{
			if (!waitReadable(cancelled))
			{
				abandonCopy();
				return false;
			}
			continue;
		}
		if (n == -1) break;
		throw connectionError("reading COPY data");
	}
	checkCopyEnd();
	return true;
}


void PostgresConnection::rollbackQuietly()
{
	if (!_conn || PQtransactionStatus(_conn) == PQTRANS_IDLE) return;
	PGresult* raw = PQexec(_conn, "ROLLBACK");
	if (raw) PQclear(raw);
}


} } // namespace polytomic::postgres
