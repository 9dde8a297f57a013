//
// Browser.h
//
// Definition of the Browser class.
//


#ifndef Polytomic_Test_Browser_INCLUDED
#define Polytomic_Test_Browser_INCLUDED


#include "support/HttpProbe.h"
#include <map>
#include <string>
#include <vector>


namespace polytomic {
namespace test {


class Browser
	/// Plays a browser for sign-in tests: keeps the cookies servers set (per
	/// host and port, as a browser would) and sends them back; redirects are
	/// followed only when the test asks, so that each hop can be checked.
{
public:
	HttpReply get(const std::string& url, const std::map<std::string, std::string>& headers = {});
	HttpReply post(const std::string& url, const std::string& body, const std::map<std::string, std::string>& headers = {});

	HttpReply follow(const HttpReply& redirect);
		/// GET the Location of a redirect.

	std::string cookie(const std::string& origin, const std::string& name) const;
		/// The value of a cookie the browser keeps for origin ("127.0.0.1:5100"), or "".

	void setCookie(const std::string& origin, const std::string& name, const std::string& value);

	const std::vector<std::string>& lastSetCookies() const;
		/// The Set-Cookie headers of the last answer, as sent.

private:
	HttpReply send(const std::string& method, const std::string& url, const std::string& body,
		const std::map<std::string, std::string>& headers);

	std::map<std::string, std::map<std::string, std::string>> _jar;
	std::vector<std::string> _lastSetCookies;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_Browser_INCLUDED
