//
// GzipBody.h
//
// Definition of the GzipBody class.
//


#ifndef Webhook_GzipBody_INCLUDED
#define Webhook_GzipBody_INCLUDED


#include <string>


namespace webhook {


class GzipBody
	/// A request body compressed as gzip (RFC 1952), for Content-Encoding: gzip.
{
public:
	static std::string compress(const std::string& body);
};


} // namespace webhook


#endif // Webhook_GzipBody_INCLUDED
