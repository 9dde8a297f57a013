//
// JobRunner.cpp
//


#include "engine/JobRunner.h"
#include "engine/EngineError.h"
#include <algorithm>
#include <memory>


namespace polytomic {
namespace engine {


JobRunner::JobRunner(store::JobRepository& jobs, int threads):
	_jobs(jobs),
	_threadCount(static_cast<std::size_t>(std::max(threads, 1)))
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
	const Queued held{std::string(), organizationId + " " + owner, organizationId, Work()};
	const std::string& caller = held.caller;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) throw Busy("the server is stopping; submit the job again in a moment");
		const std::size_t mine = _held.count(caller) ? _held[caller] : 0;
		if (mine >= MAX_PER_CALLER)
			throw Busy(std::to_string(mine) + " of your jobs and queries are waiting or running (at most " + std::to_string(MAX_PER_CALLER) +
				" at a time); wait for them to finish (poll GET /api/jobs/{type}/{id} or GET /api/queries/{id}), then submit again");
		const std::size_t ours = _heldByOrganization.count(organizationId) ? _heldByOrganization[organizationId] : 0;
		if (ours >= MAX_PER_ORGANIZATION)
			throw Busy(std::to_string(ours) + " jobs and queries of your organization are waiting or running (at most " +
				std::to_string(MAX_PER_ORGANIZATION) + " at a time, half of this server's places); wait for some to finish, then submit again");
		if (_queue.size() + _submitting >= MAX_QUEUED)
			throw Busy("already " + std::to_string(MAX_QUEUED) + " jobs and queries wait on this server; try again in a minute");
		++_held[caller];
		++_heldByOrganization[organizationId];
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
		release(held, false);
		throw;
	}
	{
		std::lock_guard<std::mutex> lock(_mutex);
		--_submitting;
		_queue.push_back(Queued{job.id, caller, organizationId, std::move(work)});
	}
	_wake.notify_all();
	return job;
}


json::Value JobRunner::perform(const std::string& organizationId, const std::string& owner, const std::string& type, Work work)
{
	// The request waits on the job's own outcome, not on the repository: the work's exception (a
	// ValidationError with its fields) reaches the caller whole. A job never run leaves a broken promise.
	auto outcome = std::make_shared<std::promise<json::Value>>();
	std::future<json::Value> result = outcome->get_future();
	submit(organizationId, owner, type, [outcome, work = std::move(work)] {
		try
		{
			json::Value value = work();
			outcome->set_value(value);
			return value;
		}
		catch (...)
		{
			outcome->set_exception(std::current_exception());
			throw;
		}
	});
	try
	{
		return result.get();
	}
	catch (const std::future_error&)
	{
		throw Busy("the server stopped before the job ran; send the request again");
	}
}


std::string JobRunner::errorText(const std::exception& e)
{
	std::string text = e.what();
	if (const auto* invalid = dynamic_cast<const ValidationError*>(&e))
		for (const auto& [field, problem]: invalid->fields()) text += "; " + field + ": " + problem;
	return text;
}


namespace {
	std::size_t countOf(const std::map<std::string, std::size_t>& counts, const std::string& key)
	{
		const auto it = counts.find(key);
		return it == counts.end() ? 0 : it->second;
	}


	void lessOf(std::map<std::string, std::size_t>& counts, const std::string& key)
	{
		if (--counts[key] == 0) counts.erase(key);
	}
}


bool JobRunner::ready() const
{
	// Half the threads at most for one organization, so the others always have the rest.
	const std::size_t share = std::max<std::size_t>(_threadCount / 2, 1);
	for (const auto& job: _queue)
		if (countOf(_runningByOrganization, job.organization) < share) return true;
	return false;
}


JobRunner::Queued JobRunner::next()
{
	const std::size_t share = std::max<std::size_t>(_threadCount / 2, 1);
	auto chosen = _queue.end();
	std::pair<std::size_t, std::size_t> least{0, 0};
	for (auto it = _queue.begin(); it != _queue.end(); ++it)
	{
		const std::pair<std::size_t, std::size_t> load{countOf(_running, it->caller), countOf(_runningByOrganization, it->organization)};
		if (load.second >= share) continue;
		if (chosen == _queue.end() || load < least)
		{
			chosen = it;
			least = load;
		}
	}
	Queued job = std::move(*chosen);
	_queue.erase(chosen);
	++_running[job.caller];
	++_runningByOrganization[job.organization];
	return job;
}


void JobRunner::release(const Queued& job, bool ran)
{
	lessOf(_held, job.caller);
	lessOf(_heldByOrganization, job.organization);
	if (ran)
	{
		lessOf(_running, job.caller);
		lessOf(_runningByOrganization, job.organization);
	}
}


void JobRunner::loop()
{
	for (;;)
	{
		Queued job;
		{
			std::unique_lock<std::mutex> lock(_mutex);
			_wake.wait(lock, [this] { return _stopping || ready(); });
			if (_stopping) return;
			job = next();
		}
		run(job);
		{
			std::lock_guard<std::mutex> lock(_mutex);
			release(job, true);
		}
		// A job held back for its organization's share may start now.
		_wake.notify_all();
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
