//
// LogContext.cpp
//


#include "telemetry/LogContext.h"


namespace polytomic {
namespace telemetry {


thread_local std::string LogContext::_requestId;


LogContext::Scope::Scope(const std::string& requestId):
	_previous(_requestId)
{
	_requestId = requestId;
}


LogContext::Scope::~Scope()
{
	_requestId = _previous;
}


const std::string& LogContext::requestId()
{
	return _requestId;
}


} } // namespace polytomic::telemetry
