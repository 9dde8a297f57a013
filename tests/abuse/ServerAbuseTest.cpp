//
// ServerAbuseTest.cpp
//


#include "ServerAbuseTest.h"
#include "AbuseServer.h"
#include "RawConnection.h"
#include "support/Sanitizer.h"
#include "support/TestDriver.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/NullStream.h"
#include "Poco/StreamCopier.h"
#include "polytomic/json.hpp"
#include <cppunit/TestAssert.h>
#include <atomic>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>


using namespace polytomic;
using namespace polytomic::test;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;


namespace
{
	// Every list route of the API (and the small reads a dashboard makes with them);
	// every other request is /api/connections, whose secrets crashed the server (issue #10, item 1).
	const std::vector<std::string> LIST_ROUTES = {"/api/connection_types", "/api/models", "/api/syncs",
		"/api/syncs/schedules", "/api/bulk/syncs", "/api/webhooks", "/api/events", "/api/organization/users", "/api/audit",
		"/api/me", "/api/organization", "/api/license"};

	const int LIST_CLIENTS = 32;


	std::string routeOf(std::size_t request)
	{
		return request % 2 == 0 ? "/api/connections" : LIST_ROUTES[(request / 2) % LIST_ROUTES.size()];
	}

	const long FLAT_KB = 32 * 1024;             // RSS growth allowed between two equal rounds of list reads
	const long ONE_BODY_PEAK_KB = 128 * 1024;   // peak RSS growth for one 10 MB body (today ~45x its size)
	const long EIGHT_BODIES_PEAK_KB = 256 * 1024;
	const long RUN_GROWTH_KB = 64 * 1024;       // RSS growth over the whole suite
	const std::size_t BODY_BYTES = 10 * 1024 * 1024 - 4096;  // just under MAX_REQUEST_BODY's default


	struct Load
	{
		long requests = 0;
		long transportErrors = 0;
		std::map<int, long> statuses;
		std::string firstError;
		double seconds = 0;
	};


	Load readListRoutes(AbuseServer& server, int clients, milliseconds duration)
		/// Clients on keep-alive connections, each cycling through LIST_ROUTES as the viewer.
	{
		Load load;
		std::mutex mutex;
		std::atomic<bool> stop{false};
		std::vector<std::thread> threads;
		const auto start = Clock::now();
		for (int c = 0; c < clients; ++c)
			threads.emplace_back([&, c] {
				Load mine;
				auto session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", static_cast<Poco::UInt16>(server.port()));
				session->setKeepAlive(true);
				session->setTimeout(Poco::Timespan(10, 0));
				for (std::size_t i = static_cast<std::size_t>(c); !stop; ++i)
				{
					try
					{
						Poco::Net::HTTPRequest request("GET", routeOf(i), Poco::Net::HTTPMessage::HTTP_1_1);
						request.setKeepAlive(true);
						request.set("Authorization", server.viewerAuthorization());
						session->sendRequest(request);
						Poco::Net::HTTPResponse response;
						Poco::NullOutputStream sink;
						Poco::StreamCopier::copyStream(session->receiveResponse(response), sink);
						++mine.statuses[response.getStatus()];
					}
					catch (const Poco::Exception& e)
					{
						if (mine.firstError.empty()) mine.firstError = routeOf(i) + ": " + e.displayText();
						++mine.transportErrors;
						session->reset();
						std::this_thread::sleep_for(milliseconds(50));
					}
					++mine.requests;
				}
				std::lock_guard<std::mutex> lock(mutex);
				load.requests += mine.requests;
				load.transportErrors += mine.transportErrors;
				for (const auto& [status, count]: mine.statuses) load.statuses[status] += count;
				if (load.firstError.empty()) load.firstError = mine.firstError;
			});
		std::this_thread::sleep_for(duration);
		stop = true;
		for (auto& t: threads) t.join();
		load.seconds = std::chrono::duration<double>(Clock::now() - start).count();
		return load;
	}


	std::string describe(const Load& load)
	{
		std::string text = std::to_string(load.requests) + " requests in " + std::to_string(load.seconds).substr(0, 4) + " s (" +
			std::to_string(static_cast<long>(load.requests / load.seconds)) + "/s), " + std::to_string(load.transportErrors) + " without an answer;";
		for (const auto& [status, count]: load.statuses) text += " " + std::to_string(status) + ": " + std::to_string(count);
		return text;
	}


	void assertListLoad(const Load& load)
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE("requests without an answer (first: " + load.firstError + ")", 0L, load.transportErrors);
		for (const auto& [status, count]: load.statuses)
			CPPUNIT_ASSERT_MESSAGE("a viewer's list read answered " + std::to_string(status) + " (" + std::to_string(count) + " times)",
				status == 200 || status == 403);
	}


	std::string nestedArrays(std::size_t depth)
	{
		return std::string(depth, '[') + std::string(depth, ']');
	}


	std::string nestedObjects(std::size_t depth)
	{
		std::string text;
		text.reserve(depth * 6 + 2);
		for (std::size_t i = 0; i < depth; ++i) text += "{\"a\":";
		text += "1";
		text.append(depth, '}');
		return text;
	}


	std::string arrayOfEmptyArrays(std::size_t bytes)
		/// [[],[],...]: the body that cost ~45x its size (issue #10, item 5).
	{
		std::string text = "[";
		text.reserve(bytes + 3);
		while (text.size() + 3 < bytes) text += "[],";
		text += "[]]";
		return text;
	}


	std::string syncWithLogic(const AbuseServer& server, const std::string& logic)
	{
		json::Value source = json::Value::object();
		source.set("model_id", server.modelId());
		source.set("field", "id");
		json::Value field = json::Value::object();
		field.set("source", source);
		field.set("target", "id");
		json::Value fields = json::Value::array();
		fields.push(field);
		json::Value filterField = json::Value::object();
		filterField.set("model_id", server.modelId());
		filterField.set("field", "n");
		json::Value filter = json::Value::object();
		filter.set("field", filterField);
		filter.set("function", "Equality");
		filter.set("value", 1);
		json::Value filters = json::Value::array();
		filters.push(filter);
		json::Value target = json::Value::object();
		target.set("connection_id", server.connectionId());
		target.set("object", "abuse");
		json::Value sync = json::Value::object();
		sync.set("name", "Deep logic");
		sync.set("mode", "append");
		sync.set("target", target);
		sync.set("fields", fields);
		sync.set("filters", filters);
		sync.set("filter_logic", logic);
		return sync.dump();
	}


	std::string request(const std::string& method, const std::string& path, const std::string& authorization,
		const std::string& body, const std::string& contentLength = "")
	{
		std::string text = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
		if (!authorization.empty()) text += "Authorization: " + authorization + "\r\n";
		if (!body.empty() || !contentLength.empty())
			text += "Content-Length: " + (contentLength.empty() ? std::to_string(body.size()) : contentLength) + "\r\n";
		return text + "\r\n" + body;
	}


	std::string repeated(const std::string& text, int times)
	{
		std::string all;
		all.reserve(text.size() * static_cast<std::size_t>(times));
		for (int i = 0; i < times; ++i) all += text;
		return all;
	}


	struct Timed
	{
		int status = 0;
		long ms = 0;
	};


	Timed timedCall(RawConnection& connection, const std::string& request, milliseconds timeout)
	{
		const auto start = Clock::now();
		connection.send(request);
		const RawConnection::Response response = connection.receive(timeout);
		return {response.status, static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count())};
	}


	class SlowReaders
		/// Clients that pipeline GET /api/connections as fast as the server takes them and
		/// never read an answer (each with a small receive buffer, so that the server's
		/// writes stall soon); a client the server closes connects again.
	{
	public:
		SlowReaders(unsigned port, int clients, const std::string& authorization = ""):
			_port(port),
			_request(request("GET", "/api/connections", authorization, "")),
			_connections(static_cast<std::size_t>(clients)),
			_offsets(static_cast<std::size_t>(clients), 0),
			_thread([this] { run(); })
		{
		}

		~SlowReaders()
		{
			_stop = true;
			_thread.join();
		}

		long requestsSent() const { return _sent / static_cast<long>(_request.size()); }
		long connects() const { return _connects; }

	private:
		void run()
		{
			const std::string batch = repeated(_request, 200);
			while (!_stop)
			{
				for (std::size_t i = 0; i < _connections.size(); ++i) push(i, batch);
				std::this_thread::sleep_for(milliseconds(20));
			}
		}

		void push(std::size_t i, const std::string& batch)
		{
			try
			{
				if (!_connections[i])
				{
					_connections[i] = std::make_unique<RawConnection>(_port, "", 4096);
					_offsets[i] = 0;
					++_connects;
				}
				// Whole requests only: carry on from where the last send stopped.
				const std::size_t n = _connections[i]->offer(batch.substr(_offsets[i]));
				_offsets[i] = (_offsets[i] + n) % batch.size();
				_sent += static_cast<long>(n);
			}
			catch (const Poco::Exception&)
			{
				_connections[i].reset();
			}
		}

		unsigned _port;
		std::string _request;
		std::vector<std::unique_ptr<RawConnection>> _connections;
		std::vector<std::size_t> _offsets;
		std::atomic<bool> _stop{false};
		std::atomic<long> _sent{0};
		std::atomic<long> _connects{0};
		std::thread _thread;
	};


	struct Probe
	{
		int answered = 0;
		int failed = 0;
		long slowestMs = 0;
		std::string firstFailure;
	};


	Probe probeConnections(AbuseServer& server, const std::string& from, milliseconds duration)
		/// A viewer on one keep-alive connection, one GET /api/connections at a time, as the SDK does.
	{
		Probe probe;
		std::unique_ptr<RawConnection> connection;
		const std::string get = request("GET", "/api/connections", server.viewerAuthorization(), "");
		const auto end = Clock::now() + duration;
		while (Clock::now() < end)
		{
			Timed answer;
			try
			{
				if (!connection) connection = std::make_unique<RawConnection>(server.port(), from);
				answer = timedCall(*connection, get, milliseconds(15000));
			}
			catch (const Poco::Exception& e)
			{
				if (probe.firstFailure.empty()) probe.firstFailure = e.displayText();
			}
			probe.slowestMs = std::max(probe.slowestMs, answer.ms);
			if (answer.status == 200) ++probe.answered;
			else
			{
				++probe.failed;
				if (probe.firstFailure.empty()) probe.firstFailure = "status " + std::to_string(answer.status) + " after " + std::to_string(answer.ms) + " ms";
				connection.reset();
			}
			std::this_thread::sleep_for(milliseconds(100));
		}
		return probe;
	}


	std::string describe(const Probe& probe)
	{
		return std::to_string(probe.answered) + " answered, " + std::to_string(probe.failed) + " failed, slowest " +
			std::to_string(probe.slowestMs) + " ms";
	}


	RawConnection::Response askFrom(AbuseServer& server, const std::string& from, const std::string& authorization, const std::string& path)
	{
		RawConnection connection(server.port(), from);
		connection.send(request("GET", path, authorization, ""));
		return connection.receive(milliseconds(10000));
	}


	long suiteBaselineKb = -1;
	pid_t suiteServerPid = -1;
}


void ServerAbuseTest::setUp()
{
	AbuseServer::shared();
}


void ServerAbuseTest::tearDown()
{
}


void ServerAbuseTest::testListRoutesUnderLoad()
{
	AbuseServer& server = AbuseServer::shared();
	const Load warmUp = readListRoutes(server, LIST_CLIENTS, milliseconds(2000));
	const long before = server.residentKb();
	const Load load = readListRoutes(server, LIST_CLIENTS, milliseconds(5000));
	const long after = server.residentKb();
	std::cout << "abuse: list routes, " << LIST_CLIENTS << " keep-alive viewer clients: warm-up " << describe(warmUp) << std::endl;
	std::cout << "abuse: list routes, " << LIST_CLIENTS << " keep-alive viewer clients: " << describe(load) << std::endl;
	std::cout << "abuse: list routes: RSS " << before / 1024 << " MB before, " << after / 1024 << " MB after, peak "
		<< server.peakResidentKb() / 1024 << " MB" << std::endl;
	CPPUNIT_ASSERT_MESSAGE("the server died under list reads; its output:\n" + server.output(), server.up());
	assertListLoad(warmUp);
	assertListLoad(load);
	CPPUNIT_ASSERT_MESSAGE("RSS grew from " + std::to_string(before) + " kB to " + std::to_string(after) + " kB over one round of list reads",
		after - before < FLAT_KB);
	if (suiteBaselineKb < 0)
	{
		suiteBaselineKb = after;
		suiteServerPid = server.pid();
	}
}


void ServerAbuseTest::testSlowClients()
{
	AbuseServer& server = AbuseServer::shared();
	const int slowClients = 100;
	std::vector<std::unique_ptr<RawConnection>> slow;
	for (int i = 0; i < slowClients; ++i)
	{
		slow.push_back(std::make_unique<RawConnection>(server.port()));
		slow.back()->send("GET /status.txt HTTP/1.1\r\nHost: localhost\r\n");
	}
	std::atomic<bool> stop{false};
	std::atomic<int> dropped{0};
	std::thread dribble([&] {
		for (int line = 0; !stop; ++line)
		{
			for (auto& connection: slow)
			{
				if (!connection) continue;
				try
				{
					connection->send("X-Slow-" + std::to_string(line) + ": 1\r\n");
				}
				catch (const Poco::Exception&)
				{
					connection.reset();  // the server closed it: what a header timeout does
					++dropped;
				}
			}
			for (int i = 0; i < 20 && !stop; ++i) std::this_thread::sleep_for(milliseconds(100));
		}
	});
	int probes = 0;
	int late = 0;
	long slowestMs = 0;
	std::string failure;
	const auto end = Clock::now() + milliseconds(7000);
	while (Clock::now() < end)
	{
		const auto start = Clock::now();
		const HttpReply reply = HttpProbe::request(server.port(), "GET", "/status.txt", "", {}, milliseconds(1000));
		const long ms = static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count());
		++probes;
		slowestMs = std::max(slowestMs, ms);
		if (reply.status != 200 || ms > 1000)
		{
			++late;
			if (failure.empty()) failure = "status " + std::to_string(reply.status) + " after " + std::to_string(ms) + " ms " + reply.error;
		}
		std::this_thread::sleep_for(milliseconds(250));
	}
	stop = true;
	dribble.join();
	std::cout << "abuse: slow clients: " << slowClients << " sending a header line every 2 s; " << probes << " probes of /status.txt, "
		<< late << " late or failed, slowest " << slowestMs << " ms; the server closed " << dropped << " slow clients" << std::endl;
	slow.clear();
	CPPUNIT_ASSERT_EQUAL_MESSAGE("/status.txt did not answer 200 within 1 s while slow clients were connected (first: " + failure + ")", 0, late);
	CPPUNIT_ASSERT(server.up());
}


void ServerAbuseTest::testOversizedBody()
{
	AbuseServer& server = AbuseServer::shared();
	const std::string body = arrayOfEmptyArrays(BODY_BYTES);
	const long peakBefore = server.peakResidentKb();
	const HttpReply one = server.call(server.adminAuthorization(), "POST", "/api/models", body, milliseconds(60000));
	const long peakOne = server.peakResidentKb();
	std::cout << "abuse: one " << body.size() / 1024 << " kB body of [[],[],...]: " << one.status << ", peak RSS " << peakBefore / 1024
		<< " MB -> " << peakOne / 1024 << " MB" << std::endl;
	CPPUNIT_ASSERT_MESSAGE("the server died on a 10 MB body; its output:\n" + server.output(), server.up());
	CPPUNIT_ASSERT_MESSAGE("a 10 MB [[],...] body answered " + std::to_string(one.status) + " " + one.error, one.status == 400 || one.status == 413);
	CPPUNIT_ASSERT_MESSAGE("one 10 MB body raised the peak RSS by " + std::to_string((peakOne - peakBefore) / 1024) + " MB",
		peakOne - peakBefore < Sanitizer::memoryBound(ONE_BODY_PEAK_KB));

	std::vector<std::thread> clients;
	std::vector<HttpReply> replies(8);
	for (std::size_t i = 0; i < replies.size(); ++i)
		clients.emplace_back([&, i] {
			replies[i] = server.call(server.adminAuthorization(), "POST", "/api/models", body, milliseconds(60000));
		});
	for (auto& c: clients) c.join();
	const long peakEight = server.peakResidentKb();
	std::string answers;
	for (const HttpReply& reply: replies) answers += " " + std::to_string(reply.status);
	std::cout << "abuse: 8 such bodies at once:" << answers << ", peak RSS " << peakBefore / 1024 << " MB -> " << peakEight / 1024 << " MB" << std::endl;
	CPPUNIT_ASSERT(server.up());
	for (const HttpReply& reply: replies)
	{
		const bool refused = reply.status == 400 || reply.status == 413 || reply.status == 429 || reply.status == 503;
		// Under a sanitizer's slowdown the server reads some bodies past HTTP_BODY_TIMEOUT (408), or refuses
		// one while its client still sends it, and the client sees the connection reset, not the answer.
		const bool slowed = (reply.status == 0 || reply.status == 408) && Sanitizer::skips("that a concurrent 10 MB body is answered "
			"400, 413, 429 or 503 (this one: " + std::to_string(reply.status) + " " + reply.error + ")");
		CPPUNIT_ASSERT_MESSAGE("a concurrent 10 MB body answered " + std::to_string(reply.status) + " " + reply.error, refused || slowed);
	}
	CPPUNIT_ASSERT_MESSAGE("8 concurrent 10 MB bodies raised the peak RSS by " + std::to_string((peakEight - peakBefore) / 1024) + " MB",
		peakEight - peakBefore < Sanitizer::memoryBound(EIGHT_BODIES_PEAK_KB));
}


void ServerAbuseTest::testDeeplyNestedBodies()
{
	AbuseServer& server = AbuseServer::shared();
	const std::string admin = server.adminAuthorization();
	const std::map<std::string, std::string> bodies = {{"100,000 nested arrays", nestedArrays(100000)},
		{"100,000 nested objects", nestedObjects(100000)}};
	for (const auto& [what, body]: bodies)
	{
		const HttpReply reply = server.call(admin, "POST", "/api/models", body);
		std::cout << "abuse: " << what << " to /api/models: " << reply.status << std::endl;
		CPPUNIT_ASSERT_MESSAGE(what + " crashed the server; its output:\n" + server.output(), server.up());
		CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " + reply.body + reply.error, 400, reply.status);
	}
	const HttpReply shallow = server.call(admin, "POST", "/api/syncs", syncWithLogic(server, "((1))"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the control sync (filter_logic ((1))) was refused: " + shallow.body, 200, shallow.status);
	const HttpReply deep = server.call(admin, "POST", "/api/syncs",
		syncWithLogic(server, std::string(50000, '(') + "1" + std::string(50000, ')')));
	std::cout << "abuse: filter_logic of 50,000 nested parentheses to /api/syncs: " << deep.status << std::endl;
	CPPUNIT_ASSERT_MESSAGE("deep filter_logic crashed the server; its output:\n" + server.output(), server.up());
	CPPUNIT_ASSERT_EQUAL_MESSAGE("deep filter_logic: " + deep.body + deep.error, 400, deep.status);
}


void ServerAbuseTest::testHostileBodiesOnEveryRoute()
{
	AbuseServer& server = AbuseServer::shared();
	const std::string none = "00000000-0000-4000-8000-000000000000";
	const std::string organization = "/api/organizations/" + json::Value::parse(
		server.call(server.adminAuthorization(), "GET", "/api/organization").body)["data"].getString("id");
	// Every route that reads a body, with ids that exist where the body is read only after the lookup.
	const std::vector<std::pair<std::string, std::string>> routes = {{"POST", "/api/connections"}, {"POST", "/api/connections/test"},
		{"PUT", "/api/connections/" + server.connectionId()}, {"POST", "/api/models"}, {"POST", "/api/model-preview"},
		{"PUT", "/api/models/" + server.modelId()}, {"POST", "/api/syncs"}, {"PUT", "/api/syncs/" + none},
		{"POST", "/api/syncs/" + none + "/activate"}, {"POST", "/api/syncs/" + none + "/executions"}, {"POST", "/api/bulk/syncs"},
		{"PUT", "/api/bulk/syncs/" + none}, {"POST", "/api/webhooks"}, {"PUT", "/api/webhooks/" + none},
		{"POST", "/api/organization/users"}, {"PUT", "/api/organization/users/" + none}, {"POST", organization + "/users"},
		{"POST", organization + "/users/" + none + "/keys"}};
	const std::vector<std::string> bodies = {"{\"name\": \"\xff\xfe\xc0\xaf\", \"email\": \"\xed\xa0\x80@example.com\"}",
		R"({"name": "a\u0000b", "type": "test_good", "configuration": {"rows": 1}, "url": "http://x\u0000y", "email": "a\u0000@example.com"})",
		R"({"name": "\ud800", "mode": "\udc00", "email": "\ud83d@example.com", "role": "\ud800"})",
		R"({"name": 1e300, "rows": -1e300, "limit": 1e300, "active": 1e300, "schedule": {"frequency": 1e300}, "force": 1e300})",
		R"({"name": [], "type": {}, "mode": 7, "schedule": "daily", "labels": "x", "identity": {"function": 3}, "email": 5, "role": []})",
		"[]", "\"text\"", "{\"a\":", "{\"name\": \"" + std::string(100000, 'n') + "\", \"email\": \"" + std::string(100000, 'e') + "@example.com\"}"};
	std::vector<std::string> wrong;
	int answered = 0;
	for (const auto& [method, path]: routes)
		for (std::size_t b = 0; b < bodies.size(); ++b)
		{
			const HttpReply reply = server.call(server.adminAuthorization(), method, path, bodies[b]);
			++answered;
			if (reply.status < 400 || reply.status >= 500)
				wrong.push_back(method + " " + path + " body " + std::to_string(b) + ": " + std::to_string(reply.status) + " " +
					reply.body.substr(0, 160) + reply.error);
		}
	std::cout << "abuse: hostile bodies: " << answered << " requests (" << routes.size() << " routes x " << bodies.size() << " bodies), "
		<< wrong.size() << " not answered 4xx" << std::endl;
	for (const auto& w: wrong) std::cout << "abuse:   " << w << std::endl;
	CPPUNIT_ASSERT_MESSAGE("the server died on a hostile body; its output:\n" + server.output(), server.up());
	CPPUNIT_ASSERT_MESSAGE(std::to_string(wrong.size()) + " hostile bodies were not refused with a 4xx; the first: " + (wrong.empty() ? "" : wrong[0]),
		wrong.empty());
}


void ServerAbuseTest::testKeepAliveAfterUnreadBody()
{
	AbuseServer& server = AbuseServer::shared();
	const std::string me = request("GET", "/api/me", server.viewerAuthorization(), "");
	const std::vector<std::pair<std::string, std::string>> firsts = {
		{"an unauthenticated POST (401)", request("POST", "/api/bulk/syncs/00000000-0000-4000-8000-000000000000/executions", "", "{}")},
		{"a POST to an unknown route (404)", request("POST", "/api/nowhere", server.adminAuthorization(), "{\"a\": 1}")},
		{"a bulk sync start of an unknown id (404)",
			request("POST", "/api/bulk/syncs/00000000-0000-4000-8000-000000000000/executions", server.adminAuthorization(), "{}")}};
	for (const auto& [what, first]: firsts)
	{
		RawConnection connection(server.port());
		connection.send(first + me);
		const RawConnection::Response answer = connection.receive(milliseconds(10000));
		const RawConnection::Response next = connection.receive(milliseconds(10000));
		std::cout << "abuse: keep-alive after " << what << ": " << answer.statusLine << ", then GET /api/me: "
			<< (next.status ? next.statusLine : std::string(next.closed ? "connection closed" : "no answer")) << std::endl;
		CPPUNIT_ASSERT_MESSAGE(what + " got no answer", answer.status >= 400 && answer.status < 500);
		// Closing the connection after the refusal is a correct answer too; reading the
		// refused body as the start of the next request is not.
		if (next.status == 0 && next.closed) continue;
		CPPUNIT_ASSERT_EQUAL_MESSAGE("GET /api/me after " + what + " on the same connection: " + next.statusLine + " " + next.body, 200, next.status);
	}
	CPPUNIT_ASSERT(server.up());
}


void ServerAbuseTest::testHugeContentLength()
{
	AbuseServer& server = AbuseServer::shared();
	RawConnection connection(server.port());
	connection.send(request("POST", "/api/models", server.adminAuthorization(), "{}", "99999999999999999999"));
	const RawConnection::Response answer = connection.receive(milliseconds(5000));
	std::cout << "abuse: Content-Length: 99999999999999999999: " << (answer.status ? answer.statusLine : "no answer") << std::endl;
	CPPUNIT_ASSERT_MESSAGE("the server died; its output:\n" + server.output(), server.up());
	CPPUNIT_ASSERT_MESSAGE("Content-Length: 99999999999999999999 got " + (answer.status ? answer.statusLine : "no answer within 5 s"),
		answer.status >= 400 && answer.status < 500);
	CPPUNIT_ASSERT_MESSAGE("the refusal is not the API's JSON error: " + answer.body, answer.body.find("\"key\"") != std::string::npos);
}


void ServerAbuseTest::testSlowReaders()
{
	AbuseServer& server = AbuseServer::shared();
	const Probe before = probeConnections(server, "127.0.0.2", milliseconds(1000));
	Probe other, same;
	long sent = 0, connects = 0;
	{
		SlowReaders readers(server.port(), 64);
		std::this_thread::sleep_for(milliseconds(2000)); // until their answers fill every buffer
		other = probeConnections(server, "127.0.0.2", milliseconds(4000));
		same = probeConnections(server, "127.0.0.1", milliseconds(3000));
		sent = readers.requestsSent();
		connects = readers.connects();
	}
	std::cout << "abuse: slow readers: 64 clients pipelining without reading (" << sent << " requests sent, " << connects
		<< " connections); a viewer's GET /api/connections one at a time: before " << describe(before) << "; meanwhile from another address "
		<< describe(other) << ", from theirs " << describe(same) << std::endl;
	CPPUNIT_ASSERT_MESSAGE("the server died under slow readers; its output:\n" + server.output(), server.up());
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the viewer's requests from another address while slow readers pipelined (first: " + other.firstFailure + ")",
		0, other.failed);
	CPPUNIT_ASSERT_MESSAGE("the slowest answer from another address took " + std::to_string(other.slowestMs) + " ms", other.slowestMs < Sanitizer::timeBound(2000));
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the viewer's requests from the slow readers' address (first: " + same.firstFailure + ")", 0, same.failed);
	CPPUNIT_ASSERT_MESSAGE("the slowest answer from their address took " + std::to_string(same.slowestMs) + " ms", same.slowestMs < Sanitizer::timeBound(2000));

	// Signed in, with answers larger than what the stalled buffers still take: a write may then hold
	// a thread for HTTP_SEND_TIMEOUT, but one address holds at most HTTP_MAX_REQUESTS_PER_ADDRESS of them.
	{
		SlowReaders readers(server.port(), 64, server.viewerAuthorization());
		std::this_thread::sleep_for(milliseconds(2000));
		other = probeConnections(server, "127.0.0.2", milliseconds(4000));
		sent = readers.requestsSent();
		connects = readers.connects();
	}
	std::cout << "abuse: slow readers with the viewer's key: 64 clients (" << sent << " requests sent, " << connects
		<< " connections); meanwhile from another address " << describe(other) << std::endl;
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the viewer's requests from another address while signed-in slow readers pipelined (first: " +
		other.firstFailure + ")", 0, other.failed);
	CPPUNIT_ASSERT_MESSAGE("the slowest answer from another address took " + std::to_string(other.slowestMs) + " ms", other.slowestMs < Sanitizer::timeBound(2000));
}


void ServerAbuseTest::testSlowBody()
{
	AbuseServer& server = AbuseServer::shared();
	RawConnection connection(server.port());
	connection.send(request("POST", "/api/models", server.adminAuthorization(), "", "1000") + "{");
	std::atomic<bool> stop{false};
	std::thread trickle([&] {
		while (!stop)
		{
			try
			{
				connection.offer(" ");
			}
			catch (const Poco::Exception&)
			{
				return;
			}
			std::this_thread::sleep_for(milliseconds(300));
		}
	});
	const auto start = Clock::now();
	const RawConnection::Response answer = connection.receive(milliseconds(AbuseServer::BODY_TIMEOUT_SECONDS * 1000 + 5000));
	const long ms = static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count());
	const RawConnection::Response after = connection.receive(milliseconds(3000));
	stop = true;
	trickle.join();
	std::cout << "abuse: a 1000-byte body sent a byte every 300 ms (HTTP_BODY_TIMEOUT " << AbuseServer::BODY_TIMEOUT_SECONDS << " s): "
		<< (answer.status ? answer.statusLine : std::string("no answer")) << " after " << ms << " ms" << std::endl;
	CPPUNIT_ASSERT_EQUAL_MESSAGE("a body that never arrives whole: " + answer.statusLine + " " + answer.body, 408, answer.status);
	CPPUNIT_ASSERT_MESSAGE(answer.body, answer.body.find("HTTP_BODY_TIMEOUT") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE("the 408 came after " + std::to_string(ms) + " ms", ms < AbuseServer::BODY_TIMEOUT_SECONDS * 1000 + 1500);
	CPPUNIT_ASSERT_MESSAGE("the connection stayed open after the 408", after.closed && after.status == 0);
	CPPUNIT_ASSERT(server.up());
}


void ServerAbuseTest::testDeclaredTooLargeBody()
{
	AbuseServer& server = AbuseServer::shared();
	const std::string tooLarge = std::to_string(20 * 1024 * 1024);
	for (const std::string expect: {"", "Expect: 100-continue\r\n"})
	{
		const std::string what = expect.empty() ? "without Expect" : "with Expect: 100-continue";
		std::string head = request("POST", "/api/models", server.adminAuthorization(), "", tooLarge);
		head.insert(head.size() - 2, expect);
		RawConnection connection(server.port());
		connection.send(head + "{\"name\":");
		const auto start = Clock::now();
		const RawConnection::Response answer = connection.receive(milliseconds(5000));
		const long ms = static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count());
		std::cout << "abuse: Content-Length " << tooLarge << " " << what << ", the body not sent: "
			<< (answer.status ? answer.statusLine : std::string("no answer")) << " after " << ms << " ms" << std::endl;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " + answer.statusLine + " " + answer.body, 413, answer.status);
		CPPUNIT_ASSERT_MESSAGE(what + ": the 413 came after " + std::to_string(ms) + " ms", ms < 1000);
	}
	CPPUNIT_ASSERT(server.up());
}


void ServerAbuseTest::testExpectContinueAfterAuthentication()
{
	AbuseServer& server = AbuseServer::shared();
	const auto expecting = [](std::string head) {
		head.insert(head.size() - 2, "Expect: 100-continue\r\n");
		return head;
	};
	RawConnection anonymous(server.port());
	anonymous.send(expecting(request("POST", "/api/models", "", "", "2")));
	const RawConnection::Response refused = anonymous.receive(milliseconds(5000));
	std::cout << "abuse: Expect: 100-continue without credentials: " << refused.statusLine << std::endl;
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the first answer without credentials: " + refused.statusLine, 401, refused.status);

	RawConnection admin(server.port());
	admin.send(expecting(request("POST", "/api/models", server.adminAuthorization(), "", "2")));
	const RawConnection::Response proceed = admin.receive(milliseconds(5000));
	admin.send("{}");
	const RawConnection::Response answer = admin.receive(milliseconds(5000));
	std::cout << "abuse: Expect: 100-continue as the admin: " << proceed.statusLine << ", then " << answer.statusLine << std::endl;
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the admin's first answer: " + proceed.statusLine, 100, proceed.status);
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the admin's empty model: " + answer.statusLine + " " + answer.body, 400, answer.status);
}


void ServerAbuseTest::testBadKeysDoNotLockOutGoodKeys()
{
	AbuseServer& server = AbuseServer::shared();
	// Another address than the other cases': the deployment key gets locked out here.
	const std::string nat = "127.0.0.3";
	const std::string organization = json::Value::parse(server.call(server.adminAuthorization(), "GET", "/api/organization").body)["data"].getString("id");
	std::string bearerStatuses;
	for (int i = 0; i < 12; ++i) bearerStatuses += " " + std::to_string(askFrom(server, nat, "Bearer wrong-key-" + std::to_string(i), "/api/me").status);
	const int viewer = askFrom(server, nat, server.viewerAuthorization(), "/api/me").status;
	std::string basicStatuses;
	for (int i = 0; i < 10; ++i)
		basicStatuses += " " + std::to_string(askFrom(server, nat, HttpProbe::basicAuthorization(organization, "guess-" + std::to_string(i)), "/api/me").status);
	const int rightGuess = askFrom(server, nat, server.adminAuthorization(), "/api/me").status;
	const int viewerAfter = askFrom(server, nat, server.viewerAuthorization(), "/api/me").status;
	const int adminElsewhere = server.call(server.adminAuthorization(), "GET", "/api/me").status;
	std::cout << "abuse: from one address, 12 wrong API keys:" << bearerStatuses << "; a good key: " << viewer << "; 10 wrong deployment keys:"
		<< basicStatuses << "; the right one: " << rightGuess << "; a good API key: " << viewerAfter << "; the deployment key from another address: "
		<< adminElsewhere << std::endl;
	CPPUNIT_ASSERT_EQUAL_MESSAGE("wrong API keys are answered 401, never throttled", repeated(" 401", 12), bearerStatuses);
	CPPUNIT_ASSERT_EQUAL_MESSAGE("a good API key after 12 wrong ones from its address", 200, viewer);
	CPPUNIT_ASSERT_EQUAL_MESSAGE("wrong deployment keys", repeated(" 401", 10), basicStatuses);
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the right deployment key from the throttled address (else guesses go on being told apart)", 429, rightGuess);
	CPPUNIT_ASSERT_EQUAL_MESSAGE("a good API key from the throttled address", 200, viewerAfter);
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the deployment key from another address", 200, adminElsewhere);
}


void ServerAbuseTest::testMemoryFlatAcrossRun()
{
	AbuseServer& server = AbuseServer::shared();
	const Load load = readListRoutes(server, LIST_CLIENTS, milliseconds(5000));
	assertListLoad(load);
	const long now = server.residentKb();
	std::cout << "abuse: whole run: RSS " << suiteBaselineKb / 1024 << " MB after the first list round, " << now / 1024
		<< " MB at the end (peak " << server.peakResidentKb() / 1024 << " MB)" << std::endl;
	CPPUNIT_ASSERT_MESSAGE("the server was restarted during the suite (a case crashed it), so its memory across the run is unknown",
		suiteServerPid == server.pid());
	CPPUNIT_ASSERT_MESSAGE("RSS grew by " + std::to_string((now - suiteBaselineKb) / 1024) + " MB over the suite", now - suiteBaselineKb < RUN_GROWTH_KB);
}


CppUnit::Test* ServerAbuseTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ServerAbuseTest");
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testListRoutesUnderLoad);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testKeepAliveAfterUnreadBody);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testHugeContentLength);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testDeeplyNestedBodies);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testHostileBodiesOnEveryRoute);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testOversizedBody);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testSlowClients);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testSlowReaders);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testSlowBody);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testDeclaredTooLargeBody);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testExpectContinueAfterAuthentication);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testBadKeysDoNotLockOutGoodKeys);
	POLYTOMIC_ADD_TEST(suite, ServerAbuseTest, testMemoryFlatAcrossRun);
	return suite;
}
