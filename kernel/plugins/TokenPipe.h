//
// TokenPipe.h
//
// Definition of the TokenPipe class.
//


#ifndef Polytomic_Plugins_TokenPipe_INCLUDED
#define Polytomic_Plugins_TokenPipe_INCLUDED


#include <chrono>
#include <iosfwd>
#include <mutex>
#include <stdexcept>
#include <string>


namespace polytomic {
namespace plugins {


class TokenRefused: public std::runtime_error
	/// The worker has no access token to give: the message says what the user must do.
{
public:
	using std::runtime_error::runtime_error;
};


class TokenPipe
	/// The executor's end of a connection's OAuth access token (AccessTokens is the
	/// worker's). One message and one answer at a time over the executor's standard
	/// output and input, shared with the change ledger (LedgerPipe::conversation()):
	///   "#token <role>\t<rejected token or nothing>" -> "token <valid seconds> <access token>"
	///                                                 | "error <what the user must do>"
	/// An answer is kept for its valid seconds, so most requests ask nothing.
{
public:
	TokenPipe(std::istream& answers, std::ostream& messages, std::string role);

	std::string current();
		/// The access token to send; asks the worker when the one held ran out.
		/// Throws TokenRefused.

	std::string refreshed(const std::string& rejected);
		/// A token other than rejected, which an API refused with 401. Throws TokenRefused.

	static const std::string MARK;

private:
	std::string ask(const std::string& rejected);

	std::istream& _answers;
	std::ostream& _messages;
	std::string _role;
	std::mutex _mutex;
	std::string _token;
	std::chrono::steady_clock::time_point _validUntil;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_TokenPipe_INCLUDED
