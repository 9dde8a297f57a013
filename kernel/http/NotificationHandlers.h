//
// NotificationHandlers.h
//
// Definition of the NotificationHandlers class.
//


#ifndef Polytomic_Http_NotificationHandlers_INCLUDED
#define Polytomic_Http_NotificationHandlers_INCLUDED


#include "engine/ErrorNotifications.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class NotificationHandlers
	/// /api/notifications/global-error-subscribers: who is emailed when a run
	/// fails, read and replaced as the SDK's V4GlobalErrorSubscribersResponse
	/// ({"emails": [...]}, not wrapped in "data").
{
public:
	explicit NotificationHandlers(engine::ErrorNotifications& notifications);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	static json::Value subscribersJson(const std::vector<std::string>& emails);

	engine::ErrorNotifications& _notifications;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_NotificationHandlers_INCLUDED
