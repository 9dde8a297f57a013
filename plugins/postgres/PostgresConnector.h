//
// PostgresConnector.h
//
// Definition of the PostgresConnector class.
//


#ifndef Polytomic_Postgres_PostgresConnector_INCLUDED
#define Polytomic_Postgres_PostgresConnector_INCLUDED


#include "polytomic/connector.hpp"


namespace polytomic {
namespace postgres {


class PostgresConnector: public sdk::Connector
	/// The PostgreSQL connector ("postgresql"): a source of tables, views and
	/// queries (incremental on a tracking field) and a destination under every
	/// write mode. Each operation opens its own connection.
{
public:
	explicit PostgresConnector(const sdk::Host& host);

	json::Value spec() override;
	void check(const json::Value& config) override;
	json::Value discover(const json::Value& config) override;
	void read(const sdk::ReadRequest& request, sdk::ReadContext& context) override;
	std::unique_ptr<sdk::Writer> openWriter(const sdk::WriteRequest& request) override;

	static const char* VERSION;
};


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_PostgresConnector_INCLUDED
