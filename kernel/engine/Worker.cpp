//
// Worker.cpp
//


#include "engine/Worker.h"
#include "telemetry/LogContext.h"
#include "telemetry/Tracer.h"
#include "Poco/Environment.h"
#include "Poco/Logger.h"
#include "Poco/UUIDGenerator.h"
#include <unistd.h>


namespace polytomic {
namespace engine {


Worker::Worker(std::vector<ExecutionRunner*> runners, int concurrency, const license::LicenseGate* gate, store::QueueSignal* signal):
	_runners(std::move(runners)),
	_concurrency(concurrency > 0 ? concurrency : 1),
	_gate(gate),
	_signal(signal),
	_id(Poco::Environment::nodeName() + ":" + std::to_string(::getpid()) + ":" +
		Poco::UUIDGenerator::defaultGenerator().createRandom().toString().substr(0, 8))
{
}


Worker::~Worker()
{
	stop();
}


void Worker::start()
{
	for (int i = 0; i < _concurrency; ++i) _threads.emplace_back([this] { loop(); });
}


void Worker::stop()
{
	_stopping = true;
	for (auto& t: _threads)
		if (t.joinable()) t.join();
	_threads.clear();
}


const std::string& Worker::id() const
{
	return _id;
}


void Worker::loop()
{
	Poco::Logger& logger = Poco::Logger::get("polytomic.worker");
	bool warned = false;
	std::size_t next = 0;
	while (!_stopping)
	{
		std::optional<store::ExecutionRecord> claim;
		ExecutionRunner* runner = nullptr;
		if (_gate && !_gate->allowsNewExecutions())
		{
			std::this_thread::sleep_for(std::chrono::milliseconds(1000));
			continue;
		}
		const uint64_t seen = _signal ? _signal->generation() : 0;
		try
		{
			// Start with a different queue each time, so neither kind starves the other.
			for (std::size_t i = 0; i < _runners.size() && !claim; ++i)
			{
				runner = _runners[(next + i) % _runners.size()];
				claim = runner->queue().claim(_id, runner->leaseSeconds());
			}
			next = (next + 1) % std::max<std::size_t>(_runners.size(), 1);
			warned = false;
		}
		catch (const std::exception& e)
		{
			if (!warned) logger.warning(std::string("cannot claim work: ") + e.what());
			warned = true;
		}
		if (!claim)
		{
			// Woken by the queue's notification; else an indexed query every second (five
			// times a second without a signal): a queued run starts at once, or within 200 ms.
			if (_signal) _signal->wait(seen, std::chrono::milliseconds(1000));
			else std::this_thread::sleep_for(std::chrono::milliseconds(200));
			continue;
		}
		telemetry::LogContext::ExecutionScope logScope(claim->id); // every log line of the run carries its id
		telemetry::Span span("execution", runner->queue().tables().parents, "worker");
		span.setTag("execution_id", claim->id);
		span.setTag("sync_id", claim->parentId);
		try
		{
			if (runner->run(*claim, _id, _stopping) == ExecutionRunner::Outcome::RELEASED)
				logger.information("execution " + claim->id + " left to the next worker");
		}
		catch (const std::exception& e)
		{
			logger.error("execution " + claim->id + ": " + e.what());
			span.setError("unexpected error");
		}
	}
}


} } // namespace polytomic::engine
