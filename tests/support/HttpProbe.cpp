//
// HttpProbe.cpp
//


#include "support/HttpProbe.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/StreamCopier.h"
#include <sstream>
#include <thread>


namespace polytomic {
namespace test {


HttpReply HttpProbe::request(unsigned port, const std::string& method, const std::string& path, const std::string& body,
	const std::map<std::string, std::string>& headers, std::chrono::milliseconds timeout)
{
	HttpReply reply;
	try
	{
		Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
		session.setTimeout(Poco::Timespan(static_cast<long>(timeout.count() / 1000), static_cast<long>((timeout.count() % 1000) * 1000)));
		Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
		for (const auto& [name, value]: headers) request.set(name, value);
		if (request.getChunkedTransferEncoding()) request.setChunkedTransferEncoding(true);
		else if (!body.empty() || method == "POST" || method == "PUT") request.setContentLength(static_cast<std::streamsize>(body.size()));
		session.sendRequest(request) << body;
		Poco::Net::HTTPResponse response;
		std::istream& in = session.receiveResponse(response);
		Poco::StreamCopier::copyToString(in, reply.body);
		reply.status = response.getStatus();
		for (const auto& [name, value]: response) reply.headers[name] = value;
	}
	catch (const Poco::Exception& e)
	{
		reply.error = e.displayText();
	}
	return reply;
}


HttpReply HttpProbe::get(unsigned port, const std::string& path)
{
	return request(port, "GET", path);
}


bool HttpProbe::waitUntilServing(unsigned port, std::chrono::milliseconds timeout)
{
	const auto deadline = std::chrono::steady_clock::now() + timeout;
	while (std::chrono::steady_clock::now() < deadline)
	{
		if (get(port, "/status.txt").status == 200) return true;
		std::this_thread::sleep_for(std::chrono::milliseconds(50));
	}
	return false;
}


std::string HttpProbe::basicAuthorization(const std::string& user, const std::string& password)
{
	std::ostringstream encoded;
	Poco::Base64Encoder encoder(encoded);
	encoder.rdbuf()->setLineLength(0);
	encoder << user << ":" << password;
	encoder.close();
	return "Basic " + encoded.str();
}


} } // namespace polytomic::test
