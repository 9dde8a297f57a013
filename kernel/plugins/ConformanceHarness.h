//
// ConformanceHarness.h
//
// Definition of the ConformanceHarness class.
//


#ifndef Polytomic_Plugins_ConformanceHarness_INCLUDED
#define Polytomic_Plugins_ConformanceHarness_INCLUDED


#include "plugins/Executor.h"
#include "polytomic/json.hpp"
#include <functional>
#include <string>
#include <vector>


namespace polytomic {
namespace plugins {


class ConformanceHarness
	/// The checks every connector must pass (`polytomic connector test`), run
	/// against the plugin through executor processes exactly as the server runs
	/// it: manifest; spec is a JSON Schema with its secrets marked; check passes
	/// on the given configuration and fails cleanly on an empty one; discover is
	/// stable; read returns what discover promised, resumes from its state and
	/// stops when asked; write reports every record, is idempotent under each
	/// mode it declares and leaves the expected end state (when the connector can
	/// read the object back); memory stays bounded.
{
public:
	struct Options
	{
		std::string plugin;
		json::Value config;
		std::string object;           /// the object to read; default: the first one discovered
		std::string writeObject;      /// the object to write; default: polytomic_harness_<random>
		std::size_t memoryLimitBytes = std::size_t(1) << 30;
		std::size_t memoryBoundBytes = std::size_t(512) << 20; /// the peak an executor may reach reading
	};

	struct Outcome
	{
		std::string check;
		enum Status { PASSED, FAILED, SKIPPED } status;
		std::string detail;
	};

	ConformanceHarness(Options options, std::string program);

	std::vector<Outcome> run(const std::function<void(const Outcome&)>& report);
		/// Runs every check, reporting each as it finishes.

private:
	json::Value execute(const std::string& operation, const json::Value& config, const std::string& key = "",
		const json::Value& payload = json::Value()) const;

	Options _options;
	Executor _executor;
};


int runConformance(const std::vector<std::string>& args, std::ostream& out);
	/// `polytomic connector test <plugin.so> --config <file.json> [--object <id>] [--write-object <name>]`:
	/// one line per check (PASS/FAIL/SKIP), a summary line, exit code 1 when any check failed.


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_ConformanceHarness_INCLUDED
