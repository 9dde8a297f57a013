//
// PostgresHarness.cpp
//


#include "PostgresHarness.h"
#include "support/TestEnvironment.h"
#include <cstdio>
#include <fstream>


using polytomic::plugins::Batch;
using polytomic::sdk::BatchReader;
using polytomic::sdk::Type;
using polytomic::test::TestDatabase;
using polytomic::test::TestEnvironment;


OwnedBatch::OwnedBatch(polytomic::sdk::BatchBuilder& builder)
{
	builder.finish(&_schema, &_array);
}


OwnedBatch::~OwnedBatch()
{
	if (_schema.release) _schema.release(&_schema);
	if (_array.release) _array.release(&_array);
}


const polytomic::plugins::PluginLibrary& PostgresHarness::library()
{
	static std::unique_ptr<polytomic::plugins::PluginLibrary> library = polytomic::plugins::PluginLibrary::open(POSTGRES_PLUGIN);
	return *library;
}


PostgresHarness::PostgresHarness():
	_host("postgresql"),
	_session(library().connect(_host))
{
}


PostgresHarness::Session& PostgresHarness::session()
{
	return *_session;
}


polytomic::plugins::HostServices& PostgresHarness::host()
{
	return _host;
}


const polytomic::plugins::PluginManifest& PostgresHarness::manifest() const
{
	return library().manifest();
}


PostgresHarness::Value PostgresHarness::config(const TestDatabase& db)
{
	Value config = Value::object();
	config.set("host", TestEnvironment::require("POLYTOMIC_TEST_PG_HOST"));
	config.set("port", static_cast<long long>(std::stoi(TestEnvironment::require("POLYTOMIC_TEST_PG_PORT"))));
	config.set("database", db.name());
	config.set("username", TestEnvironment::require("POLYTOMIC_TEST_PG_USER"));
	config.set("ssl_mode", "disable");
	return config;
}


std::vector<PostgresHarness::Row> PostgresHarness::ReadOutcome::rows() const
{
	std::vector<Row> out;
	for (const auto& batch: batches) out.insert(out.end(), batch.begin(), batch.end());
	return out;
}


PostgresHarness::ReadOutcome PostgresHarness::read(const Session::ReadSpec& spec)
{
	ReadOutcome outcome;
	outcome.completed = _session->read(spec, [&outcome](std::unique_ptr<Batch> batch, const std::string& state) {
		BatchReader reader(batch->schema(), batch->array());
		if (outcome.fields.empty()) outcome.fields = reader.fields();
		std::vector<Row> rows;
		for (int64_t r = 0; r < reader.rows(); ++r)
		{
			Row row;
			for (std::size_t c = 0; c < reader.columns(); ++c) row.push_back(text(reader, r, c));
			rows.push_back(std::move(row));
		}
		outcome.batches.push_back(std::move(rows));
		outcome.states.push_back(state);
		return true;
	});
	return outcome;
}


std::vector<polytomic::plugins::RecordResult> PostgresHarness::write(const TestDatabase& db, const std::string& object, uint32_t mode,
	const std::vector<std::string>& identity, const OwnedBatch& batch)
{
	auto writer = _session->openWriter(config(db), object, mode, identity);
	auto results = writer->write(batch.schema(), batch.array());
	writer->close(true);
	return results;
}


std::optional<std::string> PostgresHarness::text(const BatchReader& batch, int64_t row, std::size_t column)
{
	if (batch.isNull(row, column)) return std::nullopt;
	switch (batch.field(column).type)
	{
	case Type::Int64: return std::to_string(batch.getInt64(row, column));
	case Type::Timestamp: return std::to_string(batch.getTimestamp(row, column));
	case Type::Date: return std::to_string(batch.getDate(row, column));
	case Type::Bool: return batch.getBool(row, column) ? "true" : "false";
	case Type::Float64:
	{
		char buf[40];
		std::snprintf(buf, sizeof(buf), "%.17g", batch.getFloat64(row, column));
		return std::string(buf);
	}
	case Type::Null: return std::nullopt;
	default: return std::string(batch.getString(row, column));
	}
}


std::string PostgresHarness::dump(const TestDatabase& db, const std::string& table, const std::string& orderBy,
	const std::string& separator)
{
	return db.scalar("SELECT coalesce(string_agg(t::text, " + separator + " ORDER BY " + orderBy + "), '') FROM " + table + " AS t");
}


long PostgresHarness::peakRssKb()
{
	std::ifstream status("/proc/self/status");
	std::string line;
	while (std::getline(status, line))
		if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
	return -1;
}
