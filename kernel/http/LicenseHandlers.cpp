//
// LicenseHandlers.cpp
//


#include "http/LicenseHandlers.h"


namespace polytomic {
namespace http {


LicenseHandlers::LicenseHandlers(const license::LicenseGate& gate, store::UsageRepository& usage):
	_gate(gate),
	_usage(usage)
{
}


void LicenseHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	router.add("GET", "/api/license", access.guard([this](Exchange& e, const auth::Principal&) {
		Poco::JSON::Object::Ptr data = _gate.describe();
		Poco::JSON::Object::Ptr usage = new Poco::JSON::Object;
		usage->set("active_syncs", _usage.activeSyncs());
		data->set("usage", usage);
		e.response().set("Cache-Control", "no-store");
		e.sendData(200, data);
	}));
}


} } // namespace polytomic::http
