//
// HttpServerTest.cpp
//


#include "HttpServerTest.h"
#include "RunningServer.h"
#include "http/HttpError.h"
#include "store/DatabaseError.h"
#include "telemetry/LogContext.h"
#include "support/HttpProbe.h"
#include "support/TestDriver.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Net/StreamSocketImpl.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/String.h"
#include "support/CapturedLog.h"
#include <cppunit/TestAssert.h>
#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <future>
#include <sstream>
#include <thread>


using namespace polytomic::http;
using polytomic::test::HttpProbe;
using polytomic::test::HttpReply;
using std::chrono::milliseconds;


namespace
{
	Poco::JSON::Object::Ptr parse(const std::string& body)
	{
		Poco::JSON::Parser parser;
		return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
	}


	struct RawResponse
	{
		std::string statusLine;      /// "" when the connection closed first
		std::map<std::string, std::string> headers;
		std::string body;
	};


	class RawConnection
		/// One client connection that writes bytes as given and reads responses one by one.
	{
	public:
		explicit RawConnection(unsigned port, milliseconds timeout = milliseconds(5000)):
			_socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)))
		{
			_socket.setReceiveTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(timeout).count()));
		}

		void send(const std::string& bytes)
		{
			_socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
		}

		RawResponse read()
		{
			RawResponse response;
			const auto end = waitFor("\r\n\r\n");
			if (end == std::string::npos) return response;
			std::istringstream head(_buffer.substr(0, end));
			std::getline(head, response.statusLine);
			if (!response.statusLine.empty() && response.statusLine.back() == '\r') response.statusLine.pop_back();
			for (std::string line; std::getline(head, line);)
			{
				const auto colon = line.find(':');
				if (colon == std::string::npos) continue;
				std::string value = line.substr(colon + 1);
				while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
				if (!value.empty() && value.back() == '\r') value.pop_back();
				response.headers[Poco::toLower(line.substr(0, colon))] = value;
			}
			_buffer.erase(0, end + 4);
			const std::size_t length = response.headers.count("content-length") ? std::stoul(response.headers["content-length"]) : 0;
			while (_buffer.size() < length && fill()) {}
			response.body = _buffer.substr(0, length);
			_buffer.erase(0, std::min(length, _buffer.size()));
			return response;
		}

		bool closedByServer()
			/// Whether the server closed the connection (after what was read).
		{
			while (fill()) {}
			return _closed;
		}

	private:
		std::string::size_type waitFor(const std::string& marker)
		{
			for (;;)
			{
				const auto at = _buffer.find(marker);
				if (at != std::string::npos) return at;
				if (!fill()) return std::string::npos;
			}
		}

		bool fill()
		{
			char chunk[4096];
			try
			{
				const int n = _socket.receiveBytes(chunk, sizeof(chunk));
				if (n <= 0)
				{
					_closed = true;
					return false;
				}
				_buffer.append(chunk, static_cast<std::size_t>(n));
				return true;
			}
			catch (const Poco::TimeoutException&)
			{
				return false;
			}
			catch (const Poco::Exception&)
			{
				_closed = true;
				return false;
			}
		}

		Poco::Net::StreamSocket _socket;
		std::string _buffer;
		bool _closed = false;
	};


	int statusOf(const RawResponse& response)
	{
		return response.statusLine.size() >= 12 ? std::stoi(response.statusLine.substr(9, 3)) : 0;
	}
}


void HttpServerTest::testUnexpectedExceptionBecomesJson500()
{
	Router router;
	router.add("GET", "/boom", [](Exchange&) { throw std::runtime_error("secret internals"); });
	router.add("GET", "/int", [](Exchange&) { throw 42; });
	RunningServer running(router);
	for (const char* path: {"/boom", "/int"})
	{
		HttpReply reply = HttpProbe::get(running.port(), path);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.error, 500, reply.status);
		auto body = parse(reply.body);
		CPPUNIT_ASSERT_EQUAL(500, body->getValue<int>("status"));
		CPPUNIT_ASSERT_EQUAL(std::string("internal_error"), body->getValue<std::string>("key"));
		const std::string message = body->getValue<std::string>("message");
		CPPUNIT_ASSERT(message.find(reply.headers["X-Request-Id"]) != std::string::npos);
		CPPUNIT_ASSERT(message.find("secret internals") == std::string::npos);
	}
}


void HttpServerTest::testHttpErrorBody()
{
	Router router;
	router.add("POST", "/api/syncs/{id}/executions", [](Exchange& e) {
		Poco::JSON::Object::Ptr metadata = new Poco::JSON::Object;
		metadata->set("execution_id", "e-1");
		throw HttpError(409, "conflict", "an execution of sync " + e.parameter("id") + " is already running", metadata);
	});
	RunningServer running(router);
	HttpReply reply = HttpProbe::request(running.port(), "POST", "/api/syncs/s1/executions", "{}");
	CPPUNIT_ASSERT_EQUAL(409, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("{\"status\":409,\"key\":\"conflict\",\"message\":\"an execution of sync s1 is already running\","
		"\"metadata\":{\"execution_id\":\"e-1\"}}"), reply.body);
}


void HttpServerTest::testDatabaseUnavailableIs503()
{
	Router router;
	router.add("GET", "/db", [](Exchange&) {
		throw polytomic::store::DatabaseUnavailable("cannot connect to PostgreSQL at db port 5432 (user \"app\")");
	});
	RunningServer running(router);
	HttpReply reply = HttpProbe::get(running.port(), "/db");
	CPPUNIT_ASSERT_EQUAL(503, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("database_unavailable"), parse(reply.body)->getValue<std::string>("key"));
	CPPUNIT_ASSERT(reply.body.find("5432") == std::string::npos);
}


void HttpServerTest::testBodySizeLimit()
{
	Router router;
	router.add("POST", "/echo", [](Exchange& e) { e.sendText(200, std::to_string(e.body().size())); });
	router.add("POST", "/json", [](Exchange& e) { e.sendText(200, e.jsonBody()->getValue<std::string>("name")); });
	RunningServer running(router, 1024);
	CPPUNIT_ASSERT_EQUAL(std::string("1024"), HttpProbe::request(running.port(), "POST", "/echo", std::string(1024, 'x')).body);
	HttpReply tooLarge = HttpProbe::request(running.port(), "POST", "/echo", std::string(5000, 'x'));
	CPPUNIT_ASSERT_EQUAL(413, tooLarge.status);
	CPPUNIT_ASSERT(tooLarge.body.find("MAX_REQUEST_BODY") != std::string::npos);
	HttpReply chunked = HttpProbe::request(running.port(), "POST", "/echo", std::string(5000, 'y'), {{"Transfer-Encoding", "chunked"}});
	CPPUNIT_ASSERT_EQUAL(413, chunked.status);
	CPPUNIT_ASSERT_EQUAL(std::string("pipeline"), HttpProbe::request(running.port(), "POST", "/json", "{\"name\":\"pipeline\"}").body);
	HttpReply notJson = HttpProbe::request(running.port(), "POST", "/json", "{name: pipeline");
	CPPUNIT_ASSERT_EQUAL(400, notJson.status);
	CPPUNIT_ASSERT(notJson.body.find("not valid JSON") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(400, HttpProbe::request(running.port(), "POST", "/json", "[1,2]").status);

	// A POST with neither Content-Length nor chunked encoding (curl -X POST) has an empty
	// body: it is answered at once, not when the client gives up and closes.
	Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(running.port())));
	socket.setReceiveTimeout(Poco::Timespan(5, 0));
	const std::string request = "POST /echo HTTP/1.1\r\nHost: localhost\r\n\r\n";
	socket.sendBytes(request.data(), static_cast<int>(request.size()));
	char answer[512];
	const int received = socket.receiveBytes(answer, sizeof(answer));
	const std::string reply(answer, static_cast<std::size_t>(std::max(received, 0)));
	CPPUNIT_ASSERT_MESSAGE(reply, reply.rfind("HTTP/1.1 200", 0) == 0);
	CPPUNIT_ASSERT_MESSAGE(reply, reply.size() >= 1 && reply.back() == '0');
}


void HttpServerTest::testRequestIds()
{
	Router router;
	router.add("GET", "/id", [](Exchange& e) { e.sendText(200, polytomic::telemetry::LogContext::requestId()); });
	RunningServer running(router);
	HttpReply given = HttpProbe::request(running.port(), "GET", "/id", "", {{"X-Request-Id", "trace-abc.123"}});
	CPPUNIT_ASSERT_EQUAL(std::string("trace-abc.123"), given.headers["X-Request-Id"]);
	CPPUNIT_ASSERT_EQUAL(std::string("trace-abc.123"), given.body);
	HttpReply malformed = HttpProbe::request(running.port(), "GET", "/id", "", {{"X-Request-Id", "bad id\" <script>"}});
	CPPUNIT_ASSERT_EQUAL(std::size_t(36), malformed.headers["X-Request-Id"].size());
	CPPUNIT_ASSERT_EQUAL(malformed.headers["X-Request-Id"], malformed.body);
	HttpReply other = HttpProbe::get(running.port(), "/id");
	CPPUNIT_ASSERT(other.body != malformed.body);
}


void HttpServerTest::testGracefulShutdownFinishesInFlight()
{
	Router router;
	std::atomic<bool> started{false};
	router.add("GET", "/slow", [&](Exchange& e) {
		started = true;
		std::this_thread::sleep_for(milliseconds(800));
		e.sendText(200, "finished");
	});
	router.add("GET", "/fast", [](Exchange& e) { e.sendText(200, "fast"); });
	auto running = std::make_unique<RunningServer>(router);
	const unsigned port = running->port();
	auto slow = std::async(std::launch::async, [port] { return HttpProbe::get(port, "/slow"); });
	while (!started) std::this_thread::sleep_for(milliseconds(5));
	auto stopped = std::async(std::launch::async, [&] { return running->server.shutdown(milliseconds(5000)); });
	std::this_thread::sleep_for(milliseconds(200));
	HttpReply refused = HttpProbe::request(port, "GET", "/fast", "", {}, milliseconds(500));
	CPPUNIT_ASSERT_EQUAL_MESSAGE("a new request was served during shutdown", 0, refused.status);
	HttpReply finished = slow.get();
	CPPUNIT_ASSERT_EQUAL(200, finished.status);
	CPPUNIT_ASSERT_EQUAL(std::string("finished"), finished.body);
	CPPUNIT_ASSERT(stopped.get());
}


void HttpServerTest::testShutdownIsBounded()
{
	Router router;
	std::atomic<bool> started{false};
	router.add("GET", "/stuck", [&](Exchange& e) {
		started = true;
		std::this_thread::sleep_for(milliseconds(3000));
		e.sendText(200, "late");
	});
	RunningServer running(router);
	auto stuck = std::async(std::launch::async, [&] { return HttpProbe::get(running.port(), "/stuck"); });
	while (!started) std::this_thread::sleep_for(milliseconds(5));
	const auto begin = std::chrono::steady_clock::now();
	CPPUNIT_ASSERT(!running.server.shutdown(milliseconds(300)));
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - begin < milliseconds(2500));
	stuck.get();
}


void HttpServerTest::testManyConcurrentRequests()
{
	Router router;
	router.add("GET", "/status.txt", [](Exchange& e) { e.sendText(200, "OK\n"); });
	RunningServer running(router);
	std::atomic<int> ok{0};
	std::vector<std::thread> clients;
	for (int c = 0; c < 16; ++c)
	{
		clients.emplace_back([&] {
			for (int i = 0; i < 50; ++i)
				if (HttpProbe::get(running.port(), "/status.txt").status == 200) ++ok;
		});
	}
	for (auto& t: clients) t.join();
	CPPUNIT_ASSERT_EQUAL(16 * 50, ok.load());
}


namespace
{
	void addKeepAliveRoutes(Router& router)
	{
		// Handlers that answer without reading the body, as the API does before authentication.
		router.add("POST", "/api/bulk/syncs/{id}/executions", [](Exchange& e) { e.sendText(200, "started"); });
		router.add("POST", "/api/connections", [](Exchange&) { throw HttpError(401, "unauthorized", "sign in first"); });
		router.add("GET", "/api/syncs", [](Exchange& e) { e.sendText(200, "syncs"); });
		router.add("GET", "/api/me", [](Exchange& e) { e.sendText(200, "me"); });
	}
}


void HttpServerTest::testUnreadBodyDoesNotBecomeTheNextRequest()
{
	Router router;
	addKeepAliveRoutes(router);
	RunningServer running(router);
	const std::vector<std::pair<std::string, int>> firsts = {
		{"POST /api/bulk/syncs/b1/executions", 200}, {"POST /api/connections", 401}, {"POST /api/nothing", 404}, {"POST /api/syncs", 405},
		{"DELETE /api/me", 405}};
	for (const auto& [requestLine, status]: firsts)
	{
		for (const std::string& body: {std::string("{}"), std::string(5000, 'x')})
		{
			RawConnection connection(running.port());
			connection.send(requestLine + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
				std::to_string(body.size()) + "\r\n\r\n" + body + "GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n");
			const RawResponse first = connection.read();
			CPPUNIT_ASSERT_EQUAL_MESSAGE(requestLine, status, statusOf(first));
			const RawResponse second = connection.read();
			CPPUNIT_ASSERT_EQUAL_MESSAGE(requestLine + " then GET /api/me: " + second.statusLine + " " + second.body, 200, statusOf(second));
			CPPUNIT_ASSERT_EQUAL(std::string("me"), second.body);
			// A kept-alive answer says how long the idle connection stays open, so clients do not reuse it past that.
			CPPUNIT_ASSERT_EQUAL(std::string("timeout=5"), second.headers.count("keep-alive") ? second.headers.at("keep-alive") : std::string());
		}
	}
	// Chunked: POCO's decoder takes a chunk size that is not hex for the end of the body, so what
	// follows it ("XGET ...", found by attacking the server) would be the next request: the connection closes.
	for (const std::string& body: {std::string("2\r\n{}\r\n0\r\n\r\n"), std::string("XGET /api/me HTTP/1.1\r\nHost: x\r\n\r\n")})
	{
		RawConnection chunked(running.port());
		chunked.send("POST /api/connections HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body +
			"GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n");
		const RawResponse first = chunked.read();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(body, std::string("close"), Poco::toLower(first.headers.count("connection") ? first.headers.at("connection") : std::string()));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(body, std::string(), chunked.read().statusLine);
	}
}


void HttpServerTest::testLargeUnreadBodyClosesTheConnection()
{
	Router router;
	addKeepAliveRoutes(router);
	RunningServer running(router);
	RawConnection connection(running.port());
	const std::string body(HttpConnection::UNREAD_BODY_LIMIT + 1000, 'x');
	connection.send("POST /api/connections HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body +
		"GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n");
	CPPUNIT_ASSERT_EQUAL(401, statusOf(connection.read()));
	CPPUNIT_ASSERT_EQUAL_MESSAGE("the body's rest was read as a request", std::string(), connection.read().statusLine);
	CPPUNIT_ASSERT(connection.closedByServer());
}


void HttpServerTest::testSlowClientsDoNotStarveTheServer()
{
	Router router;
	router.add("GET", "/status.txt", [](Exchange& e) { e.sendText(200, "OK\n"); });
	router.add("GET", "/api/me", [](Exchange& e) { e.sendText(200, "me"); });
	auto params = RunningServer::params(1024 * 1024);
	params.headerTimeout = milliseconds(1500);
	HttpServer server(router, params);
	server.start();

	// Each sends a header line now and then, never the end of its head.
	std::vector<std::unique_ptr<RawConnection>> slow;
	for (int i = 0; i < 120; ++i)
	{
		slow.push_back(std::make_unique<RawConnection>(server.port(), milliseconds(3000)));
		slow.back()->send("GET /api/me HTTP/1.1\r\nHost: x\r\n");
	}
	const auto opened = std::chrono::steady_clock::now();
	std::this_thread::sleep_for(milliseconds(300));
	for (auto& connection: slow) connection->send("X-Slow: 1\r\n");
	for (int i = 0; i < 5; ++i)
	{
		const auto begin = std::chrono::steady_clock::now();
		HttpReply status = HttpProbe::request(server.port(), "GET", "/status.txt", "", {}, milliseconds(1000));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(status.error, 200, status.status);
		CPPUNIT_ASSERT(std::chrono::steady_clock::now() - begin < milliseconds(900));
		CPPUNIT_ASSERT_EQUAL(200, HttpProbe::request(server.port(), "GET", "/api/me", "", {}, milliseconds(1000)).status);
	}
	// Past the deadline every slow client has its 408 and a closed connection.
	int timedOut = 0;
	for (auto& connection: slow)
	{
		const RawResponse response = connection->read();
		if (statusOf(response) == 408 && response.body.find("HTTP_HEADER_TIMEOUT") != std::string::npos && connection->closedByServer()) ++timedOut;
	}
	const auto closedAfter = std::chrono::steady_clock::now() - opened;
	CPPUNIT_ASSERT_EQUAL(120, timedOut);
	CPPUNIT_ASSERT_MESSAGE(std::to_string(std::chrono::duration_cast<milliseconds>(closedAfter).count()) + " ms",
		closedAfter < milliseconds(3000));
	// The probes' connections are closed by now; their server side goes soon after.
	for (int i = 0; i < 50 && server.waitingConnections() > 0; ++i) std::this_thread::sleep_for(milliseconds(20));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), server.waitingConnections());
	server.shutdown(milliseconds(1000));
}


void HttpServerTest::testSecondServerOnTheSamePortFails()
{
	Router router;
	RunningServer first(router);
	auto params = RunningServer::params(1024);
	params.port = first.port();
	try
	{
		HttpServer second(router, params);
		CPPUNIT_FAIL("a second server listened on port " + std::to_string(first.port()));
	}
	catch (const std::runtime_error& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("PORT") != std::string::npos);
	}
}


void HttpServerTest::testBindAddress()
{
	Router router;
	router.add("GET", "/status.txt", [](Exchange& e) { e.sendText(200, "OK\n"); });
	auto loopback = RunningServer::params(1024);
	loopback.bindAddress = "127.0.0.1";
	HttpServer v4(router, loopback);
	v4.start();
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(v4.port(), "/status.txt").status);

	auto v6params = RunningServer::params(1024);
	v6params.bindAddress = "::1";
	HttpServer v6(router, v6params);
	v6.start();
	Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("::1", static_cast<Poco::UInt16>(v6.port())));
	const std::string request = "GET /status.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	socket.sendBytes(request.data(), static_cast<int>(request.size()));
	char answer[256];
	const int n = socket.receiveBytes(answer, sizeof(answer));
	CPPUNIT_ASSERT(std::string(answer, static_cast<std::size_t>(std::max(n, 0))).rfind("HTTP/1.1 200 OK", 0) == 0);

	// "::" is every interface, IPv4 too.
	auto everywhere = RunningServer::params(1024);
	everywhere.bindAddress = "::";
	HttpServer dual(router, everywhere);
	dual.start();
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(dual.port(), "/status.txt").status);
	Poco::Net::StreamSocket overV6(Poco::Net::SocketAddress("::1", static_cast<Poco::UInt16>(dual.port())));
	overV6.sendBytes(request.data(), static_cast<int>(request.size()));
	const int m = overV6.receiveBytes(answer, sizeof(answer));
	CPPUNIT_ASSERT(std::string(answer, static_cast<std::size_t>(std::max(m, 0))).rfind("HTTP/1.1 200 OK", 0) == 0);

	auto bad = RunningServer::params(1024);
	bad.bindAddress = "not-an-address";
	CPPUNIT_ASSERT_THROW(HttpServer(router, bad), std::runtime_error);
}


void HttpServerTest::testSecretsAreRedactedInTheAccessLog()
{
	Router router;
	router.add("GET", "/auth/link", [](Exchange&) { throw HttpError(403, "link_refused", "this link was used already"); });
	router.add("GET", "/auth", [](Exchange& e) { e.sendText(200, "signed in"); });
	RunningServer running(router);
	auto log = polytomic::test::CapturedLog::attach(Poco::Logger::get("polytomic.http"));
	HttpProbe::get(running.port(), "/auth/link?token=s3cr3t-link-token");
	HttpProbe::get(running.port(), "/auth?code=oauth-code-1&state=oauth-state-2&next=/syncs");
	HttpProbe::get(running.port(), "/api/nothing?api_key=k3y&Password=pw1&client_secret=cs1&%74oken=t0k");
	std::string all;
	for (const auto& line: log->lines()) all += line + "\n";
	for (const char* secret: {"s3cr3t-link-token", "oauth-code-1", "oauth-state-2", "k3y", "pw1", "cs1", "t0k"})
		CPPUNIT_ASSERT_MESSAGE(all, all.find(secret) == std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(all, all.find("GET /auth/link?token=[redacted] 403") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(all, all.find("GET /auth?code=[redacted]&state=[redacted]&next=/syncs 200") != std::string::npos);
}


void HttpServerTest::testMalformedRequestsGetJsonErrors()
{
	Router router;
	router.add("POST", "/echo", [](Exchange& e) { e.sendText(200, std::to_string(e.body().size())); });
	RunningServer running(router);
	const std::vector<std::string> malformed = {
		"GET /echo HTTP/1.1\r\nHost: x\r\n" + std::string(300, 'h') + ": too long a name\r\n\r\n",
		"GET /echo\r\nHost: x\r\n\r\n",
		"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
		"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
		// Framings a proxy may read differently (found by attacking the server).
		"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}",
		"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: 2\r\n\r\n{}",
		"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET /echo HTTP/9\r\nHost: x\r\n\r\n"};
	for (const std::string& request: malformed)
	{
		RawConnection connection(running.port());
		connection.send(request);
		RawResponse response = connection.read();
		CPPUNIT_ASSERT_EQUAL_MESSAGE(request, std::string("HTTP/1.1 400 Bad Request"), response.statusLine);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(request, std::string("bad_request"), parse(response.body)->getValue<std::string>("key"));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(request, std::size_t(36), response.headers["x-request-id"].size());
		CPPUNIT_ASSERT(response.headers["content-type"].find("application/json") == 0);
	}
}


void HttpServerTest::testReasonPhraseMatchesStatus()
{
	Router router;
	router.add("GET", "/conflict", [](Exchange&) { throw HttpError(409, "conflict", "busy"); });
	router.add("GET", "/bad", [](Exchange&) { throw HttpError::badRequest("no"); });
	router.add("GET", "/created", [](Exchange& e) { e.sendJson(201, "{}"); });
	router.add("GET", "/teapot", [](Exchange& e) { e.sendText(422, "no"); });
	RunningServer running(router);
	const std::vector<std::pair<std::string, std::string>> expected = {{"/conflict", "409 Conflict"}, {"/bad", "400 Bad Request"},
		{"/created", "201 Created"}, {"/teapot", "422 Unprocessable Entity"}, {"/nothing", "404 Not Found"}};
	for (const auto& [path, status]: expected)
	{
		RawConnection connection(running.port());
		connection.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
		CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 ") + status, connection.read().statusLine);
	}
}


void HttpServerTest::testLivenessProbeHasThreadsOfItsOwn()
{
	Router router;
	router.add("GET", "/status.txt", [](Exchange& e) { e.sendText(200, "OK\n"); });
	router.add("POST", "/echo", [](Exchange& e) { e.sendText(200, std::to_string(e.body().size())); });
	auto params = RunningServer::params(1024 * 1024);
	params.maxThreads = 4;
	HttpServer server(router, params);
	server.start();
	// Whole heads, bodies that never come: every thread of the pool waits for one.
	std::vector<std::unique_ptr<RawConnection>> stalled;
	for (int i = 0; i < 12; ++i)
	{
		stalled.push_back(std::make_unique<RawConnection>(server.port()));
		stalled.back()->send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{");
	}
	std::this_thread::sleep_for(milliseconds(300));
	for (int i = 0; i < 5; ++i)
	{
		const auto begin = std::chrono::steady_clock::now();
		HttpReply status = HttpProbe::request(server.port(), "GET", "/status.txt", "", {}, milliseconds(1000));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(status.error, 200, status.status);
		CPPUNIT_ASSERT(std::chrono::steady_clock::now() - begin < milliseconds(900));
	}
	server.shutdown(milliseconds(0));
}


void HttpServerTest::testRequestsPerAddressAreBounded()
{
	std::atomic<int> running{0}, most{0};
	Router router;
	router.add("GET", "/slow", [&](Exchange& e) {
		const int now = ++running;
		for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {}
		std::this_thread::sleep_for(milliseconds(300));
		--running;
		e.sendText(200, "done");
	});
	auto params = RunningServer::params(1024 * 1024);
	params.maxRequestsPerAddress = 2;
	HttpServer server(router, params);
	server.start();
	std::atomic<int> ok{0};
	std::vector<std::thread> clients;
	const auto begin = std::chrono::steady_clock::now();
	for (int c = 0; c < 6; ++c)
		clients.emplace_back([&] {
			if (HttpProbe::request(server.port(), "GET", "/slow", "", {}, milliseconds(5000)).status == 200) ++ok;
		});
	for (auto& t: clients) t.join();
	const auto took = std::chrono::steady_clock::now() - begin;
	CPPUNIT_ASSERT_EQUAL(6, ok.load());
	CPPUNIT_ASSERT_EQUAL(2, most.load());
	// Three turns of two: the waiting ones were handed on as soon as a thread freed up.
	CPPUNIT_ASSERT_MESSAGE(std::to_string(std::chrono::duration_cast<milliseconds>(took).count()) + " ms", took < milliseconds(1500));
	server.shutdown(milliseconds(1000));
}


namespace
{
	class NonReader
		/// A client that pipelines requests and reads nothing, with a small window (receive
		/// buffer and segments) so that the server's writes to it stall soon.
	{
	public:
		explicit NonReader(unsigned port):
			_fd(::socket(AF_INET, SOCK_STREAM, 0)),
			_socket(new Poco::Net::StreamSocketImpl(_fd))
		{
			const int buffer = 4096, segment = 536;
			::setsockopt(_fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof(buffer));
			::setsockopt(_fd, IPPROTO_TCP, TCP_MAXSEG, &segment, sizeof(segment));
			_socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
			for (int i = 0; i < 2000; ++i) _requests += "GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n";
		}

		void pipeline()
			/// Sends what the server takes now.
		{
			const ssize_t n = ::send(_fd, _requests.data() + _sent, _requests.size() - _sent, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n > 0) _sent += static_cast<std::size_t>(n);
		}

		bool closedByServer()
			/// Reads what was sent: the end of the connection follows, not answers to the rest.
		{
			_socket.setReceiveTimeout(Poco::Timespan(2, 0));
			char chunk[65536];
			try
			{
				while (_socket.receiveBytes(chunk, sizeof(chunk)) > 0) {}
				return true;
			}
			catch (const Poco::TimeoutException&)
			{
				return false;
			}
			catch (const Poco::Net::NetException&)
			{
				return true; // reset
			}
		}

	private:
		int _fd;
		Poco::Net::StreamSocket _socket;
		std::string _requests;
		std::size_t _sent = 0;
	};
}


void HttpServerTest::testClientThatReadsNothingIsClosed()
{
	Router router;
	router.add("GET", "/api/me", [](Exchange& e) { e.sendText(200, std::string(2000, 'm')); });
	auto params = RunningServer::params(1024 * 1024);
	params.sendTimeout = milliseconds(2000);
	params.maxThreads = 2;
	HttpServer server(router, params);
	server.start();
	std::vector<std::unique_ptr<NonReader>> nonReaders;
	for (int i = 0; i < 2; ++i) nonReaders.push_back(std::make_unique<NonReader>(server.port()));
	for (int round = 0; round < 50; ++round)
	{
		for (auto& nonReader: nonReaders) nonReader->pipeline();
		std::this_thread::sleep_for(milliseconds(10));
	}
	// Both threads are free for others meanwhile.
	for (int i = 0; i < 3; ++i)
	{
		const auto begin = std::chrono::steady_clock::now();
		CPPUNIT_ASSERT_EQUAL(200, HttpProbe::request(server.port(), "GET", "/api/me", "", {}, milliseconds(3000)).status);
		const auto took = std::chrono::steady_clock::now() - begin;
		CPPUNIT_ASSERT_MESSAGE(std::to_string(std::chrono::duration_cast<milliseconds>(took).count()) + " ms", took < milliseconds(500));
	}
	std::this_thread::sleep_for(milliseconds(2000));
	for (auto& nonReader: nonReaders)
		CPPUNIT_ASSERT_MESSAGE("the connection of a client that read nothing for the send timeout is still open", nonReader->closedByServer());
	server.shutdown(milliseconds(1000));
}


void HttpServerTest::testClientAddresses()
{
	sockaddr_in v4{};
	v4.sin_family = AF_INET;
	::inet_pton(AF_INET, "203.0.113.7", &v4.sin_addr);
	CPPUNIT_ASSERT_EQUAL(std::string("203.0.113.7"), ReadAheadSocketImpl::clientOf(&v4));
	sockaddr_in6 v6{};
	v6.sin6_family = AF_INET6;
	::inet_pton(AF_INET6, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", &v6.sin6_addr);
	CPPUNIT_ASSERT_EQUAL(std::string("2001:db8:1:2::/64"), ReadAheadSocketImpl::clientOf(&v6));
	::inet_pton(AF_INET6, "2001:db8:1:2::1", &v6.sin6_addr);
	CPPUNIT_ASSERT_EQUAL(std::string("2001:db8:1:2::/64"), ReadAheadSocketImpl::clientOf(&v6));
	::inet_pton(AF_INET6, "::ffff:198.51.100.9", &v6.sin6_addr);
	CPPUNIT_ASSERT_EQUAL(std::string("198.51.100.9"), ReadAheadSocketImpl::clientOf(&v6));
}


void HttpServerTest::testConnectionsEndOnEitherThread()
{
	// A request thread that answers "Connection: close" often drops the socket before the head
	// reader has dropped its entry for it, and a keep-alive connection its client closes at once
	// can be dropped by the head reader while the request thread still holds it: the socket is
	// destroyed on either thread. Every request is answered, and no connection is left waiting.
	Router router;
	router.add("GET", "/api/me", [](Exchange& e) { e.sendText(200, "me"); });
	RunningServer running(router);
	std::atomic<int> answered{0};
	std::vector<std::thread> clients;
	for (int c = 0; c < 4; ++c)
	{
		clients.emplace_back([&, c] {
			for (int i = 0; i < 50; ++i)
			{
				RawConnection connection(running.port());
				connection.send((i + c) % 2 ? "GET /api/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" : "GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n");
				if (statusOf(connection.read()) == 200) ++answered;
			}
		});
	}
	for (auto& t: clients) t.join();
	CPPUNIT_ASSERT_EQUAL(4 * 50, answered.load());
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
	while (running.server.waitingConnections() > 0 && std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(milliseconds(20));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), running.server.waitingConnections());
}


CppUnit::Test* HttpServerTest::suite()
{
	auto* suite = new CppUnit::TestSuite("HttpServerTest");
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testUnexpectedExceptionBecomesJson500);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testHttpErrorBody);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testDatabaseUnavailableIs503);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testBodySizeLimit);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testRequestIds);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testGracefulShutdownFinishesInFlight);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testShutdownIsBounded);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testManyConcurrentRequests);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testUnreadBodyDoesNotBecomeTheNextRequest);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testLargeUnreadBodyClosesTheConnection);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testSlowClientsDoNotStarveTheServer);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testSecondServerOnTheSamePortFails);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testBindAddress);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testSecretsAreRedactedInTheAccessLog);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testMalformedRequestsGetJsonErrors);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testReasonPhraseMatchesStatus);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testLivenessProbeHasThreadsOfItsOwn);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testRequestsPerAddressAreBounded);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testClientThatReadsNothingIsClosed);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testClientAddresses);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testConnectionsEndOnEitherThread);
	return suite;
}
