//
// PostgresCatalog.h
//
// Definition of the PostgresCatalog class.
//


#ifndef Polytomic_Postgres_PostgresCatalog_INCLUDED
#define Polytomic_Postgres_PostgresCatalog_INCLUDED


#include "PostgresConnection.h"
#include "polytomic/json.hpp"


namespace polytomic {
namespace postgres {


class PostgresCatalog
	/// What a database holds for the connector to read: every table, partitioned
	/// table, view, materialized view and foreign table the user may read, in
	/// every schema but pg_catalog, information_schema and pg_toast*, with their
	/// columns, primary keys and tracking fields.
	///
	/// Two catalog queries for the whole database, however many tables it has.
{
public:
	explicit PostgresCatalog(PostgresConnection& connection);

	json::Value discover();
		/// {"objects": [{"id": "schema.table", "name", "schema", "kind",
		///   "fields": [{"name", "type", "nullable", "source_type"}],
		///   "primary_key": [...], "tracking_fields": [...]}]}

private:
	PostgresConnection& _connection;
};


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_PostgresCatalog_INCLUDED
