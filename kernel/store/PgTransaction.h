//
// PgTransaction.h
//
// Definition of inTransaction, for repositories that work on a raw libpq connection.
//


#ifndef Polytomic_Store_PgTransaction_INCLUDED
#define Polytomic_Store_PgTransaction_INCLUDED


#include "store/PgResult.h"


namespace polytomic {
namespace store {


template <typename Work>
void inTransaction(PGconn* conn, Work work)
	/// Runs work between BEGIN and COMMIT; rolls back and rethrows when it throws
	/// (unless the connection is gone, which ends the transaction by itself).
{
	execute(conn, "BEGIN");
	try
	{
		work();
		execute(conn, "COMMIT");
	}
	catch (...)
	{
		if (PQstatus(conn) == CONNECTION_OK) PQclear(PQexec(conn, "ROLLBACK"));
		throw;
	}
}


} } // namespace polytomic::store


#endif // Polytomic_Store_PgTransaction_INCLUDED
