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
	/// stable; read returns what discover promised (and there is something to
	/// read), resumes from its state past the tracking value reached, stops when
	/// asked, obeys batch_rows, returns the fields asked for, and keeps memory
	/// bounded by the batch size; write reports every record, is idempotent under
	/// each mode it declares and leaves the expected end state (when the connector
	/// can read the object back), and a snapshot deletes what it was not given.
{
public:
	struct Options
	{
		std::string plugin;
		json::Value config;
		std::string object;           /// the object to read; default: the first one discovered
		std::string writeObject;      /// the prefix of the objects written: <prefix>_<run>_<mode>; default: polytomic_harness
		std::string writeInto;        /// write into this existing object instead (for systems whose objects cannot be made)
		std::string identity;         /// the identity field of the writes; default: the read object's primary key
		std::vector<std::string> writeFields; /// the fields written; default: every field read
		json::Value records;          /// for a connector that is not a source: {"fields": [{"name", "type"}], "sample": [[...]]} to write
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
	std::string _run; /// random, in the name of every object this run writes
	Executor _executor;
};


int runConformance(const std::vector<std::string>& args, std::ostream& out);
	/// `polytomic connector test <plugin.so> --config <file.json> [--object <id>] [--write-object <prefix>] [--records <file.json>] [--strict]`:
	/// one line per check (PASS/FAIL/SKIP), a summary line, exit code 1 when any check failed
	/// (with --strict, also when any was skipped).


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_ConformanceHarness_INCLUDED
