//
// HubSpotPortal.h
//
// What the HubSpot suites share: the HubSpot fake, a server whose OAuth app is
// the fake's, users with their API keys, and the whole sign-in of a connection.
//


#ifndef HubSpotPortal_INCLUDED
#define HubSpotPortal_INCLUDED


#include "ApiFixture.h"
#include "fakes/FakeHubSpot.h"
#include "support/PolytomicProcess.h"
#include <memory>


namespace polytomic {
namespace test {


struct SignIn
	/// One run of the sign-in, step by step.
{
	json::Value started;          /// the data of POST /api/connections/connect
	std::string callback;         /// where the fake sent the browser back (path and query on the server)
	HttpReply finished;           /// the server's answer to the callback
};


struct HubSpotPortal
{
	static const char* CLIENT_ID;
	static const char* CLIENT_SECRET;

	FakeHubSpot hubspot{CLIENT_ID, CLIENT_SECRET};
	TestDatabase app;
	unsigned port;
	std::map<std::string, std::string> environment;  /// the server's
	std::unique_ptr<ChildProcess> server;
	std::unique_ptr<ApiClient> admin;

	explicit HubSpotPortal(const std::string& prefix, std::map<std::string, std::string> extra = {});

	void restart(const std::map<std::string, std::string>& changes);
		/// Stops the server (SIGTERM) and starts it again with its environment changed so.

	ApiClient user(const std::string& email) const;
		/// A member of the organization, with an API key of their own (Bearer).

	SignIn signIn(const ApiClient& who, const std::string& name, const std::string& connection = "") const;
		/// Starts the sign-in as who, follows the authorize URL at the fake, and sends who
		/// back to the server's callback (without following the server's redirect).

	json::Value startSignIn(const ApiClient& who, const std::string& name, const std::string& connection = "") const;
		/// The first step of signIn: the data of POST /api/connections/connect.

	SignIn finishSignIn(const ApiClient& who, const json::Value& started) const;
		/// The rest of signIn.

	std::string connect(const ApiClient& who, const std::string& name) const;
		/// The whole sign-in; the new connection's id (throws unless it ends healthy).

	static std::string queryValue(const std::string& url, const std::string& name);
	static std::string location(const HttpReply& reply);
};


} } // namespace polytomic::test


#endif // HubSpotPortal_INCLUDED
