//
// PostgresCatalog.cpp
//


#include "PostgresCatalog.h"
#include "PostgresTypes.h"
#include "TableName.h"
#include <map>


namespace polytomic {
namespace postgres {


namespace
{
	const char* RELATIONS = R"SQL(
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
			AND NOT c.relispartition
			AND n.nspname NOT IN ('pg_catalog', 'information_schema')
			AND n.nspname NOT LIKE 'pg\_toast%'
			AND n.nspname NOT LIKE 'pg\_temp\_%'
			AND has_schema_privilege(n.oid, 'USAGE')
			AND has_any_column_privilege(c.oid, 'SELECT'))SQL";


	// Joined after the filter above: pg_attribute is by far the largest catalog.
	const std::string COLUMNS_QUERY = R"SQL(
		SELECT r.nspname, r.relname, r.relkind, a.attname, bt.typname, bt.typcategory,
			format_type(a.atttypid, a.atttypmod), a.attnotnull
		FROM (SELECT c.oid, n.nspname, c.relname, c.relkind )SQL" + std::string(RELATIONS) + R"SQL() r
		JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
		JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
		JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
		ORDER BY r.nspname, r.relname, a.attnum)SQL";

	const std::string KEYS_QUERY = R"SQL(
		SELECT n.nspname, c.relname, a.attname
		FROM pg_catalog.pg_index i
		JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
		WHERE i.indisprimary
			AND n.nspname NOT IN ('pg_catalog', 'information_schema')
			AND n.nspname NOT LIKE 'pg\_toast%'
		ORDER BY n.nspname, c.relname, k.ord)SQL";


	const char* kindName(char relkind)
	{
		switch (relkind)
		{
		case 'v': return "view";
		case 'm': return "materialized view";
		case 'f': return "foreign table";
		default: return "table";
		}
	}
}


PostgresCatalog::PostgresCatalog(PostgresConnection& connection):
	_connection(connection)
{
}


json::Value PostgresCatalog::discover()
{
	std::map<std::pair<std::string, std::string>, json::Value> keys;
	{
		PostgresResult result = _connection.query(KEYS_QUERY);
		for (int r = 0; r < result.rows(); ++r)
		{
			json::Value& list = keys[{result.get(r, 0), result.get(r, 1)}];
			if (list.isNull()) list = json::Value::array();
			list.push(result.get(r, 2));
		}
	}

	json::Value objects = json::Value::array();
	PostgresResult result = _connection.query(COLUMNS_QUERY);
	json::Value object;
	json::Value fields;
	json::Value tracking;
	std::string schema;
	std::string table;
	auto flush = [&]() {
		if (object.isNull()) return;
		object.set("fields", fields);
		auto key = keys.find({schema, table});
		object.set("primary_key", key == keys.end() ? json::Value::array() : key->second);
		object.set("tracking_fields", tracking);
		objects.push(std::move(object));
		object = json::Value();
	};
	for (int r = 0; r < result.rows(); ++r)
	{
		if (object.isNull() || result.get(r, 0) != schema || result.get(r, 1) != table)
		{
			flush();
			schema = result.get(r, 0);
			table = result.get(r, 1);
			const TableName name(schema, table);
			object = json::Value::object();
			object.set("id", name.id());
			object.set("name", table);
			object.set("schema", schema);
			object.set("kind", kindName(result.get(r, 2)[0]));
			fields = json::Value::array();
			tracking = json::Value::array();
		}
		const std::string column = result.get(r, 3);
		const std::string typeName = result.get(r, 4);
		const std::string category = result.get(r, 5);
		json::Value field = json::Value::object();
		field.set("name", column);
		field.set("type", sdk::typeName(PostgresTypes::fromPostgres(typeName, category.empty() ? ' ' : category[0])));
		field.set("nullable", result.get(r, 7) != "t");
		field.set("source_type", result.get(r, 6));
		fields.push(std::move(field));
		if (PostgresTypes::isTrackable(typeName) && !PostgresTypes::isArray(category.empty() ? ' ' : category[0])) tracking.push(column);
	}
	flush();
	json::Value catalog = json::Value::object();
	catalog.set("objects", objects);
	return catalog;
}


} } // namespace polytomic::postgres
