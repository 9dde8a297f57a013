//
// Idempotency.h
//
// Definition of the Idempotency class.
//


#ifndef Polytomic_Http_Idempotency_INCLUDED
#define Polytomic_Http_Idempotency_INCLUDED


#include "auth/Principal.h"
#include "http/Exchange.h"
#include "store/Database.h"
#include <atomic>
#include <chrono>
#include <functional>
#include <string>


namespace polytomic {
namespace http {


class Idempotency
	/// Idempotency-Key on POST (API.md's conventions), kept in PostgreSQL so that
	/// every web process shares it. The first request with a key runs; its answer
	/// (status, content type, body) is kept RETENTION_HOURS. A repeat with the same
	/// key, method, path, query and body replays it (with Idempotent-Replayed: true);
	/// one that arrives while the first is still being answered gets 409; the same key
	/// with another request gets 422. Keys are scoped to the caller (organization and
	/// credential). Only an answer the handler sent is kept: a refusal it threw or a
	/// failure (5xx) releases the key, so that the corrected or retried request runs.
{
public:
	explicit Idempotency(store::Database& database);

	void run(Exchange& exchange, const auth::Principal& caller, const std::function<void()>& handler);
		/// Runs handler under the request's Idempotency-Key (directly when it has none);
		/// 400 when the key is not 8-255 characters of [A-Za-z0-9_-].

	std::size_t purgeExpired();
		/// Deletes the expired keys; how many. run() calls it every PURGE_INTERVAL.

	static std::string scopeOf(const auth::Principal& caller);
		/// "<organization id>/user:<id>", ".../organization" or ".../deployment".

	static bool wellFormed(const std::string& key);

	static const std::string HEADER;
	static constexpr std::size_t MIN_KEY_LENGTH = 8;
	static constexpr std::size_t MAX_KEY_LENGTH = 255;
	static constexpr int RETENTION_HOURS = 24;
	static constexpr std::chrono::seconds CLAIM_TIMEOUT{600};
		/// A first request still unanswered after this (its process died) no longer holds the key.
	static constexpr std::chrono::seconds PURGE_INTERVAL{600};

private:
	enum class Claim { OURS, REPLAY, IN_PROGRESS, OTHER_REQUEST };

	Claim claim(const std::string& scope, const std::string& key, const std::string& fingerprint, Exchange::Sent& stored);
	void keep(const std::string& scope, const std::string& key, const Exchange::Sent& sent);
	void release(const std::string& scope, const std::string& key);
	static std::string fingerprintOf(Exchange& exchange);
	static void replay(Exchange& exchange, const Exchange::Sent& stored);
	void purgeWhenDue();

	store::Database& _database;
	std::atomic<std::int64_t> _nextPurge{0};
};


} } // namespace polytomic::http


#endif // Polytomic_Http_Idempotency_INCLUDED
