//
// SheetsAccount.cpp
//


#include "SheetsAccount.h"
#include "Poco/String.h"
#include "Poco/URI.h"


namespace polytomic {
namespace test {


const char* SheetsAccount::CLIENT_ID = "123456789012-fake.apps.googleusercontent.com";
const char* SheetsAccount::CLIENT_SECRET = "GOCSPX-secret-of-the-fake-app";


SheetsAccount::SheetsAccount(const std::string& prefix, std::map<std::string, std::string> extra):
	spreadsheetId(google.addSpreadsheet("Polytomic test")),
	app(prefix + "app"),
	port(TestEnvironment::freePort())
{
	auto env = serverEnvironment(app, port, "web,worker");
	env["POLYTOMIC_URL"] = "http://127.0.0.1:" + std::to_string(port);
	env["GSHEETS_CLIENT_ID"] = CLIENT_ID;
	env["GSHEETS_CLIENT_SECRET"] = CLIENT_SECRET;
	env["GSHEETS_OAUTH_AUTHORIZE_URL"] = google.url("/o/oauth2/v2/auth");
	env["GSHEETS_OAUTH_TOKEN_URL"] = google.url("/token");
	for (const auto& [k, v]: extra) env[k] = v;
	server = startServer(env);
	admin = std::make_unique<ApiClient>(ApiClient::forOrganization(app, port));
}


json::Value SheetsAccount::configuration() const
{
	json::Value c = json::Value::object();
	c.set("spreadsheet", "https://docs.google.com/spreadsheets/d/" + spreadsheetId + "/edit#gid=0");
	c.set("sheets_url", google.url(""));
	c.set("drive_url", google.url(""));
	return c;
}


std::string SheetsAccount::queryValue(const std::string& url, const std::string& name)
{
	for (const auto& [k, v]: Poco::URI(url).getQueryParameters())
		if (k == name) return v;
	return "";
}


std::string SheetsAccount::location(const HttpReply& reply)
{
	for (const auto& [k, v]: reply.headers)
		if (Poco::icompare(k, "Location") == 0) return v;
	return "";
}


SheetsSignIn SheetsAccount::signIn(const std::string& name, const std::string& connection) const
{
	SheetsSignIn s;
	json::Value body = json::Value::object();
	body.set("name", name);
	body.set("type", "gsheets");
	body.set("redirect_url", "https://app.example.com/connections?from=gsheets");
	if (!connection.empty()) body.set("connection", connection);
	body.set("configuration", configuration());
	s.started = admin->data("POST", "/api/connections/connect", body.dump());
	// The browser at Google: the fake approves at once and sends it back.
	const Poco::URI uri(s.started.getString("redirect_url"));
	const HttpReply approved = HttpProbe::request(uri.getPort(), "GET", uri.getPathAndQuery());
	if (approved.status != 302) throw std::runtime_error("the fake's authorize answered " + std::to_string(approved.status) + ": " + approved.body);
	s.callback = Poco::URI(location(approved)).getPathAndQuery();
	s.finished = HttpProbe::request(port, "GET", s.callback, "", {{"Authorization", admin->authorization}});
	return s;
}


std::string SheetsAccount::connect(const std::string& name) const
{
	const SheetsSignIn s = signIn(name);
	const std::string back = location(s.finished);
	if (s.finished.status != 302 || queryValue(back, "status") != "healthy")
		throw std::runtime_error("the sign-in did not end healthy: " + std::to_string(s.finished.status) + " " + back + " " + s.finished.body);
	return queryValue(back, "connection_id");
}


} } // namespace polytomic::test
