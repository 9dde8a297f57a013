//
// AuditTrail.cpp
//


#include "http/AuditTrail.h"
#include "http/HttpError.h"
#include "engine/EngineError.h"
#include "store/DatabaseError.h"
#include "telemetry/ErrorText.h"
#include <algorithm>
#include <vector>


namespace polytomic {
namespace http {


namespace
{
	std::string singular(std::string noun)
	{
		for (char& c: noun) if (c == '-') c = '_';
		if (noun.size() > 3 && noun.compare(noun.size() - 3, 3, "ies") == 0) return noun.substr(0, noun.size() - 3) + "y";
		if (noun.size() > 1 && noun.back() == 's' && noun[noun.size() - 2] != 's' && noun != "status") noun.pop_back();
		return noun;
	}


	std::string actorType(const auth::Principal& p)
	{
		if (p.kind == "user") return "user";
		if (p.kind == "organization") return "organization";
		return "system";
	}
}


AuditTrail::AuditTrail(store::AuditLogRepository& log):
	_log(log),
	_logger(Poco::Logger::get("polytomic.audit"))
{
}


std::string AuditTrail::actionOf(const std::string& method, const std::string& route)
{
	static const std::vector<std::string> verbs = {"activate", "cancel", "test", "refresh", "enable", "disable"};
	std::vector<std::string> nouns;
	std::size_t start = route.rfind("/api/", 0) == 0 ? 5 : 1;
	while (start <= route.size())
	{
		std::size_t slash = route.find('/', start);
		if (slash == std::string::npos) slash = route.size();
		const std::string segment = route.substr(start, slash - start);
		start = slash + 1;
		if (segment.empty() || segment.front() == '{') continue;
		if (!nouns.empty() && nouns.back() == "bulk" && segment == "syncs") nouns.back() = "bulk_sync";
		else nouns.push_back(segment);
	}
	std::string verb = method == "POST" ? "create" : method == "DELETE" ? "delete" : "update";
	if (!nouns.empty() && std::find(verbs.begin(), verbs.end(), nouns.back()) != verbs.end())
	{
		verb = nouns.back();
		nouns.pop_back();
	}
	// /api/organization/users/... and /api/organizations/{org_id}/users/... are about users.
	if (nouns.size() > 1 && (nouns[0] == "organization" || nouns[0] == "organizations") && nouns[1] == "users") nouns.erase(nouns.begin());
	std::string action;
	for (const auto& noun: nouns) action += singular(noun) + ".";
	return action + verb;
}


int AuditTrail::statusOf(std::exception_ptr error)
{
	try
	{
		std::rethrow_exception(error);
	}
	catch (const HttpError& e) { return e.status(); }
	catch (const engine::ValidationError&) { return 400; }
	catch (const engine::NotFound&) { return 404; }
	catch (const engine::Conflict&) { return 409; }
	catch (const engine::InUse&) { return 422; }
	catch (const engine::CheckFailed&) { return 422; }
	catch (const store::DatabaseUnavailable&) { return 503; }
	catch (...) { return 500; }
}


void AuditTrail::recordCall(Exchange& exchange, const auth::Principal& caller, int status)
{
	store::AuditEntry entry;
	entry.organizationId = caller.organizationId;
	entry.actorType = actorType(caller);
	entry.actorId = caller.isUser() ? caller.userId : caller.kind == "organization" ? caller.organizationId : "deployment";
	entry.actorEmail = caller.email;
	const std::string& method = exchange.request().getMethod();
	entry.action = actionOf(method, exchange.route());
	entry.method = method;
	entry.route = exchange.route();
	try
	{
		entry.resourceId = exchange.parameter("id");
	}
	catch (const std::out_of_range&)
	{
		entry.resourceId = exchange.sentId();
	}
	entry.status = status;
	write(std::move(entry), exchange);
}


void AuditTrail::recordSignIn(Exchange& exchange, const auth::Principal& user, const std::string& method)
{
	store::AuditEntry entry;
	entry.organizationId = user.organizationId;
	entry.actorType = "user";
	entry.actorId = user.userId;
	entry.actorEmail = user.email;
	entry.action = "auth.sign_in";
	entry.detail = method;
	entry.status = 200;
	write(std::move(entry), exchange);
}


void AuditTrail::recordRefusedSignIn(Exchange& exchange, const std::string& organizationId, const std::string& email,
	const std::string& method, const std::string& reason, int status)
{
	store::AuditEntry entry;
	entry.organizationId = organizationId;
	entry.actorType = "anonymous";
	entry.actorEmail = email;
	entry.action = "auth.sign_in_failed";
	entry.detail = method + ": " + reason;
	entry.status = status;
	write(std::move(entry), exchange);
}


void AuditTrail::recordSignOut(Exchange& exchange, const auth::Principal& user)
{
	store::AuditEntry entry;
	entry.organizationId = user.organizationId;
	entry.actorType = "user";
	entry.actorId = user.userId;
	entry.actorEmail = user.email;
	entry.action = "auth.sign_out";
	entry.status = 204;
	write(std::move(entry), exchange);
}


void AuditTrail::write(store::AuditEntry entry, Exchange& exchange)
{
	if (entry.method.empty()) entry.method = exchange.request().getMethod();
	if (entry.route.empty()) entry.route = exchange.route();
	entry.clientAddress = exchange.clientAddress();
	entry.requestId = exchange.response().get("X-Request-Id", "");
	try
	{
		_log.record(entry);
	}
	catch (const std::exception& e)
	{
		_logger.error("could not write to the audit log (" + entry.action + " by " + entry.actorId + "): " + telemetry::errorText(e));
	}
}


} } // namespace polytomic::http
