//
// SyncOperation.cpp
//


#include "plugins/SyncOperation.h"
#include "plugins/BatchQueue.h"
#include "plugins/ChangeLedger.h"
#include "plugins/RecordMapper.h"
#include "store/SyncLedger.h"
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <exception>
#include <thread>
#include <unordered_set>


namespace polytomic {
namespace plugins {


int writeModeOf(const std::string& mode)
{
	if (mode == "create") return POLYTOMIC_MODE_CREATE;
	if (mode == "update") return POLYTOMIC_MODE_UPDATE;
	if (mode == "updateOrCreate") return POLYTOMIC_MODE_UPDATE_OR_CREATE;
	if (mode == "replace" || mode == "snapshot") return POLYTOMIC_MODE_REPLACE;
	if (mode == "append") return POLYTOMIC_MODE_APPEND;
	if (mode == "remove") return POLYTOMIC_MODE_REMOVE;
	return -1;
}


namespace
{
	class AddedFilter
		/// Which identities this run added to the ledger, as a scalable Bloom
		/// filter (about 10 bits a record, a new filter twice as large each time
		/// one fills): "certainly not added" lets a record's ledger entry be
		/// copied straight in; "maybe" (about 1 in 80 wrongly) sends it through
		/// the slower path that handles a repeat.
	{
	public:
		bool mightContain(uint64_t key) const
		{
			for (const auto& filter: _filters)
				if (filter.contains(key)) return true;
			return false;
		}

		void add(uint64_t key)
		{
			if (_filters.empty() || _filters.back().full()) _filters.emplace_back(_filters.empty() ? 1u << 16 : _filters.back().capacity * 2);
			_filters.back().add(key);
		}

	private:
		struct Filter
		{
			explicit Filter(std::size_t records): capacity(records), bits(records * 10, false) {}

			bool full() const { return count >= capacity; }

			std::size_t bit(uint64_t key, unsigned i) const
			{
				const uint64_t h1 = key, h2 = (key >> 32) | 1u;
				return static_cast<std::size_t>((h1 + i * h2 * 0x9E3779B97F4A7C15ull) % bits.size());
			}

			bool contains(uint64_t key) const
			{
				for (unsigned i = 0; i < 4; ++i)
					if (!bits[bit(key, i)]) return false;
				return true;
			}

			void add(uint64_t key)
			{
				for (unsigned i = 0; i < 4; ++i) bits[bit(key, i)] = true;
				++count;
			}

			std::size_t capacity;
			std::size_t count = 0;
			std::vector<bool> bits;
		};

		std::vector<Filter> _filters;
	};


	using Logs = std::vector<std::pair<std::string, std::vector<store::SyncLedger::LogEntry>>>;


	class LedgerWriter
		/// Records each accepted batch in the ledger on its own thread, so the
		/// target's write of a batch overlaps the ledger's record of the one
		/// before; the record of a batch always follows its acceptance. wait()
		/// returns when everything handed over is committed, and rethrows a failure.
	{
	public:
		struct Job
		{
			std::vector<store::SyncLedger::Change> changes;
			Logs logs;
			store::SyncLedger::Written written;
		};

		explicit LedgerWriter(LedgerPipe& ledger):
			_ledger(ledger),
			_thread([this] { loop(); })
		{
		}

		~LedgerWriter()
		{
			{
				std::lock_guard<std::mutex> lock(_mutex);
				_stopping = true;
			}
			_changed.notify_all();
			_thread.join();
		}

		void add(Job job)
		{
			std::unique_lock<std::mutex> lock(_mutex);
			_changed.wait(lock, [this] { return _jobs.size() < 2 || _failure; });
			if (_failure) std::rethrow_exception(_failure);
			_jobs.push_back(std::move(job));
			_changed.notify_all();
		}

		void wait()
		{
			std::unique_lock<std::mutex> lock(_mutex);
			_changed.wait(lock, [this] { return (_jobs.empty() && !_busy) || _failure; });
			if (_failure) std::rethrow_exception(_failure);
		}

	private:
		void loop()
		{
			std::unique_lock<std::mutex> lock(_mutex);
			while (true)
			{
				_changed.wait(lock, [this] { return _stopping || !_jobs.empty(); });
				if (_jobs.empty()) return;
				Job job = std::move(_jobs.front());
				_jobs.pop_front();
				_busy = true;
				lock.unlock();
				std::exception_ptr failure;
				try
				{
					_ledger.record(job.changes, job.logs, job.written);
				}
				catch (...)
				{
					failure = std::current_exception();
				}
				lock.lock();
				_busy = false;
				if (failure && !_failure) _failure = failure;
				_changed.notify_all();
			}
		}

		LedgerPipe& _ledger;
		std::mutex _mutex;
		std::condition_variable _changed;
		std::deque<Job> _jobs;
		bool _busy = false;
		bool _stopping = false;
		std::exception_ptr _failure;
		std::thread _thread;
	};


	struct Counts
	{
		int64_t total = 0, insert = 0, update = 0, remove = 0, error = 0, unchanged = 0;
	};


	store::SyncLedger::Written writtenSince(const Counts& before, const Counts& now, bool upserting)
		/// What reached the target (or was rejected by it) between the two counts.
	{
		store::SyncLedger::Written w;
		w.insert = now.insert - before.insert;
		w.update = now.update - before.update;
		w.remove = now.remove - before.remove;
		w.error = now.error - before.error;
		w.upserts = upserting ? w.insert + w.update : 0;
		return w;
	}


	Logs emptyLogs()
	{
		return {{"inserts", {}}, {"updates", {}}, {"deletes", {}}, {"errors", {}}};
	}


	std::vector<store::SyncLedger::LogEntry>& logOf(Logs& logs, const char* kind)
	{
		for (auto& l: logs)
			if (l.first == kind) return l.second;
		throw std::logic_error(kind);
	}


	const int64_t MAX_ERROR_SAMPLE = 100;
}


json::Value syncRecords(ConnectorSession& source, ConnectorSession& destination, LedgerPipe& store, const json::Value& request)
{
	const json::Value& sync = request["sync"];
	const std::string mode = sync.getString("mode");
	const int writeMode = writeModeOf(mode);
	if (writeMode < 0) throw std::invalid_argument("unknown sync mode '" + mode + "'");
	const bool snapshot = mode == "snapshot";
	const bool removing = mode == "remove";
	const bool upserting = mode == "updateOrCreate" || mode == "replace" || snapshot;
	const bool resync = sync.getBool("resync", false);
	const int64_t testRecords = sync.getInt64("test_records", 0);
	const bool logRecords = sync.getBool("record_logs", true);
	std::unordered_set<std::string> identities;
	for (const auto& i: sync["identities"].items()) identities.insert(i.isString() ? i.asString() : i.dump());
	const bool partial = testRecords > 0 || !identities.empty();

	RecordMapper mapper(sync["spec"]);
	ChangeLedger ledger;
	ledger.reserve(store.size());
	store.load([&](std::string_view identity, int64_t hash) { ledger.add(identity, hash); });
	ledger.seal();
	LedgerWriter recorder(store);

	std::vector<std::string> identityFields;
	const std::string identityTarget = mapper.identityTarget();
	if (!identityTarget.empty()) identityFields.push_back(identityTarget);
	if (identityFields.empty() && mode != "append") throw std::invalid_argument("the " + mode + " mode needs an identity");
	const std::string object = request["write"].getString("object");
	auto writer = destination.openWriter(request["destination_config"], object, static_cast<uint32_t>(writeMode), identityFields);

	SourceReader reader(source, ConnectorSession::ReadSpec::fromJson(request["source_config"], request["read"]));

	Counts counts;
	AddedFilter added;
	using Clock = std::chrono::steady_clock;
	Clock::duration waiting{}, mapping{}, writing{}, recording{};
	const auto since = [](Clock::time_point start) { return Clock::now() - start; };
	json::Value errors = json::Value::array();
	bool stoppedEarly = false;
	const auto noteError = [&](const std::string& identity, const std::string& message, Logs& logs) {
		++counts.error;
		if (logRecords) logOf(logs, "errors").push_back({identity, message});
		if (static_cast<int64_t>(errors.size()) < MAX_ERROR_SAMPLE)
		{
			json::Value e = json::Value::object();
			e.set("identity", identity);
			e.set("message", message);
			errors.push(e);
		}
	};
	try
	{
		Clock::time_point popped = Clock::now();
		while (auto item = reader.next())
		{
			waiting += since(popped);
			const Clock::time_point mapStart = Clock::now();
			if (stoppedEarly) continue; // drain: the reader stops at its next batch
			if (destination.cancelled())
			{
				// Cancelled: what the target accepted so far is recorded; nothing more is written.
				reader.stop();
				break;
			}
			sdk::BatchReader in(item->batch->schema(), item->batch->array());
			mapper.bind(in);
			struct Pending
			{
				std::string identity;
				int64_t hash;
				bool known;
			};
			std::vector<Pending> pending;
			const Counts before = counts;
			// remove sends identities alone, as text (the target converts them to its column's type).
			sdk::BatchBuilder out(removing ? std::vector<sdk::Field>{sdk::Field{identityTarget, sdk::Type::String, false}} : mapper.targetFields());
			Logs logs = emptyLogs();
			for (int64_t row = 0; row < in.rows(); ++row)
			{
				if (!mapper.passes(in, row)) continue;
				std::string identity = mapper.identity(in, row);
				if (!identities.empty() && !identities.count(identity)) continue;
				++counts.total;
				if (identity.empty())
				{
					noteError(identity, "the identity field is empty; the record cannot be matched", logs);
					continue;
				}
				const int64_t hash = static_cast<int64_t>(removing ? fnv1a(identity.data(), identity.size()) : mapper.hash(in, row));
				const ChangeLedger::Entry* known = ledger.find(identity);
				if (known && snapshot) ledger.see(known);
				if (known && known->hash == hash && !resync && identities.empty())
				{
					++counts.unchanged;
					continue;
				}
				if (testRecords > 0 && static_cast<int64_t>(pending.size()) + counts.insert + counts.update + counts.remove >= testRecords)
				{
					stoppedEarly = true;
					break;
				}
				if (removing) out.appendString(0, identity);
				else mapper.append(in, row, out);
				pending.push_back(Pending{std::move(identity), hash, known != nullptr});
			}
			mapping += since(mapStart);
			if (pending.empty())
			{
				if (counts.error != before.error) recorder.add({{}, std::move(logs), writtenSince(before, counts, upserting)});
				if (stoppedEarly) reader.stop();
				popped = Clock::now();
				continue;
			}
			ArrowSchema schema;
			ArrowArray array;
			out.finish(&schema, &array);
			Batch batch(&schema, &array);
			const Clock::time_point writeStart = Clock::now();
			const auto results = writer->write(batch.schema(), batch.array());
			writing += since(writeStart);
			std::vector<store::SyncLedger::Change> changes;
			changes.reserve(pending.size());
			for (std::size_t i = 0; i < pending.size() && i < results.size(); ++i)
			{
				Pending& p = pending[i];
				if (!results[i].ok)
				{
					noteError(p.identity, results[i].message, logs);
					continue;
				}
				const char* kind = removing ? "deletes" : (mode == "update" || (p.known && mode != "append" && mode != "create")) ? "updates" : "inserts";
				if (removing) ++counts.remove;
				else if (kind[0] == 'u') ++counts.update;
				else ++counts.insert;
				if (logRecords) logOf(logs, kind).push_back({p.identity, std::string()});
				const uint64_t key = ledger.keyOf(p.identity);
				const bool fresh = !p.known && !added.mightContain(key);
				if (!p.known) added.add(key);
				changes.push_back(store::SyncLedger::Change{std::move(p.identity), p.hash, false, fresh});
			}
			const Clock::time_point recordStart = Clock::now();
			recorder.add({std::move(changes), std::move(logs), writtenSince(before, counts, upserting)});
			// append has no identity the target could match a repeated record on: its
			// batches wait for their record, so a crash repeats as little as it can.
			if (mode == "append") recorder.wait();
			recording += since(recordStart);
			if (stoppedEarly) reader.stop();
			popped = Clock::now();
		}
	}
	catch (...)
	{
		reader.stop();
		throw;
	}
	const bool readComplete = reader.finish();
	const Clock::time_point drainStart = Clock::now();
	recorder.wait();
	recording += since(drainStart);
	writer->close(readComplete || stoppedEarly);

	// A complete snapshot: what the ledger holds and the model no longer has leaves the target.
	if (snapshot && readComplete && !partial && ledger.size() > 0)
	{
		std::vector<std::string> gone = ledger.unseen();
		if (!gone.empty())
		{
			auto remover = destination.openWriter(request["destination_config"], object, POLYTOMIC_MODE_REMOVE, identityFields);
			const std::size_t chunk = 10000;
			for (std::size_t begin = 0; begin < gone.size(); begin += chunk)
			{
				const std::size_t end = std::min(gone.size(), begin + chunk);
				sdk::BatchBuilder out({sdk::Field{identityTarget, sdk::Type::String, false}});
				for (std::size_t i = begin; i < end; ++i) out.appendString(0, gone[i]);
				ArrowSchema schema;
				ArrowArray array;
				out.finish(&schema, &array);
				Batch batch(&schema, &array);
				const auto results = remover->write(batch.schema(), batch.array());
				Logs logs = emptyLogs();
				const Counts before = counts;
				std::vector<store::SyncLedger::Change> changes;
				for (std::size_t i = begin; i < end && i - begin < results.size(); ++i)
				{
					if (!results[i - begin].ok)
					{
						noteError(gone[i], results[i - begin].message, logs);
						continue;
					}
					++counts.remove;
					if (logRecords) logOf(logs, "deletes").push_back({gone[i], std::string()});
					changes.push_back(store::SyncLedger::Change{gone[i], 0, true});
				}
				recorder.add({std::move(changes), std::move(logs), writtenSince(before, counts, upserting)});
			}
			recorder.wait();
			remover->close(true);
		}
	}

	json::Value c = json::Value::object();
	c.set("total", static_cast<long long>(counts.total));
	c.set("insert", static_cast<long long>(counts.insert));
	c.set("update", static_cast<long long>(counts.update));
	c.set("upserts", static_cast<long long>(upserting ? counts.insert + counts.update : 0));
	c.set("delete", static_cast<long long>(counts.remove));
	c.set("error", static_cast<long long>(counts.error));
	c.set("warnings", 0LL);
	c.set("unchanged", static_cast<long long>(counts.unchanged));
	const auto ms = [](Clock::duration d) { return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()); };
	json::Value timings = json::Value::object();
	timings.set("waiting_for_source_ms", ms(waiting));
	timings.set("mapping_ms", ms(mapping));
	timings.set("writing_ms", ms(writing));
	timings.set("ledger_wait_ms", ms(recording));
	json::Value result = json::Value::object();
	result.set("counts", c);
	result.set("timings", timings);
	result.set("errors", errors);
	result.set("complete", readComplete || stoppedEarly);
	return result;
}


} } // namespace polytomic::plugins
