//
// SheetsAccount.h
//
// What the Google Sheets suites share: the Google fake with a spreadsheet, a
// server whose OAuth app is the fake's, and the whole sign-in of a connection.
//


#ifndef SheetsAccount_INCLUDED
#define SheetsAccount_INCLUDED


#include "ApiFixture.h"
#include "fakes/FakeGoogleSheets.h"
#include "support/PolytomicProcess.h"
#include <memory>


namespace polytomic {
namespace test {


struct SheetsSignIn
	/// One run of the sign-in, step by step.
{
	json::Value started;          /// the data of POST /api/connections/connect
	std::string callback;         /// where the fake sent the browser back (path and query on the server)
	HttpReply finished;           /// the server's answer to the callback
};


struct SheetsAccount
{
	static const char* CLIENT_ID;
	static const char* CLIENT_SECRET;

	FakeGoogleSheets google{CLIENT_ID, CLIENT_SECRET};
	std::string spreadsheetId;
	TestDatabase app;
	unsigned port;
	std::unique_ptr<ChildProcess> server;
	std::unique_ptr<ApiClient> admin;

	explicit SheetsAccount(const std::string& prefix, std::map<std::string, std::string> extra = {});

	json::Value configuration() const;
		/// The connection's: the spreadsheet's URL, the fake's API URLs.

	SheetsSignIn signIn(const std::string& name, const std::string& connection = "") const;
		/// Starts the sign-in, follows the authorize URL at the fake, and sends the
		/// browser back to the server's callback (without following the server's redirect).

	std::string connect(const std::string& name) const;
		/// The whole sign-in; the new connection's id (throws unless it ends healthy).

	static std::string queryValue(const std::string& url, const std::string& name);
	static std::string location(const HttpReply& reply);
};


} } // namespace polytomic::test


#endif // SheetsAccount_INCLUDED
