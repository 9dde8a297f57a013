//
// Browser.cpp
//


#include "support/Browser.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPCookie.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include "Poco/URI.h"


namespace polytomic {
namespace test {


HttpReply Browser::get(const std::string& url, const std::map<std::string, std::string>& headers)
{
	return send("GET", url, "", headers);
}


HttpReply Browser::post(const std::string& url, const std::string& body, const std::map<std::string, std::string>& headers)
{
	return send("POST", url, body, headers);
}


HttpReply Browser::follow(const HttpReply& redirect)
{
	auto it = redirect.headers.find("Location");
	if (it == redirect.headers.end()) throw std::runtime_error("not a redirect: " + std::to_string(redirect.status) + " " + redirect.body);
	return get(it->second);
}


std::string Browser::cookie(const std::string& origin, const std::string& name) const
{
	auto jar = _jar.find(origin);
	if (jar == _jar.end()) return "";
	auto it = jar->second.find(name);
	return it == jar->second.end() ? "" : it->second;
}


void Browser::setCookie(const std::string& origin, const std::string& name, const std::string& value)
{
	_jar[origin][name] = value;
}


const std::vector<std::string>& Browser::lastSetCookies() const
{
	return _lastSetCookies;
}


HttpReply Browser::send(const std::string& method, const std::string& url, const std::string& body,
	const std::map<std::string, std::string>& headers)
{
	Poco::URI uri(url);
	const std::string origin = uri.getHost() + ":" + std::to_string(uri.getPort());
	HttpReply reply;
	_lastSetCookies.clear();
	try
	{
		Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
		session.setTimeout(Poco::Timespan(20, 0));
		Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
		Poco::Net::NameValueCollection cookies;
		for (const auto& [name, value]: _jar[origin]) cookies.add(name, value);
		if (!cookies.empty()) request.setCookies(cookies);
		for (const auto& [name, value]: headers) request.set(name, value);
		if (method != "GET") request.setContentLength(static_cast<std::streamsize>(body.size()));
		session.sendRequest(request) << body;
		Poco::Net::HTTPResponse response;
		std::istream& in = session.receiveResponse(response);
		reply.status = response.getStatus();
		Poco::StreamCopier::copyToString(in, reply.body);
		for (const auto& [name, value]: response)
		{
			reply.headers[name] = value;
			if (Poco::icompare(name, "Set-Cookie") == 0) _lastSetCookies.push_back(value);
		}
		std::vector<Poco::Net::HTTPCookie> set;
		response.getCookies(set);
		for (const auto& c: set)
		{
			if (c.getMaxAge() == 0 || c.getValue().empty()) _jar[origin].erase(c.getName());
			else _jar[origin][c.getName()] = c.getValue();
		}
	}
	catch (const Poco::Exception& e)
	{
		reply.error = e.displayText();
	}
	return reply;
}


} } // namespace polytomic::test
