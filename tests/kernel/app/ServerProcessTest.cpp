//
// ServerProcessTest.cpp
//


#include "ServerProcessTest.h"
#include "support/PolytomicProcess.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "polytomic/connector.h"
#include "polytomic/json.hpp"
#include "Poco/Base64Encoder.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/StringTokenizer.h"
#include <cppunit/TestAssert.h>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <future>
#include <iterator>
#include <linux/capability.h>
#include <map>
#include <sstream>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>


using namespace polytomic::test;
using std::chrono::milliseconds;


namespace
{
	int occurrences(const std::string& text, const std::string& what)
	{
		int n = 0;
		for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
		return n;
	}


	HttpReply waitForStatus(unsigned port, const std::string& path, int status, milliseconds timeout)
	{
		const auto deadline = std::chrono::steady_clock::now() + timeout;
		HttpReply reply;
		while (std::chrono::steady_clock::now() < deadline)
		{
			reply = HttpProbe::get(port, path);
			if (reply.status == status) break;
			std::this_thread::sleep_for(milliseconds(100));
		}
		return reply;
	}

}


void ServerProcessTest::testServesAndCreatesRootUser()
{
	TestDatabase db("srvbasic");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(evaluationEnvironment(db.url(), port));
	CPPUNIT_ASSERT_EQUAL(std::string("OK\n"), HttpProbe::get(port, "/status.txt").body);
	HttpReply ready = HttpProbe::get(port, "/status/ready");
	CPPUNIT_ASSERT_EQUAL(200, ready.status);
	CPPUNIT_ASSERT(ready.body.find("\"backend\":\"memory\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com|admin"), db.scalar("SELECT email || '|' || role FROM users"));
	CPPUNIT_ASSERT(server->output().find("EVALUATION mode") != std::string::npos);
	HttpReply missing = HttpProbe::get(port, "/api/nothing");
	CPPUNIT_ASSERT_EQUAL(404, missing.status);
	CPPUNIT_ASSERT(missing.body.find("\"key\":\"not_found\"") != std::string::npos);
}


void ServerProcessTest::testSigtermExitsCleanly()
{
	TestDatabase db("srvterm");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(evaluationEnvironment(db.url(), port));
	server->signal(SIGTERM);
	auto code = server->wait(milliseconds(15000));
	CPPUNIT_ASSERT_MESSAGE(server->output(), code.has_value());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(server->output(), 0, *code);
	CPPUNIT_ASSERT(server->output().find("shutting down") != std::string::npos);
	CPPUNIT_ASSERT(server->output().find("stopped") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(0, HttpProbe::get(port, "/status.txt").status);
}


void ServerProcessTest::testJsonLogsCarryRequestIds()
{
	TestDatabase db("srvjson");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["LOG_FORMAT"] = "json";
	auto server = startServer(env);
	HttpProbe::request(port, "GET", "/status/ready", "", {{"X-Request-Id", "probe-7"}});
	server->signal(SIGTERM);
	server->wait(milliseconds(15000));
	Poco::StringTokenizer lines(server->output(), "\n", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	CPPUNIT_ASSERT(lines.count() > 3);
	bool sawRequest = false;
	for (const auto& line: lines)
	{
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr object;
		CPPUNIT_ASSERT_NO_THROW_MESSAGE(line, object = parser.parse(line).extract<Poco::JSON::Object::Ptr>());
		CPPUNIT_ASSERT(object->has("ts") && object->has("level") && object->has("msg"));
		if (object->getValue<std::string>("msg").find("GET /status/ready 200") != std::string::npos)
		{
			sawRequest = true;
			CPPUNIT_ASSERT_EQUAL(std::string("probe-7"), object->getValue<std::string>("request_id"));
		}
	}
	CPPUNIT_ASSERT(sawRequest);
}


void ServerProcessTest::testPostgresRestartWhileServing()
{
	TestDatabase db("srvpgrestart");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(evaluationEnvironment(db.url(), port));
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status/ready").status);
	{
		TestDatabase::ServerRestarter restarter;
		TestDatabase::stopServer();
		HttpReply down = HttpProbe::get(port, "/status/ready");
		CPPUNIT_ASSERT_EQUAL(503, down.status);
		CPPUNIT_ASSERT(down.body.find("\"key\":\"not_ready\"") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status.txt").status);
		TestDatabase::startServer();
	}
	HttpReply back = waitForStatus(port, "/status/ready", 200, milliseconds(10000));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(server->output(), 200, back.status);
	CPPUNIT_ASSERT(server->running());
}


void ServerProcessTest::testRedisKilledKeepsServing()
{
	TestDatabase db("srvredis");
	const unsigned redisPort = TestEnvironment::freePort();
	auto redis = ChildProcess::startRedis(redisPort);
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["CACHE_URL"] = "redis://127.0.0.1:" + std::to_string(redisPort) + "/0"; // the deprecated name still works
	auto server = startServer(env);
	CPPUNIT_ASSERT(server->output().find("CACHE_URL is deprecated; rename it to REDIS_URL") != std::string::npos);
	CPPUNIT_ASSERT(HttpProbe::get(port, "/status/ready").body.find("{\"backend\":\"redis\",\"status\":\"ok\"}") != std::string::npos);

	redis->signal(SIGKILL);
	redis->wait(milliseconds(5000));
	for (int i = 0; i < 20; ++i)
	{
		HttpReply ready = HttpProbe::get(port, "/status/ready");
		CPPUNIT_ASSERT_EQUAL(200, ready.status);
		CPPUNIT_ASSERT(ready.body.find("{\"backend\":\"redis\",\"status\":\"unavailable\"}") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status.txt").status);
		std::this_thread::sleep_for(milliseconds(100));
	}
	CPPUNIT_ASSERT_EQUAL_MESSAGE(server->output(), 1, occurrences(server->output(), "serving without the cache"));

	redis = ChildProcess::startRedis(redisPort);
	HttpReply back;
	const auto deadline = std::chrono::steady_clock::now() + milliseconds(10000);
	do
	{
		std::this_thread::sleep_for(milliseconds(200));
		back = HttpProbe::get(port, "/status/ready");
	} while (back.body.find("\"status\":\"ok\"}") == std::string::npos && std::chrono::steady_clock::now() < deadline);
	CPPUNIT_ASSERT_MESSAGE(back.body, back.body.find("{\"backend\":\"redis\",\"status\":\"ok\"}") != std::string::npos);
	CPPUNIT_ASSERT(server->output().find("reachable again") != std::string::npos);
}


void ServerProcessTest::testRedisOverTls()
{
	TestDatabase db("srvtls");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["REDIS_URL"] = TestEnvironment::require("POLYTOMIC_TEST_REDISS_URL");
	auto server = startServer(env);
	HttpReply ready = HttpProbe::get(port, "/status/ready");
	CPPUNIT_ASSERT_MESSAGE(ready.body, ready.body.find("{\"backend\":\"redis (TLS)\",\"status\":\"ok\"}") != std::string::npos);
	CPPUNIT_ASSERT(server->output().find("tls%20s3cret") == std::string::npos);
	CPPUNIT_ASSERT(server->output().find("rediss://:****@localhost") != std::string::npos);
}


void ServerProcessTest::testTwoServersStartingTogether()
{
	TestDatabase db("srvpair");
	const unsigned portA = TestEnvironment::freePort(), portB = TestEnvironment::freePort();
	auto envB = evaluationEnvironment(db.url(), portB);
	envB["ROOT_USER"] = "other-root@example.com";
	auto a = std::async(std::launch::async, [&] { return startServer(evaluationEnvironment(db.url(), portA)); });
	auto b = std::async(std::launch::async, [&] { return startServer(envB); });
	auto serverA = a.get();
	auto serverB = b.get();
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(portA, "/status/ready").status);
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(portB, "/status/ready").status);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM users"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM organizations"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM polytomic_schema_migrations WHERE version = 1"));
	CPPUNIT_ASSERT_EQUAL(1, occurrences(serverA->output() + serverB->output(), "applied migration 001_"));
	CPPUNIT_ASSERT_EQUAL(1, occurrences(serverA->output() + serverB->output(), "first run: created"));
}


void ServerProcessTest::testChangingRootUserCreatesNoSecondRoot()
{
	TestDatabase db("srvroot");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	{
		auto server = startServer(env);
		server->signal(SIGTERM);
		server->wait(milliseconds(15000));
	}
	env["ROOT_USER"] = "new-root@example.com";
	auto server = startServer(env);
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), db.scalar("SELECT string_agg(email, ',') FROM users"));
}


void ServerProcessTest::testAutoMigrateFalseRefusesBehindSchema()
{
	TestDatabase db("srvnomigrate");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["AUTO_MIGRATE"] = "false";
	int code = 0;
	const std::string output = ChildProcess::run(entrypoint(), {}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT(output.find("schema is behind") != std::string::npos);
	CPPUNIT_ASSERT(output.find("run `polytomic migrate` first") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("f"), db.scalar("SELECT to_regclass('users') IS NOT NULL"));

	runCommand({"migrate"}, env, code);
	CPPUNIT_ASSERT_EQUAL(0, code);
	auto server = startServer(env);
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status/ready").status);
}


void ServerProcessTest::testChangedMigrationStopsStartup()
{
	TestDatabase db("srvchanged");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	int code = 0;
	runCommand({"migrate"}, env, code);
	CPPUNIT_ASSERT_EQUAL(0, code);
	db.execute("UPDATE polytomic_schema_migrations SET checksum = repeat('0', 64) WHERE version = 1");
	const std::string output = ChildProcess::run(entrypoint(), {}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT(output.find("cannot start: migration 001_organizations_and_users.sql was changed after it was applied") != std::string::npos);
}


void ServerProcessTest::testUnreachableDatabaseAtStartup()
{
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment("postgres://app:hunter2@127.0.0.1:" + std::to_string(TestEnvironment::freePort()) + "/x", port);
	int code = 0;
	const std::string output = ChildProcess::run(entrypoint(), {}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT(output.find("cannot start: cannot connect to PostgreSQL at 127.0.0.1") != std::string::npos);
	CPPUNIT_ASSERT(output.find("hunter2") == std::string::npos);
}


void ServerProcessTest::testRefusedPluginsDoNotStopTheServer()
{
	TestDatabase db("srvplugins");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	auto server = startServer(env);
	const std::string output = server->output();
	CPPUNIT_ASSERT(output.find("connector test_good: Test connector 0.0.1") != std::string::npos);
	for (const char* file: {"duplicate_id.so", "newer_minor.so", "other_major.so", "static_crash.so", "static_hang.so", "no_manifest.so",
		"not_elf.so"})
		CPPUNIT_ASSERT_EQUAL_MESSAGE(file, 1, occurrences(output, std::string("plugin ") + file + " refused: "));
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status/ready").status);
}


void ServerProcessTest::testConnectionTypesApi()
{
	TestDatabase db("srvtypes");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	env["DEPLOYMENT_API_KEY"] = "k3y-for-the-tests-0123456789";
	auto server = startServer(env);
	const std::string organization = db.scalar("SELECT id FROM organizations");
	auto basic = [](const std::string& credentials) {
		std::ostringstream encoded;
		Poco::Base64Encoder encoder(encoded);
		encoder.rdbuf()->setLineLength(0);
		encoder << credentials;
		encoder.close();
		return "Basic " + encoded.str();
	};

	HttpReply anonymous = HttpProbe::get(port, "/api/connection_types");
	CPPUNIT_ASSERT_EQUAL(401, anonymous.status);
	CPPUNIT_ASSERT(anonymous.body.find("\"key\":\"unauthorized\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("Basic realm=\"polytomic\""), anonymous.headers["WWW-Authenticate"]);
	CPPUNIT_ASSERT_EQUAL(401, HttpProbe::request(port, "GET", "/api/connection_types", "",
		{{"Authorization", basic(organization + ":wrong-key-0123456789")}}).status);
	CPPUNIT_ASSERT_EQUAL(401, HttpProbe::request(port, "GET", "/api/connection_types", "",
		{{"Authorization", basic("00000000-0000-0000-0000-000000000000:k3y-for-the-tests-0123456789")}}).status);

	const std::map<std::string, std::string> auth = {{"Authorization", basic(organization + ":k3y-for-the-tests-0123456789")}};
	HttpReply list = HttpProbe::request(port, "GET", "/api/connection_types", "", auth);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(list.body, 200, list.status);
	Poco::JSON::Parser parser;
	auto body = parser.parse(list.body).extract<Poco::JSON::Object::Ptr>();
	auto data = body->getArray("data");
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), data->size());
	CPPUNIT_ASSERT_EQUAL(std::string("test_good"), data->getObject(0)->getValue<std::string>("id"));
	CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), data->getObject(0)->getValue<std::string>("sdk_version"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(7), body->getArray("refused")->size());
	// A refused plugin says what it declares when its manifest could be read, and plainly that it could not otherwise.
	std::map<std::string, Poco::JSON::Object::Ptr> refused;
	for (std::size_t i = 0; i < body->getArray("refused")->size(); ++i)
		refused[body->getArray("refused")->getObject(i)->getValue<std::string>("file")] = body->getArray("refused")->getObject(i);
	CPPUNIT_ASSERT_MESSAGE(list.body, refused.count("other_major.so") && refused["other_major.so"]->getValue<bool>("manifest_read"));
	CPPUNIT_ASSERT_EQUAL("2." + std::to_string(POLYTOMIC_ABI_MINOR), refused["other_major.so"]->getValue<std::string>("abi_version"));
	CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), refused["other_major.so"]->getValue<std::string>("sdk_version"));
	CPPUNIT_ASSERT_MESSAGE(list.body, refused.count("not_elf.so") && !refused["not_elf.so"]->getValue<bool>("manifest_read"));
	CPPUNIT_ASSERT(refused["not_elf.so"]->isNull("abi_version") && refused["not_elf.so"]->isNull("sdk_version"));

	HttpReply one = HttpProbe::request(port, "GET", "/api/connection_types/test_good", "", auth);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(one.body, 200, one.status);
	CPPUNIT_ASSERT(one.body.find("\"token\":{\"type\":\"string\",\"title\":\"Token\",\"description\":\"An unused secret\",\"secret\":true}") !=
		std::string::npos);
	CPPUNIT_ASSERT_EQUAL(404, HttpProbe::request(port, "GET", "/api/connection_types/nope", "", auth).status);
}


namespace
{
	const std::string API_KEY = "k3y-for-the-tests-0123456789";


	std::map<std::string, std::string> apiAuthorization(TestDatabase& db)
	{
		std::ostringstream encoded;
		Poco::Base64Encoder encoder(encoded);
		encoder.rdbuf()->setLineLength(0);
		encoder << db.scalar("SELECT id FROM organizations") << ":" << API_KEY;
		encoder.close();
		return {{"Authorization", "Basic " + encoded.str()}, {"Content-Type", "application/json"}};
	}


	const std::string SETPRIV = "/usr/bin/setpriv";


	std::vector<std::string> withoutPtrace(const std::vector<std::string>& command)
		/// The command under setpriv, without CAP_SYS_PTRACE: root without it, as a
		/// container runs, is held back by the dumpable flag like any other user.
	{
		std::vector<std::string> args = {"--bounding-set=-sys_ptrace"};
		args.insert(args.end(), command.begin(), command.end());
		return args;
	}


	bool openableWithoutPtrace(const std::string& path)
		/// Whether a process of the same uid and capabilities, but without CAP_SYS_PTRACE, can open it.
	{
		const pid_t child = ::fork();
		if (child == 0)
		{
			__user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
			__user_cap_data_struct capabilities[2] = {};
			if (::syscall(SYS_capget, &header, capabilities) != 0) ::_exit(2);
			capabilities[CAP_SYS_PTRACE / 32].effective &= ~(1u << (CAP_SYS_PTRACE % 32));
			if (::syscall(SYS_capset, &header, capabilities) != 0) ::_exit(2);
			::_exit(::open(path.c_str(), O_RDONLY) >= 0 ? 0 : 1);
		}
		int status = 0;
		::waitpid(child, &status, 0);
		CPPUNIT_ASSERT_MESSAGE("cannot drop CAP_SYS_PTRACE in a child", WIFEXITED(status) && WEXITSTATUS(status) != 2);
		return WEXITSTATUS(status) == 0;
	}
}


void ServerProcessTest::testExecutorsHoldNoServerDescriptor()
{
	TestDatabase db("srvexecfds");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	env["DEPLOYMENT_API_KEY"] = API_KEY;
	auto server = startServer(env);
	HttpReply reply = HttpProbe::request(port, "POST", "/api/connections/test",
		R"({"type": "test_good", "configuration": {"rows": 1, "report_descriptors": true}})", apiAuthorization(db));
	// The fixture's check fails with the report: a failed check is 422 with its message.
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 422, reply.status);
	const std::string message = polytomic::json::Value::parse(reply.body).getString("message");
	const std::string report = message.substr(std::min(message.size(), message.find("descriptors: ")));
	CPPUNIT_ASSERT_MESSAGE(reply.body, report.rfind("descriptors: 0=pipe:", 0) == 0);
	// The listening socket, the database connections, log files: none reaches plugin code.
	CPPUNIT_ASSERT_MESSAGE(report, report.find("socket:") == std::string::npos);
	std::istringstream entries(report.substr(std::string("descriptors: ").size()));
	std::string entry;
	while (entries >> entry) CPPUNIT_ASSERT_MESSAGE(report, entry.find("=pipe:") != std::string::npos);
}


void ServerProcessTest::testServerEnvironmentHoldsNoSecret()
{
	TestDatabase db("srvenviron");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["DEPLOYMENT_API_KEY"] = API_KEY;
	env["ENCRYPTION_KEY"] = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";
	env["OIDC_CLIENT_SECRET"] = "oidc-secret-of-the-test";
	ChildProcess server(SETPRIV, withoutPtrace({entrypoint()}), env);
	CPPUNIT_ASSERT_MESSAGE(server.output(), HttpProbe::waitUntilServing(port, milliseconds(40000)));
	const std::string path = "/proc/" + std::to_string(server.pid()) + "/environ";
	std::ifstream in(path);
	const std::string variables((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
	CPPUNIT_ASSERT(variables.find("PORT=" + std::to_string(port)) != std::string::npos); // it reads the server's environment
	for (const std::string& secret: {std::string("DATABASE_URL="), db.url(), API_KEY, env["ENCRYPTION_KEY"], env["OIDC_CLIENT_SECRET"]})
		CPPUNIT_ASSERT_MESSAGE(secret, variables.find(secret) == std::string::npos);
	// Non-dumpable: the same uid cannot read its memory (Settings holds the secrets) or ptrace it without
	// CAP_SYS_PTRACE; an ordinary process's it can.
	ChildProcess ordinary(SETPRIV, withoutPtrace({"/bin/sleep", "30"}), {});
	std::this_thread::sleep_for(milliseconds(200));
	CPPUNIT_ASSERT(openableWithoutPtrace("/proc/" + std::to_string(ordinary.pid()) + "/mem"));
	CPPUNIT_ASSERT(!openableWithoutPtrace("/proc/" + std::to_string(server.pid()) + "/mem"));
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status/ready").status);
}


void ServerProcessTest::testSecondServerOnTheSamePortExits()
{
	TestDatabase db("srvport");
	const unsigned port = TestEnvironment::freePort();
	auto first = startServer(evaluationEnvironment(db.url(), port));
	ChildProcess second(entrypoint(), {}, evaluationEnvironment(db.url(), port));
	const auto code = second.wait(milliseconds(40000));
	CPPUNIT_ASSERT_MESSAGE(second.output(), code.has_value());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(second.output(), 1, *code);
	CPPUNIT_ASSERT_MESSAGE(second.output(), second.output().find("in use") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(second.output(), second.output().find("PORT") != std::string::npos);
	// The first one still gets every connection.
	for (int i = 0; i < 20; ++i) CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status.txt").status);
}


void ServerProcessTest::testKeepAliveAfterAnUnreadBody()
{
	TestDatabase db("srvkeep");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(evaluationEnvironment(db.url(), port));
	// Refused before its body is read (no credentials); the body must not become the next request.
	Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
	socket.setReceiveTimeout(Poco::Timespan(5, 0));
	const std::string requests = "POST /api/bulk/syncs/0b7e5a2c-1d3f-4e6a-9b8c-7d6e5f4a3b2c/executions HTTP/1.1\r\nHost: x\r\n"
		"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n";
	socket.sendBytes(requests.data(), static_cast<int>(requests.size()));
	std::string received;
	char buffer[4096];
	const auto deadline = std::chrono::steady_clock::now() + milliseconds(5000);
	while (occurrences(received, "HTTP/1.1 ") < 2 || received.back() != '}')
	{
		if (std::chrono::steady_clock::now() > deadline) break;
		int n = 0;
		try
		{
			n = socket.receiveBytes(buffer, sizeof(buffer));
		}
		catch (const Poco::Exception&)
		{
			break;
		}
		if (n <= 0) break;
		received.append(buffer, static_cast<std::size_t>(n));
	}
	CPPUNIT_ASSERT_EQUAL_MESSAGE(received, 2, occurrences(received, "HTTP/1.1 401 Unauthorized"));
	CPPUNIT_ASSERT_MESSAGE(received, received.find("405") == std::string::npos);
}


CppUnit::Test* ServerProcessTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ServerProcessTest");
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testServesAndCreatesRootUser);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testSigtermExitsCleanly);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testJsonLogsCarryRequestIds);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testPostgresRestartWhileServing);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testRedisKilledKeepsServing);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testRedisOverTls);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testTwoServersStartingTogether);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testChangingRootUserCreatesNoSecondRoot);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testAutoMigrateFalseRefusesBehindSchema);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testChangedMigrationStopsStartup);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testUnreachableDatabaseAtStartup);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testRefusedPluginsDoNotStopTheServer);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testConnectionTypesApi);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testExecutorsHoldNoServerDescriptor);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testServerEnvironmentHoldsNoSecret);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testSecondServerOnTheSamePortExits);
	POLYTOMIC_ADD_TEST(suite, ServerProcessTest, testKeepAliveAfterAnUnreadBody);
	return suite;
}
