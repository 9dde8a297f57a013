//
// LoadedPlugin.cpp
//


#include "LoadedPlugin.h"


using namespace polytomic;


LoadedPlugin::LoadedPlugin(const std::string& path):
	_library(plugins::PluginLibrary::open(path)),
	_host(_library->manifest().id),
	_session(_library->connect(_host))
{
}


plugins::ConnectorSession& LoadedPlugin::session()
{
	return *_session;
}


std::vector<plugins::RecordResult> LoadedPlugin::write(const json::Value& config, const std::string& object, uint32_t mode,
	const std::vector<std::string>& identity, sdk::BatchBuilder& batch)
{
	auto writer = _session->openWriter(config, object, mode, identity);
	ArrowSchema schema;
	ArrowArray array;
	batch.finish(&schema, &array);
	std::vector<plugins::RecordResult> results;
	try
	{
		results = writer->write(&schema, &array);
	}
	catch (...)
	{
		schema.release(&schema);
		array.release(&array);
		throw;
	}
	schema.release(&schema);
	array.release(&array);
	writer->close(true);
	return results;
}


namespace
{
	json::Value valueOf(const sdk::BatchReader& batch, int64_t row, std::size_t c)
	{
		if (batch.isNull(row, c)) return json::Value();
		switch (batch.field(c).type)
		{
		case sdk::Type::Int64:
		case sdk::Type::Timestamp: return json::Value(static_cast<long long>(batch.getInt64(row, c)));
		case sdk::Type::Date: return json::Value(static_cast<long long>(batch.getDate(row, c)));
		case sdk::Type::Float64: return json::Value(batch.getFloat64(row, c));
		case sdk::Type::Bool: return json::Value(batch.getBool(row, c));
		default: return json::Value(std::string(batch.getString(row, c)));
		}
	}
}


LoadedPlugin::Read LoadedPlugin::read(const json::Value& config, const std::string& object, int64_t batchRows, const json::Value& state)
{
	plugins::ConnectorSession::ReadSpec spec;
	spec.config = config;
	spec.object = object;
	spec.batchRows = batchRows;
	spec.state = state;
	Read out;
	_session->read(spec, [&](std::unique_ptr<plugins::Batch> batch, const std::string& state) {
		sdk::BatchReader reader(batch->schema(), batch->array());
		out.fields = reader.fields();
		for (int64_t r = 0; r < reader.rows(); ++r)
		{
			std::vector<json::Value> row;
			for (std::size_t c = 0; c < reader.columns(); ++c) row.push_back(valueOf(reader, r, c));
			out.rows.push_back(row);
		}
		out.states.push_back(state);
		return true;
	});
	return out;
}
