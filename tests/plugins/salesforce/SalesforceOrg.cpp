//
// SalesforceOrg.cpp
//


#include "SalesforceOrg.h"
#include "Poco/String.h"
#include "Poco/URI.h"


namespace polytomic {
namespace test {


const char* SalesforceOrg::CLIENT_ID = "3MVG9-connected-app-consumer-key";
const char* SalesforceOrg::CLIENT_SECRET = "connected-app-consumer-secret";


SalesforceOrg::SalesforceOrg(const std::string& prefix):
	app(prefix + "app"),
	warehouse(prefix + "wh"),
	port(TestEnvironment::freePort())
{
	auto env = serverEnvironment(app, port, "web,worker");
	env["POLYTOMIC_URL"] = "http://127.0.0.1:" + std::to_string(port);
	env["SALESFORCE_CLIENT_ID"] = CLIENT_ID;
	env["SALESFORCE_CLIENT_SECRET"] = CLIENT_SECRET;
	// The login host stays the connection's (validated), the fake stands in for it.
	env["SALESFORCE_OAUTH_AUTHORIZE_URL"] = salesforce.url("/services/oauth2/authorize");
	env["SALESFORCE_OAUTH_TOKEN_URL"] = salesforce.url("/services/oauth2/token");
	server = startServer(env);
	admin = std::make_unique<ApiClient>(ApiClient::forOrganization(app, port));
}


json::Value SalesforceOrg::configuration(const std::string& flow) const
{
	json::Value c = json::Value::object();
	c.set("auth_flow", flow);
	c.set("login_host", flow == "client_credentials" ? "acme.my.salesforce.com" : "login.salesforce.com");
	c.set("bulk_poll_ms", 20);
	c.set("objects", "Contact,Account");
	c.set("bulk_read_threshold", 100);
	return c;
}


std::string SalesforceOrg::queryValue(const std::string& url, const std::string& name)
{
	for (const auto& [k, v]: Poco::URI(url).getQueryParameters())
		if (k == name) return v;
	return "";
}


std::string SalesforceOrg::location(const HttpReply& reply)
{
	for (const auto& [k, v]: reply.headers)
		if (Poco::icompare(k, "Location") == 0) return v;
	return "";
}


HttpReply SalesforceOrg::webServerSignIn(const std::string& name, const std::string& connection) const
{
	json::Value body = json::Value::object();
	body.set("name", name);
	body.set("type", "salesforce");
	body.set("redirect_url", "https://app.example.com/connections?from=salesforce");
	if (!connection.empty()) body.set("connection", connection);
	body.set("configuration", configuration("web_server"));
	const json::Value started = admin->data("POST", "/api/connections/connect", body.dump());
	const Poco::URI authorize(started.getString("auth_url"));
	const HttpReply approved = HttpProbe::request(authorize.getPort(), "GET", authorize.getPathAndQuery());
	if (approved.status != 302) throw std::runtime_error("the fake's authorize answered " + std::to_string(approved.status) + ": " + approved.body);
	const Poco::URI back(location(approved));
	return HttpProbe::request(port, "GET", back.getPathAndQuery(), "", {{"Authorization", admin->authorization}});
}


std::string SalesforceOrg::connect(const std::string& name) const
{
	const HttpReply finished = webServerSignIn(name);
	const std::string back = location(finished);
	if (finished.status != 302 || queryValue(back, "status") != "healthy")
		throw std::runtime_error("the sign-in did not end healthy: " + std::to_string(finished.status) + " " + back + " " + finished.body);
	return queryValue(back, "connection_id");
}


json::Value SalesforceOrg::connectWithCredentials(const std::string& name, const std::string& connection) const
{
	json::Value body = json::Value::object();
	body.set("name", name);
	body.set("type", "salesforce");
	body.set("redirect_url", "https://app.example.com/connections");
	if (!connection.empty()) body.set("connection", connection);
	body.set("configuration", configuration("client_credentials"));
	return admin->data("POST", "/api/connections/connect", body.dump());
}


std::string SalesforceOrg::warehouseConnection() const
{
	return createConnection(*admin, "Warehouse", warehouse);
}


std::string SalesforceOrg::peopleModel(int people, const std::string& warehouseId) const
{
	warehouse.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text, first text, last text)");
	warehouse.execute("INSERT INTO people SELECT i, CASE WHEN i % 100 = 0 THEN 'broken-' || i ELSE 'p' || i || '@example.com' END, "
		"'First ' || i, 'Last ' || i FROM generate_series(1, " + std::to_string(people) + ") AS i");
	json::Value model = json::Value::object();
	model.set("name", "People");
	model.set("connection_id", warehouseId);
	model.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
	model.set("identifier", "id");
	return admin->data("POST", "/api/models", model.dump()).getString("id");
}


std::string SalesforceOrg::contactSync(const std::string& modelId, const std::string& salesforceId) const
{
	const auto mapping = [&](const std::string& source, const std::string& target) {
		json::Value m = json::Value::object();
		json::Value field = json::Value::object();
		field.set("model_id", modelId);
		field.set("field", source);
		m.set("source", field);
		m.set("target", target);
		return m;
	};
	json::Value body = json::Value::object();
	body.set("name", "People into Salesforce");
	body.set("mode", "updateOrCreate");
	json::Value target = json::Value::object();
	target.set("connection_id", salesforceId);
	target.set("object", "Contact");
	body.set("target", target);
	json::Value fields = json::Value::array();
	fields.push(mapping("first", "FirstName"));
	fields.push(mapping("last", "LastName"));
	fields.push(mapping("email", "Email"));
	body.set("fields", fields);
	json::Value identity = mapping("id", "External_Id__c");
	identity.set("function", "Equality");
	body.set("identity", identity);
	return admin->data("POST", "/api/syncs", body.dump()).getString("id");
}


json::Value SalesforceOrg::runSync(const std::string& syncId) const
{
	const std::string id = admin->data("POST", "/api/syncs/" + syncId + "/executions", "{}").getString("id");
	return waitForExecution(*admin, "/api/syncs/" + syncId + "/executions/" + id, 300);
}


json::Value SalesforceOrg::runBulk(const std::string& syncId) const
{
	const std::string id = admin->data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id");
	return waitForExecution(*admin, "/api/bulk/syncs/" + syncId + "/executions/" + id, 300);
}


} } // namespace polytomic::test
