//
// PgResult.cpp
//


#include "store/PgResult.h"
#include "store/QueryObserver.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string FOREIGN_KEY_VIOLATION = "23503";
}


PgError::PgError(const std::string& sqlState, const std::string& message):
	std::runtime_error(message),
	_sqlState(sqlState)
{
}


PgResult::PgResult(PGresult* pResult):
	_pResult(pResult)
{
}


PgResult::PgResult(PgResult&& other) noexcept:
	_pResult(other._pResult)
{
	other._pResult = nullptr;
}


PgResult::~PgResult()
{
	if (_pResult) PQclear(_pResult);
}


int PgResult::rows() const
{
	return _pResult ? PQntuples(_pResult) : 0;
}


std::string PgResult::value(int row, int column) const
{
	return PQgetvalue(_pResult, row, column);
}


bool PgResult::isNull(int row, int column) const
{
	return PQgetisnull(_pResult, row, column) != 0;
}


PgResult execute(PGconn* conn, const std::string& sql, const std::vector<std::optional<std::string>>& parameters)
{
	QueryObserver* observer = QueryObserver::installed();
	const std::unique_ptr<QueryObserver::Scope> observed = observer ? observer->started(sql) : nullptr;
	PGresult* raw;
	if (parameters.empty())
	{
		raw = PQexec(conn, sql.c_str());
	}
	else
	{
		std::vector<const char*> values;
		for (const auto& p: parameters) values.push_back(p ? p->c_str() : nullptr);
		raw = PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
	}
	PgResult result(raw);
	ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;

	const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
	const char* primary = raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
	std::string message = primary ? primary : PQerrorMessage(conn);
	while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
	const std::string sqlState = state ? state : (PQstatus(conn) == CONNECTION_OK ? "XX000" : "08006");
	if (observed) observed->failed(sqlState);
	if (sqlState == FOREIGN_KEY_VIOLATION) throw ForeignKeyViolation(sqlState, message);
	throw PgError(sqlState, message);
}


} } // namespace polytomic::store
