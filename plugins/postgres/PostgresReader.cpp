//
// PostgresReader.cpp
//


#include "PostgresReader.h"
#include "CopyText.h"
#include "Identifier.h"
#include "PostgresTypes.h"
#include "TableName.h"
#include <algorithm>
#include <cctype>
#include <map>
#include <set>


namespace polytomic {
namespace postgres {


const std::size_t PostgresReader::MAX_BATCH_BYTES = 64u << 20;
const int PostgresReader::CLIENT_CHECK_MILLISECONDS = 2000;


namespace
{
	bool timedOut(const PostgresError& e)
	{
		return e.sqlState() == "57014" && std::string(e.what()).find("statement timeout") != std::string::npos;
	}
}


PostgresReader::PostgresReader(PostgresConnection& connection, const sdk::ReadRequest& request, const sdk::Host& host):
	_connection(connection),
	_request(request),
	_host(host)
{
	const json::Value& cursor = request.state["cursor"];
	if (!request.trackingField.empty() && cursor.isString()) _cursor = cursor.asString();
}


std::string PostgresReader::source() const
{
	if (!_request.query.empty())
	{
		std::string query = _request.query;
		while (!query.empty() && (query.back() == ';' || std::isspace(static_cast<unsigned char>(query.back())))) query.pop_back();
		if (query.empty()) throw sdk::Error("the query is empty");
		return query;
	}
	if (_request.object.empty()) throw sdk::Error("a read needs an object (schema.table) or a query");
	return "SELECT * FROM " + TableName::parse(_request.object).quoted();
}


void PostgresReader::describe(const std::string& source)
{
	PostgresResult shape = [&]() {
		try
		{
			return _connection.query("SELECT * FROM (" + source + "\n) AS q LIMIT 0");
		}
		catch (const PostgresError& e)
		{
			if (_request.query.empty() && (e.sqlState() == "42P01" || e.sqlState() == "3F000"))
				throw sdk::Error("object '" + _request.object + "' does not exist (or is not visible to this user): " + e.what());
			if (_request.query.empty()) throw;
			throw queryError(e);
		}
	}();
	std::string oids = "{";
	for (int c = 0; c < shape.columns(); ++c)
	{
		if (c) oids += ',';
		oids += std::to_string(shape.type(c));
	}
	oids += '}';
	std::map<Oid, std::pair<std::string, char>> types;
	PostgresResult typeRows = _connection.query("SELECT t.oid, bt.typname, bt.typcategory FROM pg_catalog.pg_type t "
		"JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END "
		"WHERE t.oid = ANY($1::oid[])", {oids});
	for (int r = 0; r < typeRows.rows(); ++r)
	{
		const std::string category = typeRows.get(r, 2);
		types[static_cast<Oid>(std::stoul(typeRows.get(r, 0)))] = {typeRows.get(r, 1), category.empty() ? ' ' : category[0]};
	}
	std::set<std::string> names;
	for (int c = 0; c < shape.columns(); ++c)
	{
		Column column;
		column.name = shape.name(c);
		for (int n = 2; !names.insert(column.name).second; ++n) column.name = shape.name(c) + "_" + std::to_string(n);
		column.alias = "c" + std::to_string(c + 1);
		const auto type = types.find(shape.type(c));
		if (type != types.end())
		{
			column.typeName = type->second.first;
			column.category = type->second.second;
		}
		column.type = PostgresTypes::fromPostgres(column.typeName, column.category);
		_columns.push_back(column);
	}

	auto find = [this](const std::string& name) {
		for (std::size_t i = 0; i < _columns.size(); ++i)
			if (_columns[i].name == name) return static_cast<int>(i);
		return -1;
	};
	if (_request.fields.empty())
	{
		for (std::size_t i = 0; i < _columns.size(); ++i) _selected.push_back(i);
	}
	else
	{
		for (const auto& name: _request.fields)
		{
			const int i = find(name);
			if (i < 0) throw sdk::Error("field '" + name + "' is not a column of " + (_request.query.empty() ? _request.object : "the query"));
			_selected.push_back(static_cast<std::size_t>(i));
		}
	}
	if (!_request.trackingField.empty())
	{
		_tracking = find(_request.trackingField);
		if (_tracking < 0)
			throw sdk::Error("tracking field '" + _request.trackingField + "' is not a column of " +
				(_request.query.empty() ? _request.object : "the query"));
	}
}


std::string PostgresReader::copyStatement(const std::string& source) const
{
	std::string aliases;
	for (std::size_t i = 0; i < _columns.size(); ++i)
	{
		if (i) aliases += ", ";
		aliases += Identifier::quote(_columns[i].alias);
	}
	std::vector<std::string> list;
	std::string tracking;
	if (_tracking >= 0)
	{
		// The tracking value's own text first: it becomes the cursor.
		tracking = "q." + Identifier::quote(_columns[static_cast<std::size_t>(_tracking)].alias);
		list.push_back(tracking);
	}
	for (std::size_t i: _selected)
	{
		const Column& c = _columns[i];
		const std::string ref = "q." + Identifier::quote(c.alias);
		list.push_back(PostgresTypes::isArray(c.category) ? "array_to_json(" + ref + ")" : ref);
	}
	if (list.empty()) list.push_back("NULL");
	std::string sql = "COPY (SELECT ";
	for (std::size_t i = 0; i < list.size(); ++i)
	{
		if (i) sql += ", ";
		sql += list[i];
	}
	sql += " FROM (" + source + "\n) AS q(" + aliases + ")";
	if (!tracking.empty())
	{
		if (_cursor) sql += " WHERE " + tracking + " > " + _connection.literal(*_cursor);
		sql += " ORDER BY " + tracking;
	}
	return sql + ") TO STDOUT";
}


void PostgresReader::append(sdk::BatchBuilder& builder, std::size_t index, const Column& column, std::string_view raw)
{
	if (CopyText::isNull(raw))
	{
		builder.appendNull(index);
		return;
	}
	switch (column.type)
	{
	case sdk::Type::Int64: builder.appendInt64(index, PostgresTypes::parseInt64(raw)); break;
	case sdk::Type::Float64: builder.appendFloat64(index, PostgresTypes::parseFloat64(raw)); break;
	case sdk::Type::Bool: builder.appendBool(index, raw == "t"); break;
	case sdk::Type::Decimal: builder.appendDecimal(index, raw); break;
	case sdk::Type::Date: builder.appendDate(index, PostgresTypes::parseDate(raw)); break;
	case sdk::Type::Timestamp: builder.appendTimestamp(index, PostgresTypes::parseTimestamp(raw)); break;
	case sdk::Type::Json: builder.appendJson(index, CopyText::unescape(raw, _scratch)); break;
	case sdk::Type::Binary:
		PostgresTypes::parseBytea(CopyText::unescape(raw, _scratch), _bytes);
		builder.appendBinary(index, _bytes);
		break;
	case sdk::Type::Null: builder.appendNull(index); break;
	case sdk::Type::String: builder.appendString(index, CopyText::unescape(raw, _scratch)); break;
	}
}


json::Value PostgresReader::stateAfter() const
{
	if (_request.trackingField.empty()) return json::Value();
	if (!_cursor) return _request.state.isNull() ? json::Value() : _request.state;
	json::Value state = json::Value::object();
	state.set("cursor", *_cursor);
	return state;
}


void PostgresReader::beginReadOnly()
{
	_connection.execute("BEGIN READ ONLY");
	if (_request.query.empty()) return;
	_connection.execute("SET LOCAL statement_timeout = " + std::to_string(_connection.config().statementTimeout() * 1000LL));
	// PostgreSQL 14 and later then notice an executor killed mid-query (a
	// preview past its time limit) and stop the query, instead of running it
	// to the timeout for nobody.
	if (_connection.serverVersion() >= 140000)
		_connection.execute("SET LOCAL client_connection_check_interval = " + std::to_string(CLIENT_CHECK_MILLISECONDS));
}


sdk::Error PostgresReader::queryError(const PostgresError& e) const
{
	if (timedOut(e))
		return sdk::Error("the query ran longer than the connection's statement_timeout (" +
			std::to_string(_connection.config().statementTimeout()) + " s) and PostgreSQL cancelled it; make the query faster, or raise "
			"statement_timeout in the connection's configuration");
	if (std::string(e.what()).find("multiple commands") != std::string::npos)
		return sdk::Error(std::string("a model's query must be one statement (no ';' between statements): ") + e.what());
	if (e.sqlState() == "25006")
		return sdk::Error(std::string("the query tries to change data, and a model only reads: ") + e.what());
	return sdk::Error(std::string("the query cannot run: ") + e.what());
}


void PostgresReader::read(sdk::ReadContext& context)
{
	const std::string from = source();
	beginReadOnly();
	describe(from);
	const std::string statement = copyStatement(from);

	std::vector<sdk::Field> fields;
	for (std::size_t i: _selected) fields.push_back(sdk::Field{_columns[i].name, _columns[i].type, true});
	sdk::BatchBuilder builder(fields);
	const std::size_t offset = _tracking >= 0 ? 1 : 0;
	const std::size_t expected = std::max<std::size_t>(_selected.size() + offset, 1);
	const int64_t batchRows = _request.batchRows > 0 ? _request.batchRows : 10000;
	int64_t inBatch = 0;
	int64_t total = 0;
	bool emitted = false;
	bool full = false;
	std::vector<std::string_view> raw;
	std::string previous;
	bool previousNull = true;

	auto emit = [&]() {
		emitted = true;
		total += inBatch;
		inBatch = 0;
		full = false;
		const bool goOn = context.emit(builder, stateAfter());
		_host.progress(total);
		return goOn;
	};

	const auto copy = [&](const PostgresConnection::RowHandler& handler) {
		try
		{
			return _connection.copyOut(statement, handler, [&context]() { return context.cancelled(); });
		}
		catch (const PostgresError& e)
		{
			if (_request.query.empty()) throw;
			throw queryError(e);
		}
	};
	const bool completed = copy(
		[&](const char* line, std::size_t length) {
			CopyText::split(line, length, raw);
			if (raw.size() != expected)
				throw sdk::Error("PostgreSQL sent a row of " + std::to_string(raw.size()) + " fields, " + std::to_string(expected) +
					" expected");
			if (full)
			{
				// Never end a batch between rows of the same tracking value.
				const bool sameValue = _tracking >= 0 && !previousNull && !CopyText::isNull(raw[0]) && raw[0] == previous;
				if (!sameValue && !emit()) return false;
			}
			if (_tracking >= 0)
			{
				previousNull = CopyText::isNull(raw[0]);
				if (!previousNull)
				{
					previous.assign(raw[0].data(), raw[0].size());
					_cursor = previous;
				}
			}
			for (std::size_t i = 0; i < _selected.size(); ++i) append(builder, i, _columns[_selected[i]], raw[i + offset]);
			++inBatch;
			if (inBatch >= batchRows || (inBatch % 256 == 0 && builder.bytes() >= MAX_BATCH_BYTES)) full = true;
			return true;
		});
	if (!completed) return;
	if (inBatch > 0 || !emitted) emit();
	_connection.rollbackQuietly();
}


} } // namespace polytomic::postgres
