//
// QueryHandlers.h
//
// Definition of the QueryHandlers class.
//


#ifndef Polytomic_Http_QueryHandlers_INCLUDED
#define Polytomic_Http_QueryHandlers_INCLUDED


#include "engine/QueryRunner.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class QueryHandlers
	/// The SDK's query runner: POST /api/connections/{id}/query starts a
	/// read-only query (202 with its id), GET /api/queries/{id} answers its
	/// status and, once done, its fields and rows (V4RunQueryResult).
{
public:
	explicit QueryHandlers(engine::QueryRunner& runner);

	void registerRoutes(Router& router, const ApiAccess& access);

	static json::Value toJson(const store::QueryResultRecord& query);
		/// V4RunQueryResult {id, status, and once done fields, results, count, expires; error when failed}.

	static std::string callerOf(const auth::Principal& caller);
		/// Who started a query: the user, else the kind of key.

private:
	static std::string queryOf(Exchange& exchange);
		/// The query of a run: ?query= (as the SDK sends it), else the body's "query".

	engine::QueryRunner& _runner;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_QueryHandlers_INCLUDED
