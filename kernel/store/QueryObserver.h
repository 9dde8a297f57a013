//
// QueryObserver.h
//
// Definition of the QueryObserver class.
//


#ifndef Polytomic_Store_QueryObserver_INCLUDED
#define Polytomic_Store_QueryObserver_INCLUDED


#include <memory>
#include <string>


namespace polytomic {
namespace store {


class QueryObserver
	/// Told about every statement run through execute() (PgResult.h): its text,
	/// never its parameters. The tracer (telemetry, above this module) installs
	/// one to make a span of each query.
{
public:
	class Scope
		/// The observation of one statement; ends when destroyed.
	{
	public:
		virtual ~Scope() = default;
		virtual void failed(const std::string& sqlState) = 0;
	};

	virtual ~QueryObserver() = default;

	virtual std::unique_ptr<Scope> started(const std::string& sql) = 0;
		/// May return nullptr (nothing to record).

	static void install(QueryObserver* observer);
		/// nullptr removes it. Install before queries run on other threads.

	static QueryObserver* installed();
};


} } // namespace polytomic::store


#endif // Polytomic_Store_QueryObserver_INCLUDED
