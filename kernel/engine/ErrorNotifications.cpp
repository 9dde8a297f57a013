//
// ErrorNotifications.cpp
//


#include "engine/ErrorNotifications.h"
#include "engine/EngineError.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include "Poco/String.h"
#include <set>


namespace polytomic {
namespace engine {


namespace
{
	Poco::Logger& logger()
	{
		return Poco::Logger::get("polytomic.notifications");
	}


	bool isAddress(const std::string& email)
		/// local@domain, without spaces, control characters or what would
		/// make it more than one address in a header (<>,;"), at most 254 bytes.
	{
		if (email.size() < 3 || email.size() > 254) return false;
		const std::size_t at = email.find('@');
		if (at == 0 || at == std::string::npos || at + 1 == email.size() || email.find('@', at + 1) != std::string::npos) return false;
		for (unsigned char c: email)
			if (c <= 0x20 || c == 0x7f || std::string("<>,;\"()[]\\").find(static_cast<char>(c)) != std::string::npos) return false;
		return true;
	}
}


ErrorNotifications::ErrorNotifications(store::NotificationRepository& repository, std::optional<MailSettings> mail, std::string publicUrl):
	_repository(repository),
	_publicUrl(std::move(publicUrl))
{
	if (mail)
	{
		_sender.emplace(*mail);
		_thread = std::thread([this] { deliver(); });
	}
}


ErrorNotifications::~ErrorNotifications()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopping = true;
	}
	_wake.notify_all();
	if (_thread.joinable()) _thread.join();
	if (!_queue.empty()) logger().warning(std::to_string(_queue.size()) + " failure email(s) not sent: the server stopped");
}


std::vector<std::string> ErrorNotifications::subscribers(const std::string& organizationId)
{
	return _repository.errorSubscribers(organizationId);
}


std::vector<std::string> ErrorNotifications::replaceSubscribers(const std::string& organizationId, const json::Value& emails)
{
	if (!emails.isArray()) throw ValidationError("the subscribers are not valid", {{"emails", "must be an array of email addresses"}});
	if (emails.size() > MAX_SUBSCRIBERS)
		throw ValidationError("the subscribers are not valid", {{"emails", "at most " + std::to_string(MAX_SUBSCRIBERS) + " addresses"}});
	std::map<std::string, std::string> errors;
	std::set<std::string> unique;
	std::size_t i = 0;
	for (const auto& email: emails.items())
	{
		const std::string where = "emails[" + std::to_string(i++) + "]";
		if (!email.isString() || !isAddress(email.asString())) errors[where] = "is not an email address (name@example.com)";
		else unique.insert(Poco::toLower(email.asString()));
	}
	if (!errors.empty()) throw ValidationError("every subscriber must be an email address (name@example.com)", errors);
	_repository.replaceErrorSubscribers(organizationId, std::vector<std::string>(unique.begin(), unique.end()));
	return subscribers(organizationId);
}


ErrorNotifications::Mail ErrorNotifications::failureMail(const std::string& type, const json::Value& payload) const
{
	const bool bulk = type.rfind("bulk_sync.", 0) == 0;
	const std::string kind = bulk ? "bulk sync" : "model sync";
	const std::string syncId = payload.getString(bulk ? "bulk_sync_id" : "sync_id");
	const std::string name = payload.getString(bulk ? "name" : "sync_name");
	const std::string executionId = payload.getString("execution_id");
	const std::string link = _publicUrl + (bulk ? "/api/bulk/syncs/" : "/api/syncs/") + syncId + "/executions/" + executionId;
	Mail mail;
	mail.subject = "Polytomic: the " + kind + " \"" + name + "\" failed";
	mail.body = "A run of the " + kind + " \"" + name + "\" failed.\r\n\r\n"
		"Error: " + payload.getString("error", "(none recorded)") + "\r\n" +
		"Sync: " + syncId + "\r\n" +
		"Execution: " + executionId + "\r\n" +
		"Trigger: " + payload.getString(bulk ? "trigger_source" : "trigger") + "\r\n\r\n" +
		"The execution and its console log: " + link + "\r\n\r\n"
		"You get this email as a global error subscriber of your Polytomic organization "
		"(PUT /api/notifications/global-error-subscribers changes who does).\r\n";
	return mail;
}


void ErrorNotifications::eventRecorded(const std::string& organizationId, const std::string& type, const json::Value& payload)
{
	if (type != "sync.failed" && type != "bulk_sync.failed") return;
	try
	{
		const std::vector<std::string> emails = _repository.errorSubscribers(organizationId);
		if (emails.empty()) return;
		if (!_sender)
		{
			if (!_toldUnconfigured.exchange(true))
				logger().warning("a run failed and its organization has global error subscribers, but no email is sent: SMTP_HOST is not set "
					"(this is logged once)");
			return;
		}
		const Mail mail = failureMail(type, payload);
		std::vector<Mail> mails;
		for (const auto& email: emails) mails.push_back(Mail{email, mail.subject, mail.body});
		enqueue(std::move(mails));
	}
	catch (const std::exception& e)
	{
		logger().warning("the subscribers of a failed run are not notified: " + std::string(e.what()));
	}
}


void ErrorNotifications::enqueue(std::vector<Mail> mails)
{
	std::size_t dropped = 0;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		for (auto& mail: mails)
		{
			if (_queue.size() >= MAX_QUEUED) ++dropped;
			else _queue.push_back(std::move(mail));
		}
	}
	_wake.notify_one();
	if (dropped) logger().warning(std::to_string(dropped) + " failure email(s) dropped: " + std::to_string(MAX_QUEUED) + " are waiting for the mail server");
}


void ErrorNotifications::deliver()
{
	std::unique_lock<std::mutex> lock(_mutex);
	while (true)
	{
		_wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
		if (_stopping) return;
		const Mail mail = std::move(_queue.front());
		_queue.pop_front();
		lock.unlock();
		try
		{
			_sender->send(mail.to, mail.subject, mail.body);
			++_sent;
		}
		catch (const Poco::Exception& e)
		{
			// A refused address or an unreachable server loses this email, not the others.
			logger().warning("failure email to " + mail.to + " not sent: " + e.displayText());
		}
		catch (const std::exception& e)
		{
			// A refused address or an unreachable server loses this email, not the others.
			logger().warning("failure email to " + mail.to + " not sent: " + e.what());
		}
		lock.lock();
	}
}


} } // namespace polytomic::engine
