//
// UserService.cpp
//


#include "auth/UserService.h"
#include "auth/SecretToken.h"
#include "engine/EngineError.h"
#include "Poco/RegularExpression.h"
#include "Poco/String.h"


namespace polytomic {
namespace auth {


namespace
{
	const std::string KEY_PREFIX = "ptk_";


	std::string checkedRole(const std::string& role)
	{
		auto parsed = parseRole(role);
		if (!parsed) throw engine::ValidationError("the user is not valid", {{"role", "must be admin, member or viewer"}});
		return roleName(*parsed);
	}


	void check(store::UserRepository::Outcome outcome, const std::string& id, const std::string& email)
	{
		switch (outcome)
		{
		case store::UserRepository::Outcome::DONE:
			return;
		case store::UserRepository::Outcome::NOT_FOUND:
			throw engine::NotFound("no user " + id);
		case store::UserRepository::Outcome::LAST_ADMIN:
			throw engine::Conflict("this is the organization's last admin: make another user an admin first");
		case store::UserRepository::Outcome::DUPLICATE:
			throw engine::Conflict("the organization already has a user " + email);
		}
	}
}


UserService::UserService(store::UserRepository& users):
	_users(users)
{
}


std::string UserService::checkedEmail(const std::string& email)
{
	static const Poco::RegularExpression shape("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
	const std::string lower = Poco::toLower(Poco::trim(email));
	if (lower.size() > 320 || !shape.match(lower)) throw engine::ValidationError("the user is not valid", {{"email", "must be an email address"}});
	return lower;
}


std::vector<store::UserRecord> UserService::list(const std::string& organizationId)
{
	return _users.list(organizationId);
}


store::UserRecord UserService::get(const std::string& organizationId, const std::string& id)
{
	auto user = _users.find(organizationId, id);
	if (!user) throw engine::NotFound("no user " + id);
	return *user;
}


store::UserRecord UserService::create(const std::string& organizationId, const std::string& email, const std::string& role)
{
	const std::string checked = checkedEmail(email);
	store::UserRecord created;
	check(_users.create(organizationId, checked, checkedRole(role), created), "", checked);
	return created;
}


store::UserRecord UserService::replace(const std::string& organizationId, const std::string& id, const std::string& email,
	const std::string& role)
{
	const std::string checked = checkedEmail(email);
	store::UserRecord updated;
	check(_users.update(organizationId, id, checked, checkedRole(role), updated), id, checked);
	return updated;
}


void UserService::remove(const std::string& organizationId, const std::string& id)
{
	check(_users.remove(organizationId, id), id, "");
}


std::string UserService::issueUserKey(const Principal& caller, const std::string& userId, bool force)
{
	if (!allows(caller.role, Role::ADMIN) && caller.userId != userId)
		throw engine::NotFound("no user " + userId);
	return storeNewKey(caller.organizationId, userId, force);
}


std::string UserService::issueOrganizationKey(const std::string& organizationId, bool force)
{
	return storeNewKey(organizationId, "", force);
}


std::string UserService::storeNewKey(const std::string& organizationId, const std::string& userId, bool force)
{
	const std::string key = KEY_PREFIX + randomToken(32);
	switch (_users.storeKey(organizationId, userId, sha256Hex(key), force))
	{
	case store::UserRepository::KeyOutcome::CREATED:
		return key;
	case store::UserRepository::KeyOutcome::EXISTS:
		throw engine::Conflict("an API key exists already; send {\"force\": true} to replace it (the old key stops working)");
	case store::UserRepository::KeyOutcome::NOT_FOUND:
		break;
	}
	throw engine::NotFound("no user " + userId);
}


} } // namespace polytomic::auth
