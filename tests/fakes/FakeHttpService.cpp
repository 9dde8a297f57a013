//
// FakeHttpService.cpp
//


#include "fakes/FakeHttpService.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerRequestImpl.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/StreamCopier.h"
#include <thread>


namespace polytomic {
namespace test {


namespace
{
	class Handler: public Poco::Net::HTTPRequestHandler
	{
	public:
		explicit Handler(FakeHttpService& service):
			_service(service)
		{
		}

		void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
		{
			FakeHttpService::Request recorded;
			recorded.method = request.getMethod();
			recorded.path = request.getURI();
			for (const auto& [name, value]: request) recorded.headers[name] = value;
			Poco::StreamCopier::copyToString(request.stream(), recorded.body);
			recorded.at = std::chrono::steady_clock::now();
			FakeHttpService::Reply reply;
			_service.record(std::move(recorded), reply);
			if (reply.delay.count() > 0) std::this_thread::sleep_for(reply.delay);
			if (reply.hangUp)
			{
				static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().shutdown();
				return;
			}
			response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
			response.setContentType(reply.contentType);
			for (const auto& [name, value]: reply.headers) response.set(name, value);
			response.sendBuffer(reply.body.data(), reply.body.size());
		}

	private:
		FakeHttpService& _service;
	};


	class Factory: public Poco::Net::HTTPRequestHandlerFactory
	{
	public:
		explicit Factory(FakeHttpService& service):
			_service(service)
		{
		}

		Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
		{
			return new Handler(_service);
		}

	private:
		FakeHttpService& _service;
	};
}


FakeHttpService::FakeHttpService(Responder responder):
	_responder(std::move(responder))
{
	Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
	_port = socket.address().port();
	Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
	params->setMaxThreads(8);
	_server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
	_server->start();
}


FakeHttpService::~FakeHttpService()
{
	_server->stopAll(true);
}


unsigned FakeHttpService::port() const
{
	return _port;
}


std::string FakeHttpService::url(const std::string& path) const
{
	return "http://127.0.0.1:" + std::to_string(_port) + path;
}


void FakeHttpService::setResponder(Responder responder)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_responder = std::move(responder);
}


std::vector<FakeHttpService::Request> FakeHttpService::requests() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _requests;
}


bool FakeHttpService::waitForRequests(std::size_t count, std::chrono::milliseconds timeout) const
{
	std::unique_lock<std::mutex> lock(_mutex);
	return _arrived.wait_for(lock, timeout, [&] { return _requests.size() >= count; });
}


void FakeHttpService::record(Request request, Reply& reply)
{
	std::lock_guard<std::mutex> lock(_mutex);
	reply = _responder(request);
	_requests.push_back(std::move(request));
	_arrived.notify_all();
}


} } // namespace polytomic::test
