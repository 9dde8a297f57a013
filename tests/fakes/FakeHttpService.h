//
// FakeHttpService.h
//
// Definition of the FakeHttpService class.
//


#ifndef Polytomic_Test_FakeHttpService_INCLUDED
#define Polytomic_Test_FakeHttpService_INCLUDED


#include "Poco/Net/HTTPServer.h"
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>


namespace polytomic {
namespace test {


class FakeHttpService
	/// An outside HTTP service played on a loopback port: it records every
	/// request (method, path, headers, body, arrival time) and answers with
	/// what its responder says. The fakes of tests/fakes are built on it.
{
public:
	struct Request
	{
		std::string method;
		std::string path;          /// with the query
		std::map<std::string, std::string> headers;
		std::string body;          /// as received (chunked bodies joined)
		std::chrono::steady_clock::time_point at;
	};

	struct Reply
	{
		int status = 200;
		std::string body;
		std::string contentType = "application/json";
		std::map<std::string, std::string> headers{};  /// sent with the names spelled as given
		std::chrono::milliseconds delay{0};          /// answer only after this long (a slow API)
		bool hangUp = false;                         /// read the request, then close the connection without an answer
	};

	using Responder = std::function<Reply(const Request&)>;

	explicit FakeHttpService(Responder responder);
		/// Listens on a free loopback port at once.
	~FakeHttpService();

	unsigned port() const;

	std::string url(const std::string& path = "/") const;
		/// http://127.0.0.1:<port><path>

	void setResponder(Responder responder);

	std::vector<Request> requests() const;

	bool waitForRequests(std::size_t count, std::chrono::milliseconds timeout) const;
		/// True once at least count requests arrived.

	void record(Request request, Reply& reply);
		/// Internal: called by the request handler.

private:
	mutable std::mutex _mutex;
	mutable std::condition_variable _arrived;
	Responder _responder;
	std::vector<Request> _requests;
	std::unique_ptr<Poco::Net::HTTPServer> _server;
	unsigned _port = 0;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeHttpService_INCLUDED
