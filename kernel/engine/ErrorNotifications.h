//
// ErrorNotifications.h
//
// Definition of the ErrorNotifications class.
//


#ifndef Polytomic_Engine_ErrorNotifications_INCLUDED
#define Polytomic_Engine_ErrorNotifications_INCLUDED


#include "engine/MailSender.h"
#include "polytomic/json.hpp"
#include "store/NotificationRepository.h"
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>


namespace polytomic {
namespace engine {


class ErrorNotifications
	/// The global error subscribers of each organization, and the email each
	/// of them gets when a model-sync or bulk-sync run of it fails. Mail is
	/// sent by one thread from a bounded queue, so that a slow or refusing mail
	/// server never holds up the worker whose run failed; without mail settings
	/// nothing is sent (and that is logged once).
{
public:
	ErrorNotifications(store::NotificationRepository& repository, std::optional<MailSettings> mail, std::string publicUrl);
		/// publicUrl: the base of the links in the emails (POLYTOMIC_URL).
	~ErrorNotifications();

	std::vector<std::string> subscribers(const std::string& organizationId);

	std::vector<std::string> replaceSubscribers(const std::string& organizationId, const json::Value& emails);
		/// emails: an array of addresses (at most MAX_SUBSCRIBERS); throws
		/// ValidationError naming each one that is not an address. Returns the
		/// subscribers as stored (lower case, each once).

	void eventRecorded(const std::string& organizationId, const std::string& type, const json::Value& payload);
		/// For sync.failed and bulk_sync.failed, queues an email to each
		/// subscriber; other events are ignored. Never throws.

	std::size_t sent() const { return _sent; }
		/// Emails the mail server accepted since start.

	static constexpr std::size_t MAX_SUBSCRIBERS = 100;
	static constexpr std::size_t MAX_QUEUED = 1000;

private:
	struct Mail
	{
		std::string to;
		std::string subject;
		std::string body;
	};

	Mail failureMail(const std::string& type, const json::Value& payload) const;
	void enqueue(std::vector<Mail> mails);
	void deliver();

	store::NotificationRepository& _repository;
	std::optional<MailSender> _sender;
	std::string _publicUrl;
	std::mutex _mutex;
	std::condition_variable _wake;
	std::deque<Mail> _queue;
	bool _stopping = false;
	std::atomic<bool> _toldUnconfigured{false};
	std::atomic<std::size_t> _sent{0};
	std::thread _thread;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_ErrorNotifications_INCLUDED
