//
// FakeSentry.cpp
//


#include "fakes/FakeSentry.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"


namespace polytomic {
namespace test {


const std::string FakeSentry::PUBLIC_KEY = "0123456789abcdef0123456789abcdef";
const std::string FakeSentry::PROJECT = "42";


namespace
{
	std::vector<std::string> lines(const std::string& body)
	{
		std::vector<std::string> out;
		std::string::size_type start = 0;
		while (start < body.size())
		{
			auto end = body.find('\n', start);
			if (end == std::string::npos) end = body.size();
			out.push_back(body.substr(start, end - start));
			start = end + 1;
		}
		return out;
	}


	Poco::JSON::Object::Ptr object(const std::string& text)
	{
		Poco::JSON::Parser parser;
		return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
	}
}


FakeSentry::FakeSentry():
	FakeHttpService([](const Request& request) {
		const std::string problem = check(request);
		if (problem.empty()) return Reply{200, "{\"id\": \"" + object(lines(request.body)[0])->getValue<std::string>("event_id") + "\"}"};
		const int status = problem.rfind("auth:", 0) == 0 ? 401 : problem.rfind("project:", 0) == 0 ? 404 : 400;
		return Reply{status, "{\"detail\": \"" + problem + "\"}"};
	})
{
}


std::string FakeSentry::dsn() const
{
	return "http://" + PUBLIC_KEY + "@127.0.0.1:" + std::to_string(port()) + "/" + PROJECT;
}


std::string FakeSentry::check(const Request& request)
{
	if (request.method != "POST") return "method: envelopes are POSTed";
	if (request.path != "/api/" + PROJECT + "/envelope/") return "project: no envelope endpoint at " + request.path;
	const auto auth = request.headers.find("X-Sentry-Auth");
	if (auth == request.headers.end()) return "auth: X-Sentry-Auth is missing";
	if (auth->second.rfind("Sentry ", 0) != 0 || auth->second.find("sentry_version=7") == std::string::npos ||
		auth->second.find("sentry_key=" + PUBLIC_KEY) == std::string::npos)
		return "auth: bad X-Sentry-Auth: " + auth->second;
	return checkEnvelope(request.body);
}


std::string FakeSentry::checkEnvelope(const std::string& body)
{
	try
	{
		const std::vector<std::string> parts = lines(body);
		if (parts.size() < 3) return "envelope: a header, an item header and a payload, one per line";
		Poco::JSON::Object::Ptr header = object(parts[0]);
		const std::string eventId = header->optValue<std::string>("event_id", "");
		if (eventId.size() != 32 || eventId.find_first_not_of("0123456789abcdef") != std::string::npos)
			return "envelope: event_id must be 32 lowercase hex digits";
		Poco::JSON::Object::Ptr item = object(parts[1]);
		if (item->optValue<std::string>("type", "") != "event") return "envelope: the item type must be event";
		if (item->has("length") && item->getValue<std::size_t>("length") != parts[2].size()) return "envelope: the item length is wrong";
		Poco::JSON::Object::Ptr event = object(parts[2]);
		if (event->optValue<std::string>("event_id", "") != eventId) return "envelope: the event's event_id differs from the header's";
		if (!event->has("timestamp") || !event->has("platform") || !event->has("level")) return "envelope: timestamp, platform and level are required";
	}
	catch (const std::exception& e)
	{
		return std::string("envelope: not JSON: ") + e.what();
	}
	return "";
}


std::vector<std::string> FakeSentry::events() const
{
	std::vector<std::string> out;
	for (const auto& request: requests())
		if (check(request).empty()) out.push_back(lines(request.body)[2]);
	return out;
}


} } // namespace polytomic::test
