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


store::JobRecord JobRunner::submit(const std::string& organizationId, const std::string& owner, const std::string& type, Work work)
{
	const std::string caller = organizationId + " " + owner;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) throw Busy("the server is stopping; submit the job again in a moment");
		const std::size_t mine = _held.count(caller) ? _held[caller] : 0;
		if (mine >= MAX_PER_CALLER)
			throw Busy(std::to_string(mine) + " of your jobs and queries are waiting or running (at most " + std::to_string(MAX_PER_CALLER) +
				" at a time); wait for them to finish (poll GET /api/jobs/{type}/{id} or GET /api/queries/{id}), then submit again");
		if (_queue.size() + _submitting >= MAX_QUEUED)
			throw Busy("already " + std::to_string(MAX_QUEUED) + " jobs and queries wait on this server; try again in a minute");
		++_held[caller];
		++_submitting;
	}
	// The row is made outside the lock: the threads that take jobs never wait for PostgreSQL here.
	store::JobRecord job;
	try
	{
		job = _jobs.create(organizationId, type, owner, TTL_SECONDS);
	}
	catch (...)
	{
		std::lock_guard<std::mutex> lock(_mutex);
		--_submitting;
		release(caller, false);
		throw;
	}
	{
		std::lock_guard<std::mutex> lock(_mutex);
		--_submitting;
		_queue.push_back(Queued{job.id, caller, std::move(work)});
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


JobRunner::Queued JobRunner::next()
{
	auto chosen = _queue.begin();
	for (auto it = _queue.begin(); it != _queue.end(); ++it)
		if (!_running.count(it->caller))
		{
			chosen = it;
			break;
		}
	Queued job = std::move(*chosen);
	_queue.erase(chosen);
	++_running[job.caller];
	return job;
}


void JobRunner::release(const std::string& caller, bool ran)
{
	if (--_held[caller] == 0) _held.erase(caller);
	if (ran && --_running[caller] == 0) _running.erase(caller);
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
			job = next();
		}
		run(job);
		std::lock_guard<std::mutex> lock(_mutex);
		release(job.caller, true);
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
