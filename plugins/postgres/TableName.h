//
// TableName.h
//
// Definition of the TableName class.
//


#ifndef Polytomic_Postgres_TableName_INCLUDED
#define Polytomic_Postgres_TableName_INCLUDED


#include <string>


namespace polytomic {
namespace postgres {


class TableName
	/// A schema-qualified relation and its object id, "schema.table".
	///
	/// The id splits at its first dot; a schema whose name holds a dot or starts
	/// with a double quote is written quoted ("my.schema".table). An id without a
	/// dot names a table of the schema public.
{
public:
	TableName(std::string schema, std::string table);

	static TableName parse(const std::string& objectId);
		/// Throws sdk::Error for an id that names no table.

	const std::string& schema() const;
	const std::string& table() const;

	std::string id() const;
		/// The object id, as discover lists it.

	std::string quoted() const;
		/// "schema"."table", for SQL text.

private:
	std::string _schema;
	std::string _table;
};


//
// inlines
//
inline const std::string& TableName::schema() const
{
	return _schema;
}


inline const std::string& TableName::table() const
{
	return _table;
}


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_TableName_INCLUDED
