//
// LogContext.cpp
//


#include "telemetry/LogContext.h"


namespace polytomic {
namespace telemetry {


thread_local std::string LogContext::_requestId;
thread_local std::string LogContext::_executionId;


LogContext::Scope::Scope(const std::string& requestId):
	_previous(_requestId)
{
	_requestId = requestId;
}


LogContext::Scope::~Scope()
{
	_requestId = _previous;
}


LogContext::ExecutionScope::ExecutionScope(const std::string& executionId):
	_previous(_executionId)
{
	_executionId = executionId;
}


LogContext::ExecutionScope::~ExecutionScope()
{
	_executionId = _previous;
}


const std::string& LogContext::executionId()
{
	return _executionId;
}


const std::string& LogContext::requestId()
{
	return _requestId;
}


} } // namespace polytomic::telemetry
