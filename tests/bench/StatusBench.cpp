//
// StatusBench.cpp
//
// GET /status.txt under load: Polytomic's HTTP stack (GuardedRequestHandler,
// Router, StatusHandlers) against a bare POCO HTTPServer answering the same
// bytes, in one process, with the same server parameters and client load.
//
//   status-bench [clients=8] [seconds=3]
//


#include "cache/MemoryCache.h"
#include "http/HttpServer.h"
#include "http/StatusHandlers.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/NullStream.h"
#include "Poco/StreamCopier.h"
#include "Poco/ThreadPool.h"
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>


using namespace polytomic;
using Clock = std::chrono::steady_clock;


namespace
{
	struct Figures
	{
		double requestsPerSecond;
		double p50Micros;
		double p99Micros;
		long errors;
	};


	class BareHandler: public Poco::Net::HTTPRequestHandler
	{
	public:
		void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override
		{
			response.setContentType("text/plain; charset=utf-8");
			response.sendBuffer("OK\n", 3);
		}
	};


	class BareFactory: public Poco::Net::HTTPRequestHandlerFactory
	{
	public:
		Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
		{
			return new BareHandler;
		}
	};


	Figures load(unsigned port, int clients, int seconds)
	{
		std::atomic<bool> stop{false};
		std::atomic<long> errors{0};
		std::vector<std::vector<double>> latencies(clients);
		std::vector<std::thread> threads;
		for (int c = 0; c < clients; ++c)
		{
			threads.emplace_back([&, c] {
				Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
				session.setKeepAlive(true);
				while (!stop)
				{
					const auto start = Clock::now();
					try
					{
						Poco::Net::HTTPRequest request("GET", "/status.txt", Poco::Net::HTTPMessage::HTTP_1_1);
						request.setKeepAlive(true);
						session.sendRequest(request);
						Poco::Net::HTTPResponse response;
						Poco::NullOutputStream sink;
						Poco::StreamCopier::copyStream(session.receiveResponse(response), sink);
						if (response.getStatus() != 200) ++errors;
					}
					catch (...)
					{
						++errors;
						session.reset();
					}
					latencies[c].push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
				}
			});
		}
		std::this_thread::sleep_for(std::chrono::seconds(seconds));
		stop = true;
		for (auto& t: threads) t.join();
		std::vector<double> all;
		for (auto& l: latencies) all.insert(all.end(), l.begin(), l.end());
		std::sort(all.begin(), all.end());
		auto percentile = [&](double p) { return all.empty() ? 0.0 : all[static_cast<std::size_t>(p * (all.size() - 1))]; };
		return {all.size() / static_cast<double>(seconds), percentile(0.5), percentile(0.99), errors.load()};
	}


	void print(const char* name, const Figures& f)
	{
		std::printf("%-28s %10.0f req/s   p50 %7.1f us   p99 %7.1f us   errors %ld\n", name, f.requestsPerSecond, f.p50Micros,
			f.p99Micros, f.errors);
	}
}


int main(int argc, char** argv)
{
	const int clients = argc > 1 ? std::atoi(argv[1]) : 8;
	const int seconds = argc > 2 ? std::atoi(argv[2]) : 3;
	Poco::Logger::root().setLevel("warning");
	std::printf("GET /status.txt, %d keep-alive clients, %d s each, same process, %u cores\n", clients, seconds,
		std::thread::hardware_concurrency());

	Figures bare;
	{
		Poco::ThreadPool pool("bare", 2, 64);
		Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
		params->setMaxThreads(64);
		params->setMaxQueued(256);
		params->setKeepAliveTimeout(Poco::Timespan(5, 0));
		Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
		Poco::Net::HTTPServer server(new BareFactory, pool, socket, params);
		server.start();
		bare = load(socket.address().port(), clients, seconds);
		server.stopAll(true);
	}

	Figures ours;
	{
		// /status.txt never touches the database, so an unreachable one is fine here.
		store::Database database(config::DatabaseUrl::parse("postgres://bench@127.0.0.1:1/none"), 1);
		http::StatusHandlers status(database, std::make_shared<cache::MemoryCache>(), "bench");
		http::Router router;
		status.registerRoutes(router);
		http::HttpServer::Params params;
		params.port = 0;
		params.publicUrl = "http://localhost";
		http::HttpServer server(router, params);
		server.start();
		ours = load(server.port(), clients, seconds);
		server.shutdown(std::chrono::milliseconds(1000));
	}

	print("bare POCO HTTPServer", bare);
	print("polytomic /status.txt", ours);
	std::printf("ratio polytomic/bare: throughput %.2f, p99 latency %.2f\n", ours.requestsPerSecond / bare.requestsPerSecond,
		ours.p99Micros / bare.p99Micros);
	return 0;
}
