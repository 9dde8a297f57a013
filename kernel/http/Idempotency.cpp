//
// Idempotency.cpp
//


#include "http/Idempotency.h"
#include "http/HttpError.h"
#include "auth/SecretToken.h"
#include "store/PgResult.h"
#include <algorithm>
#include <cctype>


namespace polytomic {
namespace http {


const std::string Idempotency::HEADER = "Idempotency-Key";


Idempotency::Idempotency(store::Database& database):
	_database(database)
{
}


bool Idempotency::wellFormed(const std::string& key)
{
	return key.size() >= MIN_KEY_LENGTH && key.size() <= MAX_KEY_LENGTH && std::all_of(key.begin(), key.end(), [](char c) {
		return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
	});
}


std::string Idempotency::scopeOf(const auth::Principal& caller)
{
	return caller.organizationId + "/" + (caller.isUser() ? "user:" + caller.userId : caller.kind);
}


void Idempotency::run(Exchange& exchange, const auth::Principal& caller, const std::function<void()>& handler)
{
	if (!exchange.request().has(HEADER))
	{
		handler();
		return;
	}
	const std::string key = exchange.request().get(HEADER);
	if (!wellFormed(key))
		throw HttpError(400, "bad_idempotency_key", HEADER + " must be " + std::to_string(MIN_KEY_LENGTH) + " to " +
			std::to_string(MAX_KEY_LENGTH) + " characters of A-Z, a-z, 0-9, _ and - (a UUID will do)");
	purgeWhenDue();
	const std::string scope = scopeOf(caller);
	Exchange::Sent stored;
	switch (claim(scope, key, fingerprintOf(exchange), stored))
	{
	case Claim::REPLAY:
		replay(exchange, stored);
		return;
	case Claim::IN_PROGRESS:
		exchange.response().set("Retry-After", "1");
		throw HttpError(409, "idempotency_key_in_use", "a request with this " + HEADER +
			" is still being answered; retry it after that one has its answer, which a retry then replays");
	case Claim::OTHER_REQUEST:
		throw HttpError(422, "idempotency_key_reused", "this " + HEADER + " was used in the last " +
			std::to_string(RETENTION_HOURS) + " hours for another request (method, path or body); send a new key with a new request");
	case Claim::OURS:
		break;
	}
	exchange.recordSent();
	try
	{
		handler();
	}
	catch (...)
	{
		release(scope, key);
		throw;
	}
	const auto& sent = exchange.sent();
	// A new API key is shown once and stored only as its hash: its answer is never kept for a replay.
	if (sent && sent->status < 500 && !exchange.holdsSecret()) keep(scope, key, *sent);
	else release(scope, key);
}


std::string Idempotency::fingerprintOf(Exchange& exchange)
{
	const std::string& uri = exchange.request().getURI();
	const auto query = uri.find('?');
	return auth::sha256Hex(exchange.request().getMethod() + " " + exchange.path() + "\n" +
		(query == std::string::npos ? std::string() : uri.substr(query + 1)) + "\n" + exchange.retainBody());
}


Idempotency::Claim Idempotency::claim(const std::string& scope, const std::string& key, const std::string& fingerprint, Exchange::Sent& stored)
{
	Claim outcome = Claim::OURS;
	_database.runRaw([&](PGconn* conn) {
		// A key that expired, or whose first request was never answered (its process died), is free again.
		for (int attempt = 0; attempt < 3; ++attempt)
		{
			store::PgResult mine = store::execute(conn,
				"INSERT INTO idempotency_keys (scope, key, fingerprint, expires_at) "
				"VALUES ($1, $2, $3, now() + make_interval(hours => $4::int)) "
				"ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, status = NULL, content_type = NULL, "
				"body = NULL, claimed_at = now(), expires_at = EXCLUDED.expires_at "
				"WHERE idempotency_keys.expires_at < now() OR (idempotency_keys.status IS NULL "
				"AND idempotency_keys.claimed_at < now() - make_interval(secs => $5::int)) RETURNING 1",
				{scope, key, fingerprint, std::to_string(RETENTION_HOURS), std::to_string(CLAIM_TIMEOUT.count())});
			if (mine.rows() == 1)
			{
				outcome = Claim::OURS;
				return;
			}
			store::PgResult held = store::execute(conn,
				"SELECT fingerprint, status, content_type, body FROM idempotency_keys WHERE scope = $1 AND key = $2", {scope, key});
			if (held.rows() == 0) continue; // released in between: claim again
			if (held.value(0, 0) != fingerprint) outcome = Claim::OTHER_REQUEST;
			else if (held.isNull(0, 1)) outcome = Claim::IN_PROGRESS;
			else
			{
				outcome = Claim::REPLAY;
				stored = Exchange::Sent{std::stoi(held.value(0, 1)), held.value(0, 2), held.value(0, 3)};
			}
			return;
		}
		outcome = Claim::IN_PROGRESS;
	});
	return outcome;
}


void Idempotency::keep(const std::string& scope, const std::string& key, const Exchange::Sent& sent)
{
	try
	{
		_database.runRaw([&](PGconn* conn) {
			store::execute(conn, "UPDATE idempotency_keys SET status = $3::int, content_type = $4, body = $5 WHERE scope = $1 AND key = $2",
				{scope, key, std::to_string(sent.status), sent.contentType, sent.body});
		});
	}
	catch (const std::exception&)
	{
		// The answer is already sent; a repeat gets 409 until CLAIM_TIMEOUT frees the key, never a second run meanwhile.
	}
}


void Idempotency::release(const std::string& scope, const std::string& key)
{
	try
	{
		_database.runRaw([&](PGconn* conn) {
			store::execute(conn, "DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL", {scope, key});
		});
	}
	catch (const std::exception&)
	{
		// The request's own error is the one to answer; an unreleased key frees itself after CLAIM_TIMEOUT.
	}
}


void Idempotency::replay(Exchange& exchange, const Exchange::Sent& stored)
{
	auto& response = exchange.response();
	response.set("Idempotent-Replayed", "true");
	if (stored.status == 204)
	{
		exchange.sendNoContent();
		return;
	}
	response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(stored.status));
	if (!stored.contentType.empty()) response.setContentType(stored.contentType);
	response.sendBuffer(stored.body.data(), stored.body.size());
}


std::size_t Idempotency::purgeExpired()
{
	std::size_t purged = 0;
	_database.runRaw([&](PGconn* conn) {
		store::PgResult r = store::execute(conn, "DELETE FROM idempotency_keys WHERE expires_at < now() RETURNING 1");
		purged = static_cast<std::size_t>(r.rows());
	});
	return purged;
}


void Idempotency::purgeWhenDue()
{
	const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
	std::int64_t due = _nextPurge.load();
	if (now < due || !_nextPurge.compare_exchange_strong(due, now + PURGE_INTERVAL.count())) return;
	try
	{
		purgeExpired();
	}
	catch (const std::exception&)
	{
		// Expired keys cost only space; the next interval tries again.
	}
}


} } // namespace polytomic::http
