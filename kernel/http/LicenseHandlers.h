//
// LicenseHandlers.h
//
// Definition of the LicenseHandlers class.
//


#ifndef Polytomic_Http_LicenseHandlers_INCLUDED
#define Polytomic_Http_LicenseHandlers_INCLUDED


#include "http/ApiAccess.h"
#include "http/Router.h"
#include "license/LicenseGate.h"
#include "store/UsageRepository.h"


namespace polytomic {
namespace http {


class LicenseHandlers
	/// GET /api/license: the licence status the UI shows in its banner (mode,
	/// status, dates, entitlements, whether executions may start) and the
	/// active syncs counted against it.
{
public:
	LicenseHandlers(const license::LicenseGate& gate, store::UsageRepository& usage);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	const license::LicenseGate& _gate;
	store::UsageRepository& _usage;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_LicenseHandlers_INCLUDED
