//
// HttpError.h
//
// Definition of the HttpError exception.
//


#ifndef Polytomic_Http_HttpError_INCLUDED
#define Polytomic_Http_HttpError_INCLUDED


#include "Poco/JSON/Object.h"
#include <stdexcept>
#include <string>


namespace polytomic {
namespace http {


class HttpError: public std::runtime_error
	/// An error for the API caller, rendered as
	/// {"status": 404, "key": "not_found", "message": "...", "metadata": {...}}.
	/// The message is for the person who must act; it never holds a secret.
{
public:
	HttpError(int status, std::string key, const std::string& message, Poco::JSON::Object::Ptr metadata = nullptr);

	int status() const;
	const std::string& key() const;
	Poco::JSON::Object::Ptr metadata() const;

	std::string toJson() const;

	std::string closingResponse(const std::string& requestId) const;
		/// A whole HTTP/1.1 response (status line, headers with Connection: close,
		/// the JSON body): the answer written straight to a connection that is
		/// then closed, where no POCO response exists (a request head that never
		/// completed, a request POCO cannot parse).

	static HttpError notFound(const std::string& message);
	static HttpError badRequest(const std::string& message);

private:
	int _status;
	std::string _key;
	Poco::JSON::Object::Ptr _metadata;
};


//
// inlines
//
inline int HttpError::status() const { return _status; }
inline const std::string& HttpError::key() const { return _key; }
inline Poco::JSON::Object::Ptr HttpError::metadata() const { return _metadata; }


} } // namespace polytomic::http


#endif // Polytomic_Http_HttpError_INCLUDED
