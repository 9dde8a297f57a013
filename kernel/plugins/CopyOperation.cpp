//
// CopyOperation.cpp
//


#include "plugins/CopyOperation.h"
#include "plugins/BatchQueue.h"
#include "plugins/PluginError.h"


namespace polytomic {
namespace plugins {


json::Value copyRecords(ConnectorSession& source, ConnectorSession& destination, const json::Value& request)
{
	const json::Value& w = request["write"];
	std::vector<std::string> identity;
	if (w["identity"].isArray())
		for (const auto& f: w["identity"].items()) identity.push_back(f.asString());
	auto writer = destination.openWriter(request["destination_config"], w.getString("object"),
		static_cast<uint32_t>(w.getInt64("mode", POLYTOMIC_MODE_APPEND)), identity);

	SourceReader reader(source, ConnectorSession::ReadSpec::fromJson(request["source_config"], request["read"]));

	const int64_t maxRejections = request.getInt64("max_rejections", 100);
	int64_t rowsRead = 0, written = 0, rejected = 0;
	std::string state;
	json::Value rejections = json::Value::array();
	while (auto item = reader.next())
	{
		const auto results = writer->write(item->batch->schema(), item->batch->array());
		for (std::size_t row = 0; row < results.size(); ++row)
		{
			if (results[row].ok)
			{
				++written;
				continue;
			}
			if (rejected++ < maxRejections)
			{
				json::Value rejection = json::Value::object();
				rejection.set("row", static_cast<long long>(rowsRead + static_cast<int64_t>(row)));
				rejection.set("message", results[row].message);
				rejections.push(rejection);
			}
		}
		rowsRead += item->batch->rows();
		if (!item->state.empty()) state = item->state;
	}
	const bool readComplete = reader.finish();
	writer->close(readComplete);

	json::Value result = json::Value::object();
	result.set("rows_read", static_cast<long long>(rowsRead));
	result.set("records_written", static_cast<long long>(written));
	result.set("records_rejected", static_cast<long long>(rejected));
	result.set("rejections", rejections);
	result.set("state", state.empty() ? json::Value() : json::Value::parse(state));
	result.set("complete", readComplete);
	return result;
}


} } // namespace polytomic::plugins
