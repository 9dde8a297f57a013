//
// EngineError.h
//
// Definition of the engine's exceptions.
//


#ifndef Polytomic_Engine_EngineError_INCLUDED
#define Polytomic_Engine_EngineError_INCLUDED


#include <map>
#include <stdexcept>
#include <string>


namespace polytomic {
namespace engine {


class ValidationError: public std::runtime_error
	/// A request the pipeline builder must correct; fields maps a field path
	/// ("configuration.port") to what is wrong with it.
{
public:
	ValidationError(const std::string& message, std::map<std::string, std::string> fields = {}):
		std::runtime_error(message),
		_fields(std::move(fields))
	{
	}

	const std::map<std::string, std::string>& fields() const { return _fields; }

private:
	std::map<std::string, std::string> _fields;
};


class NotFound: public std::runtime_error
{
public:
	using std::runtime_error::runtime_error;
};


class Conflict: public std::runtime_error
	/// The request clashes with the current state (e.g. an execution already running).
{
public:
	using std::runtime_error::runtime_error;
};


class InUse: public std::runtime_error
	/// The object is used by others and cannot go without force.
{
public:
	using std::runtime_error::runtime_error;
};


class CheckFailed: public std::runtime_error
	/// The connector could not use the configuration (its check failed).
{
public:
	using std::runtime_error::runtime_error;
};


class ReconnectRequired: public CheckFailed
	/// An OAuth connection whose sign-in no longer works (its refresh token was
	/// refused, or it was never signed in): the message says to sign in again.
{
public:
	using CheckFailed::CheckFailed;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_EngineError_INCLUDED
