//
// Executor.cpp
//


#include "plugins/Executor.h"
#include "plugins/BatchJson.h"
#include "plugins/CopyOperation.h"
#include "plugins/SyncOperation.h"
#include "plugins/RateBudget.h"
#include "plugins/TokenPipe.h"
#include "plugins/Utf8Repair.h"
#include "plugins/CrashSignals.h"
#include "plugins/PluginError.h"
#include "plugins/PluginLibrary.h"
#include "plugins/Subprocess.h"
#include "telemetry/Metrics.h"
#include "telemetry/Tracer.h"
#include "Poco/Logger.h"
#include <algorithm>
#include <csignal>
#include <cstring>
#include <fstream>
#include <istream>
#include <iterator>
#include <new>
#include <ostream>
#include <sys/resource.h>
#include <ext/stdio_filebuf.h>
#include <iostream>
#include <thread>
#include <mutex>
#include <optional>
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>


namespace polytomic {
namespace plugins {


namespace
{
	std::string seconds(std::chrono::milliseconds ms)
	{
		return std::to_string((ms.count() + 999) / 1000) + " s";
	}


	std::string outOfMemory(const std::string& operation)
	{
		struct rlimit limit;
		::getrlimit(RLIMIT_AS, &limit);
		const std::string amount = limit.rlim_cur == RLIM_INFINITY ? std::string("the machine's")
			: std::to_string(limit.rlim_cur >> 20) + " MiB";
		return "the connector ran out of memory during " + operation + " (limit " + amount + ")";
	}


	long long peakResidentBytes()
	{
		std::ifstream status("/proc/self/status");
		std::string line;
		while (std::getline(status, line))
			if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
		return 0;
	}


	class SampleBudget
		/// What the rows of a read's sample may take as text: each value at most
		/// Executor::SAMPLE_VALUE_BYTES, all rows about Executor::SAMPLE_BYTES; a row
		/// past that is left out. The server holds the sample, and a preview of
		/// 20 MB values would otherwise cost it hundreds of MB a request.
	{
	public:
		bool exhausted() const { return _remaining == 0; }

		bool valuesCut() const { return _valuesCut; }
			/// A value of the sample was cut (it ends "... [truncated: N bytes in all]").

		json::Value row(const sdk::BatchReader& reader, int64_t row)
		{
			// The rest is shared among the row's values; a short one is never cut.
			const std::size_t share = _remaining / std::max<std::size_t>(reader.columns(), 1);
			json::Value values = rowToJson(reader, row, std::max<std::size_t>(64, std::min(Executor::SAMPLE_VALUE_BYTES, share)), &_valuesCut);
			const std::size_t cost = values.dump().size();
			_remaining -= std::min(cost, _remaining);
			return values;
		}

	private:
		std::size_t _remaining = Executor::SAMPLE_BYTES;
		bool _valuesCut = false;
	};


	json::Value readOperation(ConnectorSession& session, const json::Value& request)
	{
		const json::Value& r = request["read"];
		const ConnectorSession::ReadSpec spec = ConnectorSession::ReadSpec::fromJson(request["config"], r);
		const int64_t maxRows = r.getInt64("max_rows", -1);
		const int64_t sampleRows = r.getInt64("sample_rows", 20);

		int64_t rows = 0, batches = 0, largestBatch = 0;
		std::string lastState;
		json::Value fields, sample = json::Value::array();
		SampleBudget budget;
		const bool complete = session.read(spec, [&](std::unique_ptr<Batch> batch, const std::string& state) {
			sdk::BatchReader reader(batch->schema(), batch->array());
			if (fields.isNull()) fields = fieldsToJson(reader.fields());
			for (int64_t row = 0; row < reader.rows() && static_cast<int64_t>(sample.size()) < sampleRows && !budget.exhausted(); ++row)
				sample.push(budget.row(reader, row));
			rows += reader.rows();
			largestBatch = std::max<int64_t>(largestBatch, reader.rows());
			++batches;
			if (!state.empty()) lastState = state;
			return maxRows < 0 || rows < maxRows;
		});
		json::Value result = json::Value::object();
		result.set("rows", static_cast<long long>(rows));
		result.set("batches", static_cast<long long>(batches));
		result.set("largest_batch_rows", static_cast<long long>(largestBatch));
		result.set("complete", complete);
		result.set("state", lastState.empty() ? json::Value() : json::Value::parse(lastState));
		result.set("fields", fields.isNull() ? json::Value::array() : fields);
		result.set("sample", sample);
		result.set("sample_values_cut", budget.valuesCut());
		result.set("peak_rss_bytes", peakResidentBytes());
		return result;
	}


	json::Value writeOperation(ConnectorSession& session, const json::Value& request)
	{
		const json::Value& w = request["write"];
		std::vector<std::string> identity;
		if (w["identity"].isArray())
			for (const auto& f: w["identity"].items()) identity.push_back(f.asString());
		const uint32_t mode = static_cast<uint32_t>(w.getInt64("mode", POLYTOMIC_MODE_APPEND));
		auto writer = session.openWriter(request["config"], w.getString("object"), mode, identity);
		json::Value results = json::Value::array();
		for (const auto& rows: w["batches"].items())
		{
			sdk::BatchBuilder builder(fieldsFromJson(w["fields"]));
			for (const auto& row: rows.items()) appendJsonRow(builder, row);
			ArrowSchema schema;
			ArrowArray array;
			builder.finish(&schema, &array);
			Batch batch(&schema, &array);
			for (const RecordResult& r: writer->write(batch.schema(), batch.array()))
			{
				json::Value item = json::Value::object();
				item.set("ok", r.ok);
				if (!r.ok) item.set("message", r.message);
				results.push(item);
			}
		}
		writer->close(w.getBool("commit", true));
		json::Value result = json::Value::object();
		result.set("results", results);
		return result;
	}


	json::Value perform(ConnectorSession& session, const json::Value& request)
	{
		const std::string operation = request.getString("operation");
		if (operation == "spec") return session.spec();
		if (operation == "check")
		{
			session.check(request["config"]);
			return json::Value::object();
		}
		if (operation == "discover") return session.discover(request["config"]);
		if (operation == "read") return readOperation(session, request);
		if (operation == "write") return writeOperation(session, request);
		throw std::invalid_argument("unknown operation '" + operation + "'");
	}


	json::Value answer(bool ok, const json::Value& payload)
	{
		json::Value out = json::Value::object();
		out.set("ok", ok);
		out.set(ok ? "result" : "error", payload);
		return out;
	}
}


void Executor::countFailure(const std::string& reason)
{
	static std::once_flag defined;
	telemetry::Metrics& metrics = telemetry::Metrics::process();
	std::call_once(defined, [&metrics] {
		metrics.defineCounter("polytomic_executor_crashes_total",
			"Executor processes that ended without an answer (crashed, out_of_memory, killed, timed_out, no_answer); the execution records the error.");
		for (const char* r: {"crashed", "out_of_memory", "killed", "timed_out", "no_answer"})
			metrics.increment("polytomic_executor_crashes_total", {{"reason", r}}, 0);
	});
	if (!reason.empty()) metrics.increment("polytomic_executor_crashes_total", {{"reason", reason}});
}


namespace
{
	struct AbnormalEnd
	{
		std::string reason; /// of polytomic_executor_crashes_total
		std::string message;
	};


	std::string mebibytes(long long bytes)
	{
		return std::to_string(bytes >> 20) + " MiB";
	}


	AbnormalEnd killedBySignal(const std::string& operation, const Executor::Limits& limits, const Subprocess::Result& result)
		/// SIGKILL is the OOM killer's signal and an operator's: memory only when the kernel
		/// killed for memory while it ran, or the executor had used most of its limit.
	{
		const bool nearLimit = limits.memoryBytes && result.peakResidentBytes >= static_cast<long long>(limits.memoryBytes / 4 * 3);
		if (result.signal == SIGKILL && (result.systemOutOfMemory || nearLimit))
			return {"out_of_memory", "the connector ran out of memory during " + operation + " (it was killed by signal 9 using " +
				mebibytes(result.peakResidentBytes) + " of its " + mebibytes(static_cast<long long>(limits.memoryBytes)) + " limit" +
				(result.systemOutOfMemory ? ", by the kernel's out-of-memory killer" : "") + "); give it more memory (EXECUTOR_MEMORY_LIMIT, "
				"the container's limit) or read smaller batches"};
		if (result.signal == SIGKILL)
			return {"killed", "the executor of " + operation + " was killed from outside (signal 9) using " + mebibytes(result.peakResidentBytes) +
				" of memory, not for memory: another process or the operator ended it"};
		if (result.signal == SIGTERM || result.signal == SIGINT || result.signal == SIGHUP || result.signal == SIGQUIT)
			return {"killed", "the executor of " + operation + " was stopped from outside (" + result.describeEnd().substr(4) + ")"};
		return {"crashed", "the connector crashed during " + operation + " (" + result.describeEnd().substr(4) + ")"};
	}


	std::optional<AbnormalEnd> abnormalEnd(const std::string& operation, const Executor::Limits& limits, const Subprocess::Result& result)
		/// How the executor ended when it did not exit; nothing when it did.
	{
		if (result.timedOut)
			return AbnormalEnd{"timed_out", "the connector did not finish " + operation + " within " + seconds(limits.timeout) + "; it was stopped" +
				(limits.timeoutSetting.empty() ? std::string() : " (the limit is the setting " + limits.timeoutSetting + ")")};
		if (!result.reaped)
			return AbnormalEnd{"crashed", "the executor of " + operation + " ended and its end could not be observed (it was reaped elsewhere)"};
		if (!result.exited) return killedBySignal(operation, limits, result);
		return std::nullopt;
	}
}


Executor::Executor(std::string program):
	_program(std::move(program))
{
}


Executor::Executor(std::string program, Configuration configuration):
	_program(std::move(program)),
	_configuration(std::move(configuration))
{
}


Executor::Limits Executor::limitsFor(const std::string& operation) const
{
	Limits limits;
	limits.memoryBytes = _configuration.memoryBytes;
	if (operation == "read") limits.answerBytes = READ_ANSWER_BYTES;
	if (operation == "copy" || operation == "sync")
	{
		limits.timeout = _configuration.syncTimeout;
		limits.timeoutSetting = "EXECUTOR_SYNC_TIMEOUT";
	}
	else if (operation == "discover")
	{
		limits.timeout = _configuration.discoverTimeout;
		limits.timeoutSetting = "EXECUTOR_DISCOVER_TIMEOUT";
	}
	else
	{
		limits.timeout = _configuration.checkTimeout;
		limits.timeoutSetting = "EXECUTOR_CHECK_TIMEOUT";
	}
	return limits;
}


json::Value Executor::run(const json::Value& request, const std::atomic<bool>* cancel, LedgerKeeper* ledger, AccessTokens* tokens) const
{
	return run(request, limitsFor(request.getString("operation")), cancel, ledger, tokens);
}


json::Value Executor::run(const json::Value& request, const Limits& limits, const std::atomic<bool>* cancel, LedgerKeeper* ledger,
	AccessTokens* tokens) const
{
	const std::string operation = request.getString("operation");
	telemetry::Span span("executor." + operation, operation, "custom", telemetry::Span::When::IN_TRACE);
	Poco::Logger& logger = Poco::Logger::get("polytomic.executor");
	Subprocess::Options options;
	options.program = _program;
	options.args = {"execute"};
	json::Value sent = request;
	const bool converses = ledger || tokens || operation == "copy" || operation == "sync";
	if (tokens) sent.set("tokens", true);
	if (converses) sent.set("budgets", true);
	options.input = sent.dump() + "\n";
	options.timeout = limits.timeout;
	options.memoryLimitBytes = limits.memoryBytes;
	options.maxOutputBytes = limits.answerBytes;
	options.cancel = cancel;
	std::string crashed; // which connector, when the executor ran two and one crashed
	options.onStderrLine = [&logger, &crashed](const std::string& line) {
		if (line.rfind(CRASH_MARK, 0) == 0) crashed = line.substr(std::strlen(CRASH_MARK));
		else logger.information(line);
	};
	// Plugin code runs in the executor: it sees no secret of the server's, nor the server's database
	// (Subprocess passes an allow-list of variables; a model sync's change ledger stays with the worker, fed over the pipe).
	// OAuth refresh tokens and the app's credentials stay with the worker too: the executor asks it for access tokens.
	// The rate budgets of runs too, so that every run of this worker on an API account keeps to one budget of it.
	if (converses)
		options.onOutputLine = [ledger, tokens](const std::string& line, std::string& reply) {
			return RateBudget::handle(line, reply) || (ledger && ledger->handle(line, reply)) || (tokens && tokens->handle(line, reply));
		};
	Subprocess::Result result = Subprocess::run(options);

	if (result.cancelled) throw ExecutorFailure("the " + operation + " was cancelled");
	if (auto end = abnormalEnd(operation, limits, result))
	{
		countFailure(end->reason);
		const std::string generic = "the connector crashed";
		if (end->reason == "crashed" && !crashed.empty() && end->message.rfind(generic, 0) == 0)
			end->message = "the " + crashed + " crashed" + end->message.substr(generic.size());
		if (result.timedOut) throw ExecutorTimedOut(end->message);
		throw ExecutorFailure(end->message);
	}

	if (result.outputTruncated && operation != "copy" && operation != "sync")
		throw ConnectorError("the connector's answer to " + operation + " is larger than the " + (limits.answerBytes >= (1u << 20) ?
			mebibytes(static_cast<long long>(limits.answerBytes)) : std::to_string(limits.answerBytes) + " bytes") +
			" the server reads from an executor; ask for less (fewer rows or columns in a preview)");
	json::Value answer;
	try
	{
		// What the connector said (errors, rejections) is stored as text: it must be UTF-8.
		answer = json::Value::parse(repairUtf8(result.out));
	}
	catch (const json::ParseError&)
	{
		answer = json::Value();
	}
	if (answer["ok"].isBool() && result.out.size() >= LARGE_ANSWER_BYTES)
	{
		// glibc keeps what a thread's arena freed for that thread: give a large answer's text back to the system.
		std::string().swap(result.out);
		::malloc_trim(0);
	}
	if (!answer["ok"].isBool() || result.outputTruncated) countFailure("no_answer");
	if (!answer["ok"].isBool() || result.outputTruncated)
		throw ExecutorFailure("the executor of " + operation + " " + result.describeEnd() + " without a readable answer" +
			(result.out.empty() ? std::string() : ": " + result.out.substr(0, 200)));
	if (!answer["ok"].asBool()) throw ConnectorError(answer["error"].isString() ? answer["error"].asString() : "unknown error");
	return answer["result"];
}


namespace
{
	std::atomic<HostServices*> hostsForSignals[2] = {{nullptr}, {nullptr}};


	struct SignalTarget
		/// Points the signal thread at a host (of the two an executor may hold) for the lifetime of the scope.
	{
		SignalTarget(HostServices& host, int slot): _slot(slot) { hostsForSignals[_slot] = &host; }
		~SignalTarget() { hostsForSignals[_slot] = nullptr; }

	private:
		int _slot;
	};


	void signIn(HostServices& host, const json::Value& config, TokenPipe* tokens)
		/// The access token of an OAuth connection: the configuration's, and fresh ones from the worker when it gives them.
	{
		if (config["access_token"].isString()) host.useAccessToken(config["access_token"].asString());
		host.useTokens(tokens);
	}


	json::Value twoPluginOperation(const json::Value& request, std::istream& in, std::ostream& out)
		/// copy (bulk syncs) and sync (model syncs): a source and a destination in one process.
		/// A sync asks the worker for its change ledger over in and out.
	{
		const bool modelSync = request.getString("operation") == "sync";
		auto sourceLibrary = PluginLibrary::open(request["source"].getString("plugin"));
		auto destinationLibrary = PluginLibrary::open(request["destination"].getString("plugin"));
		HostServices sourceHost(sourceLibrary->manifest().id), destinationHost(destinationLibrary->manifest().id);
		SignalTarget first(sourceHost, 0), second(destinationHost, 1);
		TokenPipe sourceTokens(in, out, "source"), destinationTokens(in, out, "destination");
		signIn(sourceHost, request["source"]["config"], request.getBool("tokens", false) ? &sourceTokens : nullptr);
		signIn(destinationHost, request["destination"]["config"], request.getBool("tokens", false) ? &destinationTokens : nullptr);
		auto source = sourceLibrary->connect(sourceHost);
		auto destination = destinationLibrary->connect(destinationHost);
		source->setRole("source");
		destination->setRole("destination");
		json::Value copy = json::Value::object();
		copy.set("source_config", request["source"]["config"]);
		copy.set("destination_config", request["destination"]["config"]);
		copy.set("read", request["source"]["read"]);
		copy.set("write", request["destination"]["write"]);
		json::Value result;
		if (modelSync)
		{
			LedgerPipe ledger(in, out);
			copy.set("sync", request["sync"]);
			result = syncRecords(*source, *destination, ledger, copy);
		}
		else
		{
			copy.set("max_rejections", request["max_rejections"].isNumber() ? request["max_rejections"] : json::Value(100));
			result = copyRecords(*source, *destination, copy);
		}
		result.set("peak_rss_bytes", peakResidentBytes());
		return result;
	}
}


void blockTerminationSignals()
{
	sigset_t signals;
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &signals, nullptr);
	std::signal(SIGPIPE, SIG_IGN);
}


int runExecutor(std::istream& in, std::ostream& out)
{
	restoreCrashSignals();
	reportCrashingConnector();
	// Standard output carries the answer alone: whatever plugin code prints there goes to
	// standard error (the log) instead, and the answer is written to a copy of the original.
	std::cout.flush();
	// Close-on-exec: whatever plugin code starts cannot write the answer.
	const int answerFd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	::dup2(STDERR_FILENO, STDOUT_FILENO);
	__gnu_cxx::stdio_filebuf<char> answerBuffer(answerFd, std::ios::out);
	std::ostream answerStream(&answerBuffer);
	std::ostream& answerOut = &out == &std::cout ? answerStream : out;
	// SIGTERM (blocked in every thread since main) asks the connector to stop.
	std::thread([] {
		sigset_t signals;
		sigemptyset(&signals);
		sigaddset(&signals, SIGTERM);
		sigaddset(&signals, SIGINT);
		int received = 0;
		while (sigwait(&signals, &received) == 0)
			for (auto& slot: hostsForSignals)
				if (HostServices* host = slot.load()) host->cancel();
	}).detach();

	json::Value request;
	std::string operation = "work";
	try
	{
		// The request is the first line; a sync's ledger answers follow it on the same input.
		std::string first;
		std::getline(in, first);
		request = json::Value::parse(first);
		operation = request.getString("operation", "work");
		if (request.getBool("budgets", false)) RateBudget::throughWorker(in, answerOut);
		if (operation == "copy" || operation == "sync")
		{
			answerOut << answer(true, twoPluginOperation(request, in, answerOut)).dump() << std::endl;
			return 0;
		}
		auto library = PluginLibrary::open(request.getString("plugin"));
		HostServices host(library->manifest().id);
		SignalTarget target(host, 0);
		TokenPipe tokens(in, answerOut, "");
		signIn(host, request["config"], request.getBool("tokens", false) ? &tokens : nullptr);
		auto session = library->connect(host);
		answerOut << answer(true, perform(*session, request)).dump() << std::endl;
		return 0;
	}
	catch (const std::bad_alloc&)
	{
		answerOut << answer(false, outOfMemory(operation)).dump() << std::endl;
	}
	catch (const PluginRefused& e)
	{
		answerOut << answer(false, std::string("the plugin was refused: ") + e.what()).dump() << std::endl;
		return 3;
	}
	catch (const std::exception& e)
	{
		const std::string message = e.what();
		answerOut << answer(false, message == "std::bad_alloc" ? outOfMemory(operation) : message).dump() << std::endl;
	}
	return 0;
}


} } // namespace polytomic::plugins
