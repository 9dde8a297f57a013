//
// JobRunner.cpp
//


#include "engine/JobRunner.h"
#include "engine/EngineError.h"


namespace polytomic {
namespace engine {


JobRunner::JobRunner(store::JobRepository& jobs, int threads):
	_jobs(jobs)
{
	for (int i = 0; i < threads; ++i) _threads.emplace_back([this] { loop(); });
}


JobRunner::~JobRunner()
{
	std::deque<Queued> abandoned;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopping = true;
		abandoned.swap(_queue);
	}
	_wake.notify_all();
	for (auto& t: _threads) t.join();
	for (const auto& job: abandoned)
	{
		try
		{
			_jobs.fail(job.id, "the server stopped before the job ran; submit it again");
		}
		catch (const std::exception&)
		{
			// The job is reported failed anyway once it is stale (JobRepository::STALE_SECONDS).
		}
	}
}


std::optional<store::JobRecord> JobRunner::submit(const std::string& organizationId, const std::string& type, Work work)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_queue.size() >= MAX_QUEUED || _stopping) return std::nullopt;
	}
	store::JobRecord job = _jobs.create(organizationId, type, TTL_SECONDS);
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_queue.push_back(Queued{job.id, std::move(work)});
	}
	_wake.notify_one();
	return job;
}


std::string JobRunner::errorText(const std::exception& e)
{
	std::string text = e.what();
	if (const auto* invalid = dynamic_cast<const ValidationError*>(&e))
		for (const auto& [field, problem]: invalid->fields()) text += "; " + field + ": " + problem;
	return text;
}


void JobRunner::loop()
{
	for (;;)
	{
		Queued job;
		{
			std::unique_lock<std::mutex> lock(_mutex);
			_wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
			if (_stopping) return;
			job = std::move(_queue.front());
			_queue.pop_front();
		}
		run(job);
	}
}


void JobRunner::run(const Queued& job)
{
	try
	{
		_jobs.start(job.id);
		const json::Value result = job.work();
		_jobs.finish(job.id, result.dump());
	}
	catch (const std::exception& e)
	{
		try
		{
			_jobs.fail(job.id, errorText(e));
		}
		catch (const std::exception&)
		{
			// PostgreSQL is gone: the job turns stale and is reported failed when it is back.
		}
	}
}


} } // namespace polytomic::engine
