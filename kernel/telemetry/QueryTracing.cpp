//
// QueryTracing.cpp
//


#include "telemetry/QueryTracing.h"
#include "telemetry/Tracer.h"


namespace polytomic {
namespace telemetry {


namespace
{
	// The agent keeps resources up to 5000 characters.
	const std::size_t MAX_QUERY_TEXT = 5000;


	class QuerySpan: public store::QueryObserver::Scope
	{
	public:
		explicit QuerySpan(const std::string& sql):
			_span("postgres.query", sql.substr(0, MAX_QUERY_TEXT), "sql", Span::When::IN_TRACE)
		{
			_span.setTag("db.system", "postgresql");
		}

		void failed(const std::string& sqlState) override
		{
			_span.setTag("db.sqlstate", sqlState);
			_span.setError("SQLSTATE " + sqlState);
		}

	private:
		Span _span;
	};
}


std::unique_ptr<store::QueryObserver::Scope> QueryTracing::started(const std::string& sql)
{
	if (!Tracer::active() || !Span::inTrace()) return nullptr;
	return std::make_unique<QuerySpan>(sql);
}


} } // namespace polytomic::telemetry
