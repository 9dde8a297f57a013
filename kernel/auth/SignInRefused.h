//
// SignInRefused.h
//
// Definition of the SignInRefused exception.
//


#ifndef Polytomic_Auth_SignInRefused_INCLUDED
#define Polytomic_Auth_SignInRefused_INCLUDED


#include <stdexcept>
#include <string>


namespace polytomic {
namespace auth {


class SignInRefused: public std::runtime_error
	/// A sign-in that must not succeed. what() is the sentence the person signing
	/// in reads (it never holds a token or a secret); reason() is a short code for
	/// the audit log and the tests ("wrong_audience", "unknown_user", ...).
{
public:
	SignInRefused(std::string reason, const std::string& message, std::string email = ""):
		std::runtime_error(message),
		_reason(std::move(reason)),
		_email(std::move(email))
	{
	}

	const std::string& reason() const { return _reason; }

	const std::string& email() const { return _email; }
		/// The email the provider vouched for, when it got that far.

private:
	std::string _reason;
	std::string _email;
};


class ProviderUnavailable: public std::runtime_error
	/// The identity provider could not be reached or answered nonsense.
{
public:
	using std::runtime_error::runtime_error;
};


} } // namespace polytomic::auth


#endif // Polytomic_Auth_SignInRefused_INCLUDED
