//
// Worker.cpp
//


#include "engine/Worker.h"
#include "Poco/Environment.h"
#include "Poco/Logger.h"
#include "Poco/UUIDGenerator.h"
#include <unistd.h>


namespace polytomic {
namespace engine {


Worker::Worker(store::BulkSyncRepository& syncs, BulkSyncRunner& runner, int concurrency):
	_syncs(syncs),
	_runner(runner),
	_concurrency(concurrency > 0 ? concurrency : 1),
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
	while (!_stopping)
	{
		std::optional<store::BulkSyncRepository::Claim> claim;
		try
		{
			claim = _syncs.claim(_id, _runner.leaseSeconds());
			warned = false;
		}
		catch (const std::exception& e)
		{
			if (!warned) logger.warning(std::string("cannot claim work: ") + e.what());
			warned = true;
		}
		if (!claim)
		{
			// An indexed query five times a second per thread: a queued run starts within 200 ms.
			std::this_thread::sleep_for(std::chrono::milliseconds(200));
			continue;
		}
		try
		{
			if (_runner.run(*claim, _id, _stopping) == BulkSyncRunner::Outcome::RELEASED)
				logger.information("execution " + claim->execution.id + " left to the next worker");
		}
		catch (const std::exception& e)
		{
			logger.error("execution " + claim->execution.id + ": " + e.what());
		}
	}
}


} } // namespace polytomic::engine
