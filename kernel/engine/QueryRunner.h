//
// QueryRunner.h
//
// Definition of the QueryRunner class.
//


#ifndef Polytomic_Engine_QueryRunner_INCLUDED
#define Polytomic_Engine_QueryRunner_INCLUDED


#include "engine/ConnectionService.h"
#include "engine/ModelService.h"
#include "store/QueryResultRepository.h"
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>


namespace polytomic {
namespace engine {


class QueryRunner
	/// The SDK's query runner: a query against a source connection, run in the
	/// background through the model preview's read (an executor process; for
	/// PostgreSQL one READ ONLY statement under the connection's
	/// statement_timeout), its result kept bounded (MAX_ROWS rows, MAX_BYTES of
	/// JSON) until it expires (LIFETIME_SECONDS). One query runs at a time; at
	/// most MAX_WAITING wait, more are refused (Busy).
{
public:
	class Busy: public std::runtime_error
		/// Too many queries wait already.
	{
	public:
		using std::runtime_error::runtime_error;
	};

	static constexpr int MAX_ROWS = 1000;
	static constexpr std::size_t MAX_BYTES = 4u << 20;
	static constexpr int LIFETIME_SECONDS = 3600;
	static constexpr std::size_t MAX_WAITING = 16;
	static constexpr std::size_t MAX_WAITING_PER_CALLER = 2;
		/// So that one caller (or one tenant's script) cannot keep the queue full for everyone.
	static constexpr std::size_t MAX_QUERY_CHARACTERS = 100000;

	QueryRunner(store::QueryResultRepository& results, ConnectionService& connections, ModelService& models,
		const plugins::PluginCatalog& catalog);
	~QueryRunner();
		/// Waits for the query being run; the waiting ones are marked failed.

	store::QueryResultRecord start(const std::string& organizationId, const std::string& connectionId, const std::string& caller,
		const std::string& query);
		/// Queues the query. Throws NotFound (connection), ValidationError (empty or
		/// too long, or a connection that runs no queries) or Busy.

	store::QueryResultRecord get(const std::string& organizationId, const std::string& id, const std::string& caller);
		/// Throws NotFound for an unknown or expired query, or one another caller started.

	static json::Value bounded(const json::Value& rows, std::size_t maxBytes, bool& truncated);
		/// The first rows whose JSON fits in maxBytes (truncated set when some were left out).

private:
	struct Job
	{
		std::string id;
		std::string organizationId;
		std::string connectionId;
		std::string query;
		std::string caller;
	};

	void loop();
	void run(const Job& job);

	store::QueryResultRepository& _results;
	ConnectionService& _connections;
	ModelService& _models;
	const plugins::PluginCatalog& _catalog;
	std::mutex _mutex;
	std::condition_variable _wake;
	std::deque<Job> _waiting;
	bool _stopping = false;
	std::thread _thread;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_QueryRunner_INCLUDED
