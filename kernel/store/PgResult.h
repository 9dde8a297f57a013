//
// PgResult.h
//
// Definition of the PgResult class and the execute function (raw libpq).
//


#ifndef Polytomic_Store_PgResult_INCLUDED
#define Polytomic_Store_PgResult_INCLUDED


#include <libpq-fe.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


class PgError: public std::runtime_error
	/// A statement run through raw libpq failed; carries the SQLSTATE.
{
public:
	PgError(const std::string& sqlState, const std::string& message);

	const std::string& sqlState() const;

private:
	std::string _sqlState;
};


class ForeignKeyViolation: public PgError
	/// SQLSTATE 23503: a row names another that is gone, or a row still named
	/// by others was to be deleted; with a check made just before, this is a
	/// race with a concurrent request (a model deleted while a sync on it is
	/// created). Callers answer 409: the request may be tried again.
{
public:
	using PgError::PgError;
};


class PgResult
	/// Owns a PGresult (freed with PQclear).
{
public:
	explicit PgResult(PGresult* pResult);
	PgResult(PgResult&& other) noexcept;
	PgResult(const PgResult&) = delete;
	PgResult& operator=(const PgResult&) = delete;
	~PgResult();

	int rows() const;
	std::string value(int row, int column) const;
	bool isNull(int row, int column) const;

private:
	PGresult* _pResult;
};


PgResult execute(PGconn* conn, const std::string& sql, const std::vector<std::optional<std::string>>& parameters = {});
	/// Runs sql with $1..$n text parameters (nothing for NULL), or, without
	/// parameters, a script of several statements; throws PgError unless it succeeded
	/// (ForeignKeyViolation for SQLSTATE 23503).


//
// inlines
//
inline const std::string& PgError::sqlState() const
{
	return _sqlState;
}


} } // namespace polytomic::store


#endif // Polytomic_Store_PgResult_INCLUDED
