//
// PostgresConnector.cpp
//


#include "PostgresConnector.h"
#include "PostgresCatalog.h"
#include "PostgresConfig.h"
#include "PostgresConnection.h"
#include "PostgresReader.h"
#include "PostgresWriter.h"


namespace polytomic {
namespace postgres {


const char* PostgresConnector::VERSION = "1.0.0";


PostgresConnector::PostgresConnector(const sdk::Host& host):
	sdk::Connector(host)
{
}


json::Value PostgresConnector::spec()
{
	return PostgresConfig::spec();
}


void PostgresConnector::check(const json::Value& config)
{
	PostgresConnection connection{PostgresConfig(config)};
	try
	{
		connection.query("SELECT 1");
	}
	catch (const PostgresError& e)
	{
		throw sdk::Error("connected to " + connection.config().describe() + ", but SELECT 1 failed: " + e.what());
	}
}


json::Value PostgresConnector::discover(const json::Value& config)
{
	PostgresConnection connection{PostgresConfig(config)};
	return PostgresCatalog(connection).discover();
}


void PostgresConnector::read(const sdk::ReadRequest& request, sdk::ReadContext& context)
{
	PostgresConnection connection{PostgresConfig(request.config)};
	PostgresReader(connection, request, host()).read(context);
}


std::unique_ptr<sdk::Writer> PostgresConnector::openWriter(const sdk::WriteRequest& request)
{
	return std::make_unique<PostgresWriter>(PostgresConfig(request.config), request);
}


} } // namespace polytomic::postgres


POLYTOMIC_CONNECTOR(polytomic::postgres::PostgresConnector, "postgresql", "PostgreSQL", "1.0.0",
	POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION | POLYTOMIC_CAP_QUERY,
	POLYTOMIC_MODE_APPEND | POLYTOMIC_MODE_CREATE | POLYTOMIC_MODE_UPDATE | POLYTOMIC_MODE_UPDATE_OR_CREATE | POLYTOMIC_MODE_REPLACE |
		POLYTOMIC_MODE_REMOVE | POLYTOMIC_MODE_SNAPSHOT)
