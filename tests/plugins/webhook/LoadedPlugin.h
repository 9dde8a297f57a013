//
// LoadedPlugin.h
//
// Definition of the LoadedPlugin class.
//


#ifndef LoadedPlugin_INCLUDED
#define LoadedPlugin_INCLUDED


#include "plugins/ConnectorSession.h"
#include "plugins/HostServices.h"
#include "plugins/PluginLibrary.h"
#include "polytomic/batch.hpp"
#include <memory>
#include <string>
#include <vector>


class LoadedPlugin
	/// A built plugin loaded as the server loads one, with one session on it.
{
public:
	explicit LoadedPlugin(const std::string& path);

	polytomic::plugins::ConnectorSession& session();

	std::vector<polytomic::plugins::RecordResult> write(const polytomic::json::Value& config, const std::string& object, uint32_t mode,
		const std::vector<std::string>& identity, polytomic::sdk::BatchBuilder& batch);
		/// Opens a writer, writes the batch, closes it with commit.

	struct Read
	{
		std::vector<polytomic::sdk::Field> fields;
		std::vector<std::vector<polytomic::json::Value>> rows;   /// each value as JSON (text, numbers, true/false, null)
		std::vector<std::string> states;
	};

	Read read(const polytomic::json::Value& config, const std::string& object, int64_t batchRows = 0,
		const polytomic::json::Value& state = polytomic::json::Value());

private:
	std::unique_ptr<polytomic::plugins::PluginLibrary> _library;
	polytomic::plugins::HostServices _host;
	std::unique_ptr<polytomic::plugins::ConnectorSession> _session;
};


#endif // LoadedPlugin_INCLUDED
