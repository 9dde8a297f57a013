//
// Exchange.cpp
//


#include "http/Exchange.h"
#include "http/HttpError.h"
#include "http/ParseBudget.h"
#include "Poco/JSON/Parser.h"
#include "Poco/URI.h"
#include <sstream>


namespace polytomic {
namespace http {


Exchange::Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
	const std::string& publicUrl, std::size_t maxBodyBytes):
	_request(request),
	_response(response),
	_publicUrl(publicUrl),
	_maxBodyBytes(maxBodyBytes)
{
	try
	{
		_path = Poco::URI(request.getURI()).getPath();
	}
	catch (const Poco::Exception&)
	{
		throw HttpError::badRequest("the request URI is malformed");
	}
	// %ff or %00 in the path would reach the database (and the error message) as bytes no text has.
	if (!json::isValidUtf8(_path) || _path.find('\0') != std::string::npos)
		throw HttpError::badRequest("the request path is not UTF-8 text (after percent-decoding)");
}


std::string Exchange::parameter(const std::string& name) const
{
	return _parameters.at(name);
}


void Exchange::setParameters(std::map<std::string, std::string> parameters)
{
	_parameters = std::move(parameters);
}


void Exchange::setRoute(const std::string& route)
{
	_route = route;
}


std::string Exchange::clientAddress() const
{
	return _request.clientAddress().host().toString();
}


std::string Exchange::body()
{
	if (_retainedBody) return *_retainedBody;
	// A request with neither Content-Length nor chunked encoding has no body (RFC 9112 6.3);
	// reading POCO's stream would wait for the client to close the connection.
	if (!_request.hasContentLength() && !_request.getChunkedTransferEncoding()) return std::string();
	std::istream& in = _request.stream();
	const auto tooLarge = [this, &in] {
		// Read (and drop) what the client is still sending, up to a bound, before answering:
		// closing a socket with unread data resets the connection, and the client would
		// never see the 413.
		discardBody(in);
		return HttpError(413, "payload_too_large",
			"the request body is larger than " + std::to_string(_maxBodyBytes) + " bytes (MAX_REQUEST_BODY)");
	};
	if (_request.hasContentLength() && _request.getContentLength64() > static_cast<Poco::Int64>(_maxBodyBytes)) throw tooLarge();
	continueIfExpected();
	std::string body;
	char buffer[8192];
	while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0)
	{
		body.append(buffer, static_cast<std::size_t>(in.gcount()));
		if (body.size() > _maxBodyBytes) throw tooLarge();
	}
	// The stream fails when a receive times out (the body's deadline passed) or the connection broke.
	if (in.bad())
	{
		_response.setKeepAlive(false);
		throw HttpError(408, "request_timeout",
			"the request body did not arrive whole within HTTP_BODY_TIMEOUT of its headers; send it at once after them");
	}
	return body;
}


void Exchange::continueIfExpected()
{
	if (!_request.getExpectContinue() || _continued) return;
	_continued = true;
	_response.sendContinue();
}


const std::string& Exchange::retainBody()
{
	if (!_retainedBody) _retainedBody = body();
	return *_retainedBody;
}


void Exchange::recordSent()
{
	_recordSent = true;
}


void Exchange::discardBody(std::istream& in)
{
	// A client still waiting for 100 Continue may never send its body: the connection closes instead.
	if (_request.getExpectContinue() && !_continued)
	{
		_response.setKeepAlive(false);
		return;
	}
	char sink[8192];
	std::size_t drained = 0;
	while (drained < DRAIN_LIMIT && in.read(sink, sizeof(sink)).gcount() > 0) drained += static_cast<std::size_t>(in.gcount());
}


Poco::JSON::Object::Ptr Exchange::jsonBody()
{
	const std::string text = body();
	try
	{
		Poco::JSON::Parser parser;
		Poco::Dynamic::Var value = parser.parse(text);
		if (value.type() != typeid(Poco::JSON::Object::Ptr)) throw HttpError::badRequest("the request body must be a JSON object");
		return value.extract<Poco::JSON::Object::Ptr>();
	}
	catch (const Poco::Exception& e)
	{
		throw HttpError::badRequest("the request body is not valid JSON: " + e.message());
	}
}


std::optional<ParseBudget::Share> Exchange::parseShare()
{
	// What the client announced, or the most it may send when it streams chunks.
	std::size_t bytes = 0;
	if (_request.hasContentLength()) bytes = static_cast<std::size_t>(std::max<Poco::Int64>(_request.getContentLength64(), 0));
	else if (_request.getChunkedTransferEncoding()) bytes = _maxBodyBytes;
	if (bytes == 0) return std::nullopt;
	auto share = ParseBudget::process().take(ParseBudget::cost(std::min(bytes, _maxBodyBytes), MAX_BODY_VALUES), PARSE_WAIT);
	if (!share)
	{
		// Read and drop the body, as before a 413, so that the client sees the answer; the
		// connection is closed after it all the same.
		discardBody(_request.stream());
		_response.setKeepAlive(false);
		_response.set("Retry-After", "1");
		throw HttpError(503, "server_busy", "the server is parsing as many large request bodies as its memory allows; retry shortly");
	}
	return share;
}


json::Value Exchange::bodyObject(bool optional)
{
	if (!_parseShare)
		if (auto share = parseShare()) _parseShare.emplace(std::move(*share));
	const std::string text = body();
	if (optional && text.find_first_not_of(" \t\r\n") == std::string::npos) return json::Value::object();
	json::ParseLimits limits;
	limits.maxDepth = MAX_BODY_DEPTH;
	limits.maxValues = MAX_BODY_VALUES;
	// Text with a NUL cannot be stored (PostgreSQL refuses it in text and jsonb) and would be cut in C strings.
	limits.allowNul = false;
	// {"role": "viewer", "role": "admin"}: this parser would keep the first, a proxy or jsonb the last.
	limits.allowDuplicateNames = false;
	try
	{
		json::Value value = json::Value::parse(text, limits);
		if (!value.isObject()) throw HttpError::badRequest("the request body must be a JSON object");
		return value;
	}
	catch (const json::TooLarge&)
	{
		throw HttpError(413, "payload_too_large", "the request body holds more than " + std::to_string(MAX_BODY_VALUES) + " JSON values");
	}
	catch (const json::ParseError& e)
	{
		throw HttpError::badRequest(std::string("the request body is not valid JSON: ") + e.what());
	}
}


std::string Exchange::query(const std::string& name) const
{
	for (const auto& [key, value]: Poco::URI(_request.getURI()).getQueryParameters())
		if (key == name)
		{
			if (!json::isValidUtf8(value) || value.find('\0') != std::string::npos)
				throw HttpError::badRequest("the query parameter " + name + " is not UTF-8 text (after percent-decoding)");
			return value;
		}
	return "";
}


std::string Exchange::absoluteUrl(const std::string& path) const
{
	return _publicUrl + path;
}


void Exchange::sendJson(int status, const std::string& json)
{
	_response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
	_response.setContentType("application/json; charset=utf-8");
	// The charset is a promise: text from elsewhere (a connector's message) that is not UTF-8 is repaired.
	if (json::isValidUtf8(json))
	{
		if (_recordSent) _sent = Sent{status, _response.getContentType(), json};
		_response.sendBuffer(json.data(), json.size());
		return;
	}
	const std::string repaired = json::repairedUtf8(json);
	if (_recordSent) _sent = Sent{status, _response.getContentType(), repaired};
	_response.sendBuffer(repaired.data(), repaired.size());
}


void Exchange::sendData(int status, Poco::JSON::Object::Ptr data)
{
	if (data && data->has("id")) _sentId = data->optValue<std::string>("id", "");
	Poco::JSON::Object envelope;
	envelope.set("data", data);
	std::ostringstream out;
	envelope.stringify(out);
	sendJson(status, out.str());
}


void Exchange::sendData(const json::Value& data)
{
	if (data.isObject() && data.has("id") && data["id"].isString()) _sentId = data.getString("id");
	json::Value envelope = json::Value::object();
	envelope.set("data", data);
	sendJson(200, envelope.dump());
}


void Exchange::sendPage(const json::Value& data, const std::string& nextPageToken)
{
	json::Value envelope = json::Value::object();
	envelope.set("data", data);
	json::Value pagination = json::Value::object();
	pagination.set("next_page_token", nextPageToken.empty() ? json::Value() : json::Value(nextPageToken));
	envelope.set("pagination", pagination);
	sendJson(200, envelope.dump());
}


std::size_t Exchange::limit(std::size_t defaultLimit, std::size_t maximum) const
{
	const std::string text = query("limit");
	if (text.empty()) return defaultLimit;
	std::size_t value = 0;
	for (char c: text)
	{
		if (c < '0' || c > '9' || value > maximum) throw HttpError(400, "bad_request", "limit must be a number from 1 to " + std::to_string(maximum));
		value = value * 10 + static_cast<std::size_t>(c - '0');
	}
	if (value < 1 || value > maximum) throw HttpError(400, "bad_request", "limit must be a number from 1 to " + std::to_string(maximum));
	return value;
}


void Exchange::sendNoContent()
{
	_response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
	_response.setContentLength(0);
	if (_recordSent) _sent = Sent{204, "", ""};
	_response.send();
}


void Exchange::sendText(int status, const std::string& text)
{
	_response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
	_response.setContentType("text/plain; charset=utf-8");
	if (_recordSent) _sent = Sent{status, _response.getContentType(), text};
	_response.sendBuffer(text.data(), text.size());
}


void Exchange::redirect(int status, const std::string& location)
{
	_response.set("Location", location);
	_response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status),
		status == 308 ? "Permanent Redirect" : Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status)));
	_response.setContentLength(0);
	_response.send();
}


} } // namespace polytomic::http
