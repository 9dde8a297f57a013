//
// TableName.cpp
//


#include "TableName.h"
#include "Identifier.h"
#include "polytomic/connector.hpp"


namespace polytomic {
namespace postgres {


TableName::TableName(std::string schema, std::string table):
	_schema(std::move(schema)),
	_table(std::move(table))
{
}


TableName TableName::parse(const std::string& objectId)
{
	std::string schema;
	std::string table;
	if (!objectId.empty() && objectId[0] == '"')
	{
		std::size_t pos = 1;
		bool closed = false;
		while (pos < objectId.size())
		{
			if (objectId[pos] == '"')
			{
				if (pos + 1 < objectId.size() && objectId[pos + 1] == '"')
				{
					schema += '"';
					pos += 2;
					continue;
				}
				closed = true;
				++pos;
				break;
			}
			schema += objectId[pos++];
		}
		if (!closed || pos >= objectId.size() || objectId[pos] != '.')
			throw sdk::Error("object id '" + objectId + "' is not of the form schema.table");
		table = objectId.substr(pos + 1);
	}
	else
	{
		const std::size_t dot = objectId.find('.');
		if (dot == std::string::npos)
		{
			schema = "public";
			table = objectId;
		}
		else
		{
			schema = objectId.substr(0, dot);
			table = objectId.substr(dot + 1);
		}
	}
	if (schema.empty() || table.empty()) throw sdk::Error("object id '" + objectId + "' is not of the form schema.table");
	return TableName(schema, table);
}


std::string TableName::id() const
{
	if (_schema.find('.') != std::string::npos || _schema[0] == '"') return Identifier::quote(_schema) + "." + _table;
	return _schema + "." + _table;
}


std::string TableName::quoted() const
{
	return Identifier::quote(_schema) + "." + Identifier::quote(_table);
}


} } // namespace polytomic::postgres
