//
// AccessTokens.h
//
// Definition of the AccessTokens class.
//


#ifndef Polytomic_Plugins_AccessTokens_INCLUDED
#define Polytomic_Plugins_AccessTokens_INCLUDED


#include <stdexcept>
#include <string>


namespace polytomic {
namespace plugins {


class AccessTokens
	/// The worker's end of the OAuth access tokens of one unit of work (TokenPipe
	/// is the executor's end, and describes the messages). The executor runs plugin
	/// code, so it never holds a refresh token or the OAuth app's credentials: it
	/// asks the worker for an access token, and for a new one after a 401.
{
public:
	struct Grant
	{
		std::string accessToken;
		long long validSeconds = 0; /// how long the executor may use it before asking again
	};

	virtual ~AccessTokens() = default;

	virtual Grant grant(const std::string& role, const std::string& rejected) = 0;
		/// The access token of the connection in that role ("source", "destination",
		/// or "" when the work has one connector). rejected: the token an API just
		/// refused (a 401), or empty. Throws std::runtime_error with what the user
		/// must do when there is none to give (the connection must be signed in again).

	bool handle(const std::string& line, std::string& reply);
		/// A line of the executor's standard output: true when it is a token
		/// message; reply: the answer to send back.

	const std::string& refusal() const;
		/// Why the last token asked for was not given (empty when every one was): a run
		/// that fails after it fails for this reason, not for the API's 401 that followed.

private:
	std::string _refusal;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_AccessTokens_INCLUDED
