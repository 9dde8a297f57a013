//
// AbuseServer.cpp
//


#include "AbuseServer.h"
#include "support/PolytomicProcess.h"
#include "polytomic/json.hpp"
#include <fstream>
#include <sstream>
#include <stdexcept>


namespace polytomic {
namespace test {


namespace
{
	const std::string DEPLOYMENT_KEY = "k3y-for-the-abuse-suite-0123456789";
	const std::string ENCRYPTION_KEY = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE="; // 32 x 'a'


	json::Value dataOf(const HttpReply& reply, const std::string& what)
	{
		if (reply.status != 200) throw std::runtime_error(what + " answered " + std::to_string(reply.status) + ": " + reply.body + reply.error);
		return json::Value::parse(reply.body)["data"];
	}
}


AbuseServer::AbuseServer():
	_db("abuse"),
	_port(TestEnvironment::freePort())
{
	auto env = evaluationEnvironment(_db.url(), _port);
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	env["DEPLOYMENT_API_KEY"] = DEPLOYMENT_KEY;
	env["ENCRYPTION_KEY"] = ENCRYPTION_KEY;
	env["REDIS_URL"] = TestEnvironment::require("POLYTOMIC_TEST_REDIS_URL");
	env["HTTP_BODY_TIMEOUT"] = std::to_string(BODY_TIMEOUT_SECONDS);
	_process = startServer(env);
	_admin = HttpProbe::basicAuthorization(_db.scalar("SELECT id FROM organizations"), DEPLOYMENT_KEY);
	seed();
}


AbuseServer& AbuseServer::shared()
{
	static std::unique_ptr<AbuseServer> server;
	if (!server || !server->up()) server = std::make_unique<AbuseServer>();
	return *server;
}


void AbuseServer::seed()
{
	for (int i = 0; i < CONNECTIONS; ++i)
		_connectionId = dataOf(call(_admin, "POST", "/api/connections", R"({"name": "Numbers )" + std::to_string(i) +
			R"(", "type": "test_good", "validate": false, "configuration": {"rows": 5, "token": "tok-secret-)" + std::to_string(i) + R"("}})"),
			"creating a connection").getString("id");
	_modelId = _db.scalar("INSERT INTO models (organization_id, name, connection_id, configuration, identifier, fields) "
		"SELECT organization_id, 'Abuse', id, '{\"query\": \"SELECT 1\"}', 'id', "
		"'[{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": \"n\", \"type\": \"integer\"}]' "
		"FROM connections WHERE id = '" + _connectionId + "' RETURNING id");
	const std::string viewer = dataOf(call(_admin, "POST", "/api/organization/users", R"({"email": "viewer@example.com", "role": "viewer"})"),
		"creating the viewer").getString("id");
	const std::string organization = _db.scalar("SELECT id FROM organizations");
	_viewer = "Bearer " + dataOf(call(_admin, "POST", "/api/organizations/" + organization + "/users/" + viewer + "/keys", R"({"force": true})"),
		"making the viewer's key").getString("value");
}


bool AbuseServer::up()
{
	return _process->running() && HttpProbe::request(_port, "GET", "/status.txt", "", {}, std::chrono::milliseconds(1000)).status == 200;
}


HttpReply AbuseServer::call(const std::string& authorization, const std::string& method, const std::string& path,
	const std::string& body, std::chrono::milliseconds timeout)
{
	return HttpProbe::request(_port, method, path, body, {{"Authorization", authorization}, {"Content-Type", "application/json"}}, timeout);
}


long AbuseServer::statusField(const std::string& field) const
{
	std::ifstream status("/proc/" + std::to_string(_process->pid()) + "/status");
	std::string line;
	while (std::getline(status, line))
		if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
	return -1;
}


std::string AbuseServer::output() const
{
	return _process->output();
}


} } // namespace polytomic::test
