//
// ServerMetrics.h
//
// Declaration of the addServerMetrics function.
//


#ifndef Polytomic_App_ServerMetrics_INCLUDED
#define Polytomic_App_ServerMetrics_INCLUDED


#include "license/LicenseGate.h"
#include "store/Database.h"
#include "store/UsageRepository.h"
#include "telemetry/Metrics.h"


namespace polytomic {
namespace app {


void addServerMetrics(telemetry::Metrics& metrics, store::Database& database, store::UsageRepository& usage,
	const license::LicenseGate& gate);
	/// The gauges of GET /metrics computed when scraped: executions by kind and
	/// status, the queue depth, records by kind, direction and result (these
	/// from PostgreSQL: the same for the whole deployment on every process),
	/// this process's connection pool, and the licence.


} } // namespace polytomic::app


#endif // Polytomic_App_ServerMetrics_INCLUDED
