//
// HttpError.cpp
//


#include "http/HttpError.h"
#include "polytomic/json.hpp"
#include "Poco/Net/HTTPResponse.h"
#include <sstream>


namespace polytomic {
namespace http {


HttpError::HttpError(int status, std::string key, const std::string& message, Poco::JSON::Object::Ptr metadata):
	std::runtime_error(message),
	_status(status),
	_key(std::move(key)),
	_metadata(metadata ? metadata : Poco::JSON::Object::Ptr(new Poco::JSON::Object))
{
}


std::string HttpError::toJson() const
{
	Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
	body.set("status", _status);
	body.set("key", _key);
	body.set("message", std::string(what()));
	body.set("metadata", _metadata);
	std::ostringstream out;
	body.stringify(out);
	// A message may quote what the caller sent or a connector said; the answer stays UTF-8 whatever it was.
	return json::repairedUtf8(out.str());
}


std::string HttpError::closingResponse(const std::string& requestId) const
{
	const std::string json = toJson();
	return "HTTP/1.1 " + std::to_string(_status) + " " +
		Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(_status)) + "\r\n"
		"Content-Type: application/json; charset=utf-8\r\n"
		"Content-Length: " + std::to_string(json.size()) + "\r\n"
		"Connection: close\r\n"
		"X-Request-Id: " + requestId + "\r\n\r\n" + json;
}


HttpError HttpError::notFound(const std::string& message)
{
	return HttpError(404, "not_found", message);
}


HttpError HttpError::badRequest(const std::string& message)
{
	return HttpError(400, "bad_request", message);
}


} } // namespace polytomic::http
