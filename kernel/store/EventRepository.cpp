//
// EventRepository.cpp
//


#include "store/EventRepository.h"
#include "store/PgResult.h"
#include "store/PgTransaction.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string EVENT_COLUMNS = "v.id::text, v.organization_id::text, v.type, v.payload::text, " + isoTimestamp("v.created_at");
	const std::string WEBHOOK_COLUMNS = "w.id::text, w.organization_id::text, w.endpoint, w.secret, w.active, " +
		isoTimestamp("w.created_at") + ", " + isoTimestamp("w.updated_at");



	EventRecord eventAt(const PgResult& r, int row, int first = 0)
	{
		return EventRecord{r.value(row, first), r.value(row, first + 1), r.value(row, first + 2), r.value(row, first + 3), r.value(row, first + 4)};
	}


	WebhookRecord webhookAt(const PgResult& r, int row)
	{
		return WebhookRecord{r.value(row, 0), r.value(row, 1), r.value(row, 2), r.value(row, 3), r.value(row, 4) == "t", r.value(row, 5),
			r.value(row, 6)};
	}
}


EventRepository::EventRepository(Database& database):
	_database(database)
{
}


EventRecord EventRepository::record(const std::string& organizationId, const std::string& type, const std::string& payload)
{
	EventRecord event;
	_database.runRaw([&](PGconn* conn) {
		inTransaction(conn, [&] {
			event = eventAt(execute(conn, "INSERT INTO events AS v (organization_id, type, payload) VALUES ($1::uuid, $2, $3::jsonb) RETURNING " +
				EVENT_COLUMNS, {organizationId, type, payload}), 0);
			execute(conn, "INSERT INTO webhook_deliveries (webhook_id, event_id) SELECT id, $2::uuid FROM webhooks "
				"WHERE organization_id = $1::uuid AND active", {organizationId, event.id});
		});
	});
	return event;
}


std::vector<EventRecord> EventRepository::list(const EventQuery& query)
{
	auto optional = [](const std::string& text) { return text.empty() ? std::nullopt : std::optional<std::string>(text); };
	const bool forward = !query.after.empty() && query.before.empty();
	std::vector<EventRecord> out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + EVENT_COLUMNS + " FROM events v WHERE v.organization_id = $1::uuid AND ($2::text IS NULL OR v.type = $2) "
			"AND ($3::timestamptz IS NULL OR v.created_at > $3::timestamptz) AND ($4::timestamptz IS NULL OR v.created_at < $4::timestamptz) "
			"ORDER BY v.created_at " + std::string(forward ? "ASC" : "DESC") + ", v.id LIMIT $5",
			{query.organizationId, optional(query.type), optional(query.after), optional(query.before), std::to_string(query.limit)});
		for (int i = 0; i < r.rows(); ++i) out.push_back(eventAt(r, i));
	});
	return out;
}


WebhookRecord EventRepository::createWebhook(const WebhookRecord& w)
{
	WebhookRecord created;
	_database.runRaw([&](PGconn* conn) {
		created = webhookAt(execute(conn, "INSERT INTO webhooks AS w (organization_id, endpoint, secret, active) VALUES ($1::uuid, $2, $3, $4::boolean) "
			"RETURNING " + WEBHOOK_COLUMNS, {w.organizationId, w.endpoint, w.secret, w.active ? "true" : "false"}), 0);
	});
	return created;
}


std::optional<WebhookRecord> EventRepository::findWebhook(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<WebhookRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + WEBHOOK_COLUMNS + " FROM webhooks w WHERE w.organization_id = $1::uuid AND w.id = $2::uuid",
			{organizationId, id});
		if (r.rows()) found = webhookAt(r, 0);
	});
	return found;
}


std::vector<WebhookRecord> EventRepository::listWebhooks(const std::string& organizationId)
{
	std::vector<WebhookRecord> out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + WEBHOOK_COLUMNS + " FROM webhooks w WHERE w.organization_id = $1::uuid ORDER BY w.created_at",
			{organizationId});
		for (int i = 0; i < r.rows(); ++i) out.push_back(webhookAt(r, i));
	});
	return out;
}


bool EventRepository::updateWebhook(const WebhookRecord& w)
{
	bool updated = false;
	_database.runRaw([&](PGconn* conn) {
		updated = execute(conn, "UPDATE webhooks SET endpoint = $3, secret = $4, active = $5::boolean, updated_at = now() "
			"WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id", {w.organizationId, w.id, w.endpoint, w.secret,
			w.active ? "true" : "false"}).rows() > 0;
	});
	return updated;
}


bool EventRepository::setWebhookActive(const std::string& organizationId, const std::string& id, bool active)
{
	if (!isUuid(id)) return false;
	bool found = false;
	_database.runRaw([&](PGconn* conn) {
		found = execute(conn, "UPDATE webhooks SET active = $3::boolean, updated_at = now() WHERE organization_id = $1::uuid AND id = $2::uuid "
			"RETURNING id", {organizationId, id, active ? "true" : "false"}).rows() > 0;
	});
	return found;
}


bool EventRepository::removeWebhook(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return false;
	bool removed = false;
	_database.runRaw([&](PGconn* conn) {
		removed = execute(conn, "DELETE FROM webhooks WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id", {organizationId, id}).rows() > 0;
	});
	return removed;
}


std::optional<Delivery> EventRepository::claimDelivery()
{
	std::optional<Delivery> claimed;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "WITH next AS (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now() "
			"ORDER BY next_attempt_at FOR UPDATE SKIP LOCKED LIMIT 1) "
			"UPDATE webhook_deliveries d SET next_attempt_at = now() + interval '1 minute', attempts = d.attempts + 1 "
			"FROM next, webhooks w, events v WHERE d.id = next.id AND w.id = d.webhook_id AND v.id = d.event_id "
			"RETURNING d.id::text, d.attempts, w.endpoint, w.secret, " + EVENT_COLUMNS);
		if (r.rows())
			claimed = Delivery{r.value(0, 0), std::stoi(r.value(0, 1)), r.value(0, 2), r.value(0, 3), eventAt(r, 0, 4)};
	});
	return claimed;
}


void EventRepository::delivered(const std::string& deliveryId, int status)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE webhook_deliveries SET status = 'delivered', last_status = $2, last_error = NULL WHERE id = $1::uuid",
			{deliveryId, std::to_string(status)});
	});
}


void EventRepository::retryLater(const std::string& deliveryId, int status, const std::string& error, int delaySeconds, bool giveUp)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE webhook_deliveries SET status = CASE WHEN $5::boolean THEN 'failed' ELSE 'pending' END, last_status = $2, "
			"last_error = $3, next_attempt_at = now() + make_interval(secs => $4::int) WHERE id = $1::uuid",
			{deliveryId, status ? std::optional<std::string>(std::to_string(status)) : std::nullopt, error, std::to_string(delaySeconds),
			giveUp ? "true" : "false"});
	});
}


} } // namespace polytomic::store
