//
// PostgresWriter.cpp
//


#include "PostgresWriter.h"
#include "CopyText.h"
#include "Identifier.h"
#include "PostgresTypes.h"
#include <algorithm>
#include <set>
#include <unordered_map>


namespace polytomic {
namespace postgres {


namespace
{
	const char* SEEN_TABLE = "_polytomic_seen";
	const char* SLICE_SAVEPOINT = "polytomic_slice";
	const char* BATCH_SAVEPOINT = "polytomic_batch";
	const std::string MANAGED_COMMENT = "Created by Polytomic: columns are added and widened to follow the source.";
	const std::size_t SLICE_ROW_BY_ROW = 8;
	const std::size_t MAX_MESSAGE = 1000;


	std::string matching(const std::vector<std::string>& identity, const std::string& left, const std::string& right)
		/// t."a" = s."a" AND t."b" = s."b"
	{
		std::string out;
		for (const auto& name: identity)
		{
			if (!out.empty()) out += " AND ";
			const std::string q = Identifier::quote(name);
			out += left + "." + q + " = " + right + "." + q;
		}
		return out;
	}


	std::string join(const std::vector<std::string>& names, const std::string& separator = ", ")
	{
		std::string out;
		for (std::size_t i = 0; i < names.size(); ++i)
		{
			if (i) out += separator;
			out += names[i];
		}
		return out;
	}


	void encodeValue(const sdk::BatchReader& batch, int64_t row, std::size_t column, std::string& out)
	{
		if (batch.isNull(row, column))
		{
			CopyText::appendNull(out);
			return;
		}
		switch (batch.field(column).type)
		{
		case sdk::Type::String:
		case sdk::Type::Decimal:
		case sdk::Type::Json: CopyText::appendEscaped(out, batch.getString(row, column)); break;
		case sdk::Type::Int64: PostgresTypes::appendInt64(out, batch.getInt64(row, column)); break;
		case sdk::Type::Float64: PostgresTypes::appendFloat64(out, batch.getFloat64(row, column)); break;
		case sdk::Type::Bool: out += batch.getBool(row, column) ? 't' : 'f'; break;
		case sdk::Type::Date: PostgresTypes::appendDate(out, batch.getDate(row, column)); break;
		case sdk::Type::Timestamp: PostgresTypes::appendTimestamp(out, batch.getTimestamp(row, column)); break;
		case sdk::Type::Binary:
			// \x... with its backslash escaped for COPY.
			out += '\\';
			PostgresTypes::appendBytea(out, batch.getString(row, column));
			break;
		case sdk::Type::Null: CopyText::appendNull(out); break;
		}
	}
}


PostgresWriter::PostgresWriter(const PostgresConfig& config, const sdk::WriteRequest& request):
	_table(TableName::parse(request.object)),
	_mode(request.mode),
	_identity(request.identity)
{
	const std::string mode = modeName(_mode);
	if (mode.empty()) throw sdk::Error("unknown write mode " + std::to_string(_mode));
	if (_mode != POLYTOMIC_MODE_APPEND && _identity.empty())
		throw sdk::Error("the " + mode + " mode needs identity fields, to match records with rows");
	std::set<std::string> unique(_identity.begin(), _identity.end());
	if (unique.size() != _identity.size()) throw sdk::Error("an identity field is named twice");
	_connection = std::make_unique<PostgresConnection>(config);
	loadTarget();
}


PostgresWriter::~PostgresWriter() = default;


std::string PostgresWriter::modeName(uint32_t mode)
{
	switch (mode)
	{
	case POLYTOMIC_MODE_APPEND: return "append";
	case POLYTOMIC_MODE_CREATE: return "create";
	case POLYTOMIC_MODE_UPDATE: return "update";
	case POLYTOMIC_MODE_UPDATE_OR_CREATE: return "updateOrCreate";
	case POLYTOMIC_MODE_REPLACE: return "replace";
	case POLYTOMIC_MODE_REMOVE: return "remove";
	case POLYTOMIC_MODE_SNAPSHOT: return "snapshot";
	default: return "";
	}
}


bool PostgresWriter::usesStaging() const
{
	// A snapshot into a table this writer created starts from nothing: nothing to
	// update or delete, so its rows go straight in with COPY.
	return _mode != POLYTOMIC_MODE_APPEND && !(_mode == POLYTOMIC_MODE_SNAPSHOT && _created);
}


bool PostgresWriter::needsUniqueIdentity() const
{
	return _mode == POLYTOMIC_MODE_UPDATE_OR_CREATE || _mode == POLYTOMIC_MODE_REPLACE || _mode == POLYTOMIC_MODE_SNAPSHOT;
}


void PostgresWriter::createSchema()
{
	const auto exists = [this] {
		return _connection->query("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1", {_table.schema()}).rows() > 0;
	};
	if (exists()) return;
	try
	{
		_connection->execute("CREATE SCHEMA IF NOT EXISTS " + Identifier::quote(_table.schema()));
	}
	catch (const PostgresError& e)
	{
		// Another session created it between our look and our CREATE: PostgreSQL's IF NOT EXISTS
		// then fails on pg_namespace's unique index (23505) instead of doing nothing.
		if ((e.sqlState() != "23505" && e.sqlState() != "42P06") || !exists()) throw;
	}
}


void PostgresWriter::loadTarget()
{
	PostgresResult result = _connection->query(
		"SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_class c "
		"LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
		"WHERE c.oid = to_regclass($1) ORDER BY a.attnum",
		{_table.quoted()});
	_exists = result.rows() > 0;
	_managed = _exists && _connection->query("SELECT obj_description(to_regclass($1), 'pg_class') = $2", {_table.quoted(), MANAGED_COMMENT})
		.get(0, 0) == "t";
	_columnTypes.clear();
	for (int r = 0; r < result.rows(); ++r)
		if (!result.isNull(r, 0)) _columnTypes[result.get(r, 0)] = result.get(r, 1);
}


void PostgresWriter::prepareTarget(const sdk::BatchReader& batch)
{
	if (_mode == POLYTOMIC_MODE_REMOVE)
	{
		if (!_exists) return;
		for (const auto& name: _identity)
		{
			if (batch.find(name) < 0) throw sdk::Error("the batch has no identity field '" + name + "'");
			if (!_columnTypes.count(name)) throw sdk::Error("table " + _table.id() + " has no column '" + name + "' (identity)");
		}
		return;
	}
	std::set<std::string> names;
	for (const auto& field: batch.fields())
		if (!names.insert(field.name).second) throw sdk::Error("the batch has two fields named '" + field.name + "'");
	if (_mode != POLYTOMIC_MODE_APPEND)
		for (const auto& name: _identity)
			if (!names.count(name)) throw sdk::Error("the batch has no identity field '" + name + "'");

	if (!_exists)
	{
		// A first snapshot's table appears whole or not at all: created in a transaction that
		// holds every batch, committed only once the whole read succeeded (close(true)).
		createSchema();
		if (_mode == POLYTOMIC_MODE_SNAPSHOT)
		{
			_connection->execute("BEGIN");
			_wholeOrNothing = true;
		}
		std::vector<std::string> columns;
		for (const auto& field: batch.fields())
			columns.push_back(Identifier::quote(field.name) + " " + PostgresTypes::toPostgres(field.type));
		if (!_identity.empty()) columns.push_back("PRIMARY KEY (" + Identifier::quoteList(_identity) + ")");
		_connection->execute("CREATE TABLE IF NOT EXISTS " + _table.quoted() + " (" + join(columns) + ")");
		_connection->execute("COMMENT ON TABLE " + _table.quoted() + " IS '" + MANAGED_COMMENT + "'");
		_created = true;
		loadTarget();
	}
	std::vector<std::string> missing;
	for (const auto& field: batch.fields())
		if (!_columnTypes.count(field.name))
			missing.push_back("ADD COLUMN IF NOT EXISTS " + Identifier::quote(field.name) + " " + PostgresTypes::toPostgres(field.type));
	// A table Polytomic created follows its source: a column whose values no longer fit is widened
	// (never narrowed). A table someone else created is not altered: such values are rejected.
	if (_managed)
		for (const auto& field: batch.fields())
		{
			auto column = _columnTypes.find(field.name);
			if (column == _columnTypes.end()) continue;
			if (auto wider = PostgresTypes::widened(column->second, field.type))
				missing.push_back("ALTER COLUMN " + Identifier::quote(field.name) + " TYPE " + *wider + " USING " + Identifier::quote(field.name) +
					"::" + *wider);
		}
	if (!missing.empty())
	{
		_connection->execute("ALTER TABLE " + _table.quoted() + " " + join(missing));
		loadTarget();
	}
	if (needsUniqueIdentity() && !_identityChecked)
	{
		checkIdentityIndex();
		_identityChecked = true;
	}
}


void PostgresWriter::checkIdentityIndex()
{
	PostgresResult result = _connection->query(
		"SELECT i.indexrelid, a.attname FROM pg_catalog.pg_index i "
		"JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
		"WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indimmediate AND i.indisvalid "
		"AND i.indpred IS NULL AND i.indexprs IS NULL",
		{_table.quoted()});
	std::map<std::string, std::set<std::string>> indexes;
	for (int r = 0; r < result.rows(); ++r) indexes[result.get(r, 0)].insert(result.get(r, 1));
	const std::set<std::string> identity(_identity.begin(), _identity.end());
	for (const auto& index: indexes)
		if (index.second == identity) return;
	throw sdk::Error("table " + _table.id() + " has no primary key or unique index on exactly (" + join(_identity) + "), which the " +
		modeName(_mode) + " mode needs to match records with rows; create one: CREATE UNIQUE INDEX ON " + _table.quoted() + " (" +
		Identifier::quoteList(_identity) + ")");
}


std::string PostgresWriter::stagingTable(const std::vector<std::string>& names)
{
	const std::string signature = join(names, "\x1f");
	auto found = _stagings.find(signature);
	if (found != _stagings.end()) return found->second;
	const std::string name = "_polytomic_stage_" + std::to_string(_stagings.size() + 1);
	_connection->execute("CREATE TEMP TABLE " + Identifier::quote(name) + " ON COMMIT DELETE ROWS AS SELECT " +
		Identifier::quoteList(names) + " FROM " + _table.quoted() + " WITH NO DATA");
	_stagings[signature] = name;
	return name;
}


void PostgresWriter::ensureSeen()
{
	if (_seen) return;
	_connection->execute("CREATE TEMP TABLE " + Identifier::quote(SEEN_TABLE) + " AS SELECT " + Identifier::quoteList(_identity) +
		" FROM " + _table.quoted() + " WITH NO DATA");
	_seen = true;
}


std::string PostgresWriter::applyStatement(const std::string& staging, const std::vector<std::string>& names) const
{
	const std::string target = _table.quoted();
	const std::string stage = Identifier::quote(staging);
	const std::string columns = Identifier::quoteList(names);
	std::vector<std::string> others;
	for (const auto& name: names)
		if (std::find(_identity.begin(), _identity.end(), name) == _identity.end()) others.push_back(name);

	switch (_mode)
	{
	case POLYTOMIC_MODE_UPDATE_OR_CREATE:
	case POLYTOMIC_MODE_REPLACE:
	case POLYTOMIC_MODE_SNAPSHOT:
	{
		std::string sql = "INSERT INTO " + target + " AS t (" + columns + ") SELECT " + columns + " FROM " + stage +
			" ON CONFLICT (" + Identifier::quoteList(_identity) + ") DO ";
		if (others.empty())
		{
			sql += "NOTHING";
		}
		else
		{
			std::vector<std::string> sets;
			for (const auto& name: others)
			{
				const std::string q = Identifier::quote(name);
				sets.push_back(q + " = " +
					(_mode == POLYTOMIC_MODE_UPDATE_OR_CREATE ? "COALESCE(EXCLUDED." + q + ", t." + q + ")" : "EXCLUDED." + q));
			}
			sql += "UPDATE SET " + join(sets);
		}
		if (_mode == POLYTOMIC_MODE_SNAPSHOT)
			sql += "; INSERT INTO " + Identifier::quote(SEEN_TABLE) + " (" + Identifier::quoteList(_identity) + ") SELECT " +
				Identifier::quoteList(_identity) + " FROM " + stage;
		return sql;
	}
	case POLYTOMIC_MODE_CREATE:
		return "INSERT INTO " + target + " (" + columns + ") SELECT " + Identifier::quoteList(names, "s") + " FROM " + stage +
			" AS s WHERE NOT EXISTS (SELECT 1 FROM " + target + " AS t WHERE " + matching(_identity, "t", "s") + ")";
	case POLYTOMIC_MODE_UPDATE:
	{
		if (others.empty()) return "";
		std::vector<std::string> sets;
		for (const auto& name: others)
		{
			const std::string q = Identifier::quote(name);
			sets.push_back(q + " = COALESCE(s." + q + ", t." + q + ")");
		}
		return "UPDATE " + target + " AS t SET " + join(sets) + " FROM " + stage + " AS s WHERE " + matching(_identity, "t", "s");
	}
	case POLYTOMIC_MODE_REMOVE:
		return "DELETE FROM " + target + " AS t USING " + stage + " AS s WHERE " + matching(_identity, "t", "s");
	default: return "";
	}
}


void PostgresWriter::encode(const sdk::BatchReader& batch, Plan& plan, Rejections& rejected) const
{
	const int64_t rows = batch.rows();
	if (_mode == POLYTOMIC_MODE_REMOVE)
	{
		for (const auto& name: _identity) plan.columns.push_back(static_cast<std::size_t>(batch.find(name)));
	}
	else
	{
		for (std::size_t c = 0; c < batch.columns(); ++c) plan.columns.push_back(c);
	}
	for (std::size_t c: plan.columns) plan.names.push_back(batch.field(c).name);

	if (_mode != POLYTOMIC_MODE_APPEND)
	{
		std::vector<std::size_t> identity;
		for (const auto& name: _identity) identity.push_back(static_cast<std::size_t>(batch.find(name)));
		std::vector<std::string> keys(static_cast<std::size_t>(rows));
		std::unordered_map<std::string, int64_t> last;
		for (int64_t row = 0; row < rows; ++row)
		{
			std::string& key = keys[static_cast<std::size_t>(row)];
			for (std::size_t i = 0; i < identity.size(); ++i)
			{
				if (batch.isNull(row, identity[i]))
				{
					rejected[row] = "identity field '" + _identity[i] + "' is null";
					break;
				}
				if (i) key += '\t';
				encodeValue(batch, row, identity[i], key);
			}
			if (!rejected.count(row)) last[key] = row;
		}
		if (_mode != POLYTOMIC_MODE_REMOVE)
			for (int64_t row = 0; row < rows; ++row)
			{
				if (rejected.count(row)) continue;
				const int64_t later = last[keys[static_cast<std::size_t>(row)]];
				if (later != row)
					rejected[row] = "record " + std::to_string(later) + " of this batch has the same identity (" +
						join(_identity) + "); only the last record with an identity is written";
			}
	}

	plan.data.reserve(static_cast<std::size_t>(rows) * 16 * plan.columns.size());
	for (int64_t row = 0; row < rows; ++row)
	{
		if (rejected.count(row)) continue;
		plan.rows.push_back(row);
		plan.offsets.push_back(plan.data.size());
		for (std::size_t i = 0; i < plan.columns.size(); ++i)
		{
			if (i) plan.data += '\t';
			encodeValue(batch, row, plan.columns[i], plan.data);
		}
		plan.data += '\n';
	}
	plan.offsets.push_back(plan.data.size());
}


void PostgresWriter::write(const sdk::BatchReader& batch, sdk::WriteResults& results)
{
	if (_closed || !_connection) throw sdk::Error("the writer is closed");
	prepareTarget(batch);
	Rejections rejected;
	if (_mode != POLYTOMIC_MODE_REMOVE || _exists)
	{
		Plan plan;
		encode(batch, plan, rejected);
		if (usesStaging())
		{
			const std::string staging = stagingTable(plan.names);
			plan.apply = applyStatement(staging, plan.names);
			plan.copy = "COPY " + Identifier::quote(staging) + " (" + Identifier::quoteList(plan.names) + ") FROM STDIN";
			plan.clear = "DELETE FROM " + Identifier::quote(staging);
			if (_mode == POLYTOMIC_MODE_SNAPSHOT) ensureSeen();
		}
		else
		{
			plan.copy = "COPY " + _table.quoted() + " (" + Identifier::quoteList(plan.names) + ") FROM STDIN";
		}
		if (!plan.rows.empty() && (!usesStaging() || !plan.apply.empty())) writeAll(plan, rejected);
	}
	for (int64_t row = 0; row < batch.rows(); ++row)
	{
		auto found = rejected.find(row);
		if (found == rejected.end()) results.ok(row);
		else results.rejected(row, found->second);
	}
}


void PostgresWriter::send(const Plan& plan, std::size_t begin, std::size_t end)
{
	_connection->copyIn(plan.copy, plan.data.data() + plan.offsets[begin], plan.offsets[end] - plan.offsets[begin]);
}


void PostgresWriter::writeAll(const Plan& plan, Rejections& rejected)
{
	const std::size_t count = plan.rows.size();
	std::string failure;
	try
	{
		if (_wholeOrNothing)
		{
			_connection->execute(std::string("SAVEPOINT ") + BATCH_SAVEPOINT);
			send(plan, 0, count);
			_connection->execute(std::string("RELEASE SAVEPOINT ") + BATCH_SAVEPOINT);
		}
		else if (usesStaging())
		{
			_connection->execute("BEGIN");
			send(plan, 0, count);
			_connection->execute(plan.apply);
			_connection->execute("COMMIT");
		}
		else
		{
			send(plan, 0, count);
		}
		return;
	}
	catch (const PostgresError& e)
	{
		if (!e.isRecordError() || !_wholeOrNothing) _connection->rollbackQuietly();
		else _connection->execute(std::string("ROLLBACK TO SAVEPOINT ") + BATCH_SAVEPOINT + "; RELEASE SAVEPOINT " + BATCH_SAVEPOINT);
		if (!e.isRecordError()) throw;
		failure = rejection(e);
	}
	catch (...)
	{
		_connection->rollbackQuietly();
		throw;
	}

	// Some records are bad: find them, in one transaction, with savepoints.
	Rejections found;
	try
	{
		if (!_wholeOrNothing) _connection->execute("BEGIN");
		split(plan, 0, count, failure, found);
		if (!_wholeOrNothing) _connection->execute("COMMIT");
	}
	catch (...)
	{
		_connection->rollbackQuietly();
		throw;
	}
	rejected.insert(found.begin(), found.end());
}


void PostgresWriter::split(const Plan& plan, std::size_t begin, std::size_t end, const std::string& failure, Rejections& rejected)
{
	const std::size_t count = end - begin;
	if (count == 0) return;
	if (count == 1)
	{
		rejected[plan.rows[begin]] = failure;
		return;
	}
	if (count <= SLICE_ROW_BY_ROW)
	{
		for (std::size_t i = begin; i < end; ++i) attemptSlice(plan, i, i + 1, rejected);
		return;
	}
	const std::size_t middle = begin + count / 2;
	attemptSlice(plan, begin, middle, rejected);
	attemptSlice(plan, middle, end, rejected);
}


void PostgresWriter::attemptSlice(const Plan& plan, std::size_t begin, std::size_t end, Rejections& rejected)
{
	std::string failure;
	if (!trySlice(plan, begin, end, failure)) split(plan, begin, end, failure, rejected);
}


bool PostgresWriter::trySlice(const Plan& plan, std::size_t begin, std::size_t end, std::string& failure)
{
	const std::string savepoint = SLICE_SAVEPOINT;
	_connection->execute("SAVEPOINT " + savepoint);
	try
	{
		send(plan, begin, end);
		_connection->execute((plan.apply.empty() ? std::string() : plan.apply + "; " + plan.clear + "; ") + "RELEASE SAVEPOINT " +
			savepoint);
		return true;
	}
	catch (const PostgresError& e)
	{
		if (!e.isRecordError()) throw;
		failure = rejection(e);
	}
	_connection->execute("ROLLBACK TO SAVEPOINT " + savepoint + "; RELEASE SAVEPOINT " + savepoint);
	return false;
}


std::string PostgresWriter::rejection(const PostgresError& error) const
{
	std::string message = error.what();
	if (!error.column().empty() && message.find("\"" + error.column() + "\"") == std::string::npos)
		message = "column \"" + error.column() + "\": " + message;
	if (message.size() > MAX_MESSAGE)
	{
		// Cut at a character boundary: half a UTF-8 character is text PostgreSQL refuses to store.
		std::size_t end = MAX_MESSAGE - 3;
		while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) --end;
		message = message.substr(0, end) + "...";
	}
	return message;
}


void PostgresWriter::close(bool commit)
{
	if (_closed) return;
	_closed = true;
	if (_wholeOrNothing && commit) _connection->execute("COMMIT");
	else if (_wholeOrNothing) _connection->rollbackQuietly();
	if (commit && _mode == POLYTOMIC_MODE_SNAPSHOT && _exists && !_created)
	{
		if (_seen)
			_connection->execute("ANALYZE " + Identifier::quote(SEEN_TABLE) + "; DELETE FROM " + _table.quoted() +
				" AS t WHERE NOT EXISTS (SELECT 1 FROM " + Identifier::quote(SEEN_TABLE) + " AS s WHERE " +
				matching(_identity, "s", "t") + ")");
		else
			_connection->execute("DELETE FROM " + _table.quoted());
	}
	_connection.reset();
}


} } // namespace polytomic::postgres
