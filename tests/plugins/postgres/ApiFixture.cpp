//
// ApiFixture.cpp
//


#include "ApiFixture.h"
#include "PostgresHarness.h"
#include "support/PolytomicProcess.h"
#include "Poco/Base64Encoder.h"
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>


namespace polytomic {
namespace test {


namespace
{
	const std::string API_KEY = "k3y-for-the-tests-0123456789";
}


HttpReply ApiClient::call(const std::string& method, const std::string& path, const std::string& body) const
{
	return HttpProbe::request(port, method, path, body, {{"Authorization", authorization}});
}


json::Value ApiClient::data(const std::string& method, const std::string& path, const std::string& body) const
{
	HttpReply reply = call(method, path, body);
	if (reply.status != 200) throw std::runtime_error(method + " " + path + " answered " + std::to_string(reply.status) + ": " + reply.body);
	return json::Value::parse(reply.body)["data"];
}


ApiClient ApiClient::forOrganization(const TestDatabase& app, unsigned port)
{
	std::ostringstream credentials;
	Poco::Base64Encoder encoder(credentials);
	encoder.rdbuf()->setLineLength(0);
	encoder << app.scalar("SELECT id FROM organizations") << ":" << API_KEY;
	encoder.close();
	return ApiClient{port, "Basic " + credentials.str()};
}


std::map<std::string, std::string> serverEnvironment(const TestDatabase& app, unsigned port, const std::string& role)
{
	auto env = evaluationEnvironment(app.url(), port);
	env["PLUGIN_DIR"] = POLYTOMIC_PLUGIN_DIR;
	env["DEPLOYMENT_API_KEY"] = API_KEY;
	env["ENCRYPTION_KEY"] = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";
	env["ROLE"] = role;
	env["SYNC_CONCURRENCY"] = "2";
	env["SYNC_LEASE_SECONDS"] = "3";
	return env;
}


std::string createConnection(const ApiClient& api, const std::string& name, const TestDatabase& db)
{
	json::Value body = json::Value::object();
	body.set("name", name);
	body.set("type", "postgresql");
	json::Value config = PostgresHarness::config(db);
	config.set("ssl_mode", "disable");
	body.set("configuration", config);
	return api.data("POST", "/api/connections", body.dump()).getString("id");
}


json::Value waitForExecution(const ApiClient& api, const std::string& path, int seconds)
{
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
	while (std::chrono::steady_clock::now() < deadline)
	{
		json::Value execution = api.data("GET", path);
		const std::string status = execution.getString("status");
		if (status == "completed" || status == "failed" || status == "canceled") return execution;
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
	throw std::runtime_error(path + " did not end in " + std::to_string(seconds) + " s");
}


bool sameRows(const TestDatabase& source, const TestDatabase& destination, const std::string& table)
{
	return PostgresHarness::dump(source, "public." + table, "id") == PostgresHarness::dump(destination, "public." + table, "id");
}


std::vector<pid_t> childrenOf(pid_t parent, const std::string& commandPart)
{
	std::vector<pid_t> found;
	DIR* proc = ::opendir("/proc");
	if (!proc) return found;
	while (dirent* entry = ::readdir(proc))
	{
		const std::string name = entry->d_name;
		if (name.find_first_not_of("0123456789") != std::string::npos) continue;
		std::ifstream stat("/proc/" + name + "/stat");
		std::string line;
		std::getline(stat, line);
		const auto close = line.rfind(')');
		if (close == std::string::npos) continue;
		std::istringstream rest(line.substr(close + 2));
		char state;
		pid_t ppid = 0;
		rest >> state >> ppid;
		if (ppid != parent) continue;
		std::ifstream cmdline("/proc/" + name + "/cmdline");
		std::string command((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
		for (char& c: command)
			if (c == '\0') c = ' ';
		if (command.find(commandPart) != std::string::npos) found.push_back(static_cast<pid_t>(std::stoi(name)));
	}
	::closedir(proc);
	return found;
}


} } // namespace polytomic::test
