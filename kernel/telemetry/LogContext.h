//
// LogContext.h
//
// Definition of the LogContext class.
//


#ifndef Polytomic_Telemetry_LogContext_INCLUDED
#define Polytomic_Telemetry_LogContext_INCLUDED


#include <string>


namespace polytomic {
namespace telemetry {


class LogContext
	/// The request id and the execution id of the work the current thread
	/// does; every log line written meanwhile carries them.
{
public:
	class Scope
		/// Sets the request id for the lifetime of the scope, then restores the previous one.
	{
	public:
		explicit Scope(const std::string& requestId);
		~Scope();
		Scope(const Scope&) = delete;
		Scope& operator=(const Scope&) = delete;

	private:
		std::string _previous;
	};

	class ExecutionScope
		/// Sets the execution id for the lifetime of the scope, then restores the previous one.
	{
	public:
		explicit ExecutionScope(const std::string& executionId);
		~ExecutionScope();
		ExecutionScope(const ExecutionScope&) = delete;
		ExecutionScope& operator=(const ExecutionScope&) = delete;

	private:
		std::string _previous;
	};

	static const std::string& requestId();
		/// Empty outside a request.

	static const std::string& executionId();
		/// Empty outside an execution.

private:
	static thread_local std::string _requestId;
	static thread_local std::string _executionId;
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_LogContext_INCLUDED
