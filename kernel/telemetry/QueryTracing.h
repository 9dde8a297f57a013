//
// QueryTracing.h
//
// Definition of the QueryTracing class.
//


#ifndef Polytomic_Telemetry_QueryTracing_INCLUDED
#define Polytomic_Telemetry_QueryTracing_INCLUDED


#include "store/QueryObserver.h"


namespace polytomic {
namespace telemetry {


class QueryTracing: public store::QueryObserver
	/// Makes a span (postgres.query) of every statement run inside a traced
	/// request or execution: its resource is the query text with its $1..$n
	/// placeholders; bound values are never recorded, nor the database's error
	/// message (which may quote them), only its SQLSTATE.
{
public:
	std::unique_ptr<Scope> started(const std::string& sql) override;
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_QueryTracing_INCLUDED
