//
// HubSpotPortal.cpp
//


#include "HubSpotPortal.h"
#include "Poco/String.h"
#include "Poco/URI.h"
#include <csignal>


namespace polytomic {
namespace test {


const char* HubSpotPortal::CLIENT_ID = "4f1d5b6e-client-id";
const char* HubSpotPortal::CLIENT_SECRET = "9c2e-client-secret-of-the-app";


HubSpotPortal::HubSpotPortal(const std::string& prefix, std::map<std::string, std::string> extra):
	app(prefix + "app"),
	port(TestEnvironment::freePort())
{
	environment = serverEnvironment(app, port, "web,worker");
	environment["POLYTOMIC_URL"] = "http://127.0.0.1:" + std::to_string(port);
	environment["HUBSPOT_CLIENT_ID"] = CLIENT_ID;
	environment["HUBSPOT_CLIENT_SECRET"] = CLIENT_SECRET;
	environment["HUBSPOT_OAUTH_AUTHORIZE_URL"] = hubspot.url("/oauth/authorize");
	environment["HUBSPOT_OAUTH_TOKEN_URL"] = hubspot.url("/oauth/v1/token");
	for (const auto& [k, v]: extra) environment[k] = v;
	server = startServer(environment);
	admin = std::make_unique<ApiClient>(ApiClient::forOrganization(app, port));
}


void HubSpotPortal::restart(const std::map<std::string, std::string>& changes)
{
	server->signal(SIGTERM);
	if (!server->wait(std::chrono::milliseconds(20000))) throw std::runtime_error("the server did not stop: " + server->output());
	for (const auto& [k, v]: changes)
	{
		if (v.empty()) environment.erase(k);
		else environment[k] = v;
	}
	server = startServer(environment);
}


ApiClient HubSpotPortal::user(const std::string& email) const
{
	json::Value body = json::Value::object();
	body.set("email", email);
	body.set("role", "member");
	const std::string org = app.scalar("SELECT id FROM organizations");
	const std::string id = admin->data("POST", "/api/organizations/" + org + "/users", body.dump()).getString("id");
	const std::string key = admin->data("POST", "/api/organizations/" + org + "/users/" + id + "/keys", R"({"force": true})").getString("value");
	return ApiClient{port, "Bearer " + key};
}


std::string HubSpotPortal::queryValue(const std::string& url, const std::string& name)
{
	for (const auto& [k, v]: Poco::URI(url).getQueryParameters())
		if (k == name) return v;
	return "";
}


std::string HubSpotPortal::location(const HttpReply& reply)
{
	for (const auto& [k, v]: reply.headers)
		if (Poco::icompare(k, "Location") == 0) return v;
	return "";
}


SignIn HubSpotPortal::signIn(const ApiClient& who, const std::string& name, const std::string& connection) const
{
	return finishSignIn(who, startSignIn(who, name, connection));
}


json::Value HubSpotPortal::startSignIn(const ApiClient& who, const std::string& name, const std::string& connection) const
{
	json::Value body = json::Value::object();
	body.set("name", name);
	body.set("type", "hubspot");
	body.set("redirect_url", "https://app.example.com/connections?from=hubspot");
	if (!connection.empty()) body.set("connection", connection);
	json::Value configuration = json::Value::object();
	configuration.set("api_url", hubspot.url(""));
	body.set("configuration", configuration);
	return who.data("POST", "/api/connections/connect", body.dump());
}


SignIn HubSpotPortal::finishSignIn(const ApiClient& who, const json::Value& started) const
{
	SignIn s;
	s.started = started;
	// The browser at HubSpot: the fake approves at once and sends it back.
	const std::string authorize = s.started.getString("redirect_url");
	const Poco::URI uri(authorize);
	const HttpReply approved = HttpProbe::request(uri.getPort(), "GET", uri.getPathAndQuery());
	if (approved.status != 302) throw std::runtime_error("the fake's authorize answered " + std::to_string(approved.status) + ": " + approved.body);
	const Poco::URI back(location(approved));
	s.callback = back.getPathAndQuery();
	s.finished = HttpProbe::request(port, "GET", s.callback, "", {{"Authorization", who.authorization}});
	return s;
}


std::string HubSpotPortal::connect(const ApiClient& who, const std::string& name) const
{
	const SignIn s = signIn(who, name);
	const std::string back = location(s.finished);
	if (s.finished.status != 302 || queryValue(back, "status") != "healthy")
		throw std::runtime_error("the sign-in did not end healthy: " + std::to_string(s.finished.status) + " " + back + " " + s.finished.body);
	return queryValue(back, "connection_id");
}


} } // namespace polytomic::test
