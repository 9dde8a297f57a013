//
// HttpProbe.h
//
// Definition of the HttpProbe class.
//


#ifndef Polytomic_Test_HttpProbe_INCLUDED
#define Polytomic_Test_HttpProbe_INCLUDED


#include <chrono>
#include <map>
#include <string>


namespace polytomic {
namespace test {


struct HttpReply
{
	int status = 0;             /// 0 when no answer came (refused, reset, timeout)
	std::string body;
	std::map<std::string, std::string> headers;
	std::string error;          /// why there was no answer
};


class HttpProbe
	/// A plain HTTP client for talking to a server under test over real sockets.
{
public:
	static HttpReply request(unsigned port, const std::string& method, const std::string& path,
		const std::string& body = "", const std::map<std::string, std::string>& headers = {},
		std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

	static HttpReply get(unsigned port, const std::string& path);

	static bool waitUntilServing(unsigned port, std::chrono::milliseconds timeout);
		/// Polls GET /status.txt until it answers 200.

	static std::string basicAuthorization(const std::string& user, const std::string& password);
		/// The Authorization header's value for HTTP Basic credentials.
};


} } // namespace polytomic::test


#endif // Polytomic_Test_HttpProbe_INCLUDED
