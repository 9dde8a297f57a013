//
// Exchange.h
//
// Definition of the Exchange class.
//


#ifndef Polytomic_Http_Exchange_INCLUDED
#define Polytomic_Http_Exchange_INCLUDED


#include "http/ParseBudget.h"
#include "polytomic/json.hpp"
#include "Poco/JSON/Object.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include <chrono>
#include <map>
#include <optional>
#include <string>


namespace polytomic {
namespace http {


class Exchange
	/// One request and its response, as a handler sees them: path parameters,
	/// the body (size-limited), and helpers that answer in the API's envelopes.
{
public:
	Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
		const std::string& publicUrl, std::size_t maxBodyBytes);

	Poco::Net::HTTPServerRequest& request();
	Poco::Net::HTTPServerResponse& response();

	const std::string& path() const;
		/// Percent-decoded path, without the query.

	std::string parameter(const std::string& name) const;
		/// A {name} segment of the route; throws std::out_of_range when absent.

	void setParameters(std::map<std::string, std::string> parameters);

	const std::string& route() const;
		/// The template of the route that serves the request ("/api/connections/{id}"), "" before routing.

	void setRoute(const std::string& route);

	const std::string& sentId() const;
		/// The "id" of the object the response carried in {"data": {...}}, or "":
		/// what the audit log names as the resource a POST created.

	std::string clientAddress() const;
		/// The address of the peer (the socket's, not a forwarded header).

	std::string body();
		/// The request body; throws HttpError 413 when it exceeds MAX_REQUEST_BODY, 408 when
		/// it does not arrive in time (HTTP_BODY_TIMEOUT). Answers a client's Expect: 100-continue
		/// (so that is answered only for a request whose handler reads its body: after its caller
		/// was authenticated and its declared length accepted).

	const std::string& retainBody();
		/// Reads the body now and keeps it: body(), jsonBody() and bodyObject() then
		/// answer the same text (Idempotency compares it before the handler reads it).

	Poco::JSON::Object::Ptr jsonBody();
		/// The body parsed as a JSON object; throws HttpError 400 when it is not one.

	json::Value bodyObject(bool optional = false);
		/// The same, as the SDK's JSON value; optional: an empty body is an empty object.
		/// Refused with 400: text that is not JSON or not UTF-8, lone surrogates, "\u0000"
		/// in a string, nesting deeper than MAX_BODY_DEPTH; with 413: more than
		/// MAX_BODY_VALUES values. Reading and parsing hold a share of the process's
		/// ParseBudget; when none frees up within PARSE_WAIT, 503 with Retry-After.

	std::string query(const std::string& name) const;
		/// A query parameter ("" when absent); 400 when it is not UTF-8 text or holds a NUL.

	std::string absoluteUrl(const std::string& path) const;
		/// POLYTOMIC_URL + path: behind a TLS-terminating proxy the Host header
		/// names the proxy's upstream, never what the user typed.

	void sendJson(int status, const std::string& json);
	void sendData(int status, Poco::JSON::Object::Ptr data);
		/// {"data": data}
	void sendData(const json::Value& data);
		/// 200 {"data": data}
	void sendPage(const json::Value& data, const std::string& nextPageToken);
		/// {"data": [...], "pagination": {"next_page_token": ... or null}}.

	std::size_t limit(std::size_t defaultLimit, std::size_t maximum) const;
		/// ?limit=, checked (400 when out of range).

	void sendNoContent();
		/// 204

	struct Sent
		/// An answer as sent (kept when recordSent() asked for it), to be replayed.
	{
		int status = 0;
		std::string contentType;
		std::string body;
	};

	void recordSent();
		/// From now on, keeps what sendJson, sendText and sendNoContent send.

	const std::optional<Sent>& sent() const;
		/// What was sent since recordSent(), if it went through those.

	void answerHoldsSecret();
		/// The answer carries a secret shown once (a new API key): it must not be
		/// kept anywhere, so an Idempotency-Key repeat runs the request again.

	bool holdsSecret() const;
	void sendText(int status, const std::string& text);
	void redirect(int status, const std::string& location);

	bool responded() const;

	static constexpr std::size_t DRAIN_LIMIT = 16 << 20;
		/// How much of a refused body is read and dropped before the 413.

	static constexpr std::size_t MAX_BODY_VALUES = 100000;
		/// JSON values one request body may hold (each costs about a hundred bytes of memory).
	static constexpr std::size_t MAX_BODY_DEPTH = 64;
		/// Nesting of arrays and objects in a request body.
	static constexpr std::chrono::milliseconds PARSE_WAIT{5000};
		/// How long a request waits for its share of the ParseBudget before the 503.

private:
	std::optional<ParseBudget::Share> parseShare();
	void continueIfExpected();
	void discardBody(std::istream& in);
		/// Reads and drops up to DRAIN_LIMIT bytes of the body (none when a 100 Continue was
		/// expected and not sent: the connection is closed instead).

	Poco::Net::HTTPServerRequest& _request;
	Poco::Net::HTTPServerResponse& _response;
	std::string _publicUrl;
	std::size_t _maxBodyBytes;
	std::string _path;
	std::map<std::string, std::string> _parameters;
	std::string _route;
	std::string _sentId;
	bool _continued = false;
	std::optional<std::string> _retainedBody;
	bool _recordSent = false;
	bool _holdsSecret = false;
	std::optional<Sent> _sent;
	std::optional<ParseBudget::Share> _parseShare;
		/// Held until the request ends: a handler keeps the parsed body while it works (a model's preview).
};


//
// inlines
//
inline Poco::Net::HTTPServerRequest& Exchange::request() { return _request; }
inline Poco::Net::HTTPServerResponse& Exchange::response() { return _response; }
inline const std::string& Exchange::path() const { return _path; }
inline bool Exchange::responded() const { return _response.sent(); }
inline const std::string& Exchange::route() const { return _route; }
inline const std::string& Exchange::sentId() const { return _sentId; }
inline const std::optional<Exchange::Sent>& Exchange::sent() const { return _sent; }
inline void Exchange::answerHoldsSecret() { _holdsSecret = true; }
inline bool Exchange::holdsSecret() const { return _holdsSecret; }


} } // namespace polytomic::http


#endif // Polytomic_Http_Exchange_INCLUDED
