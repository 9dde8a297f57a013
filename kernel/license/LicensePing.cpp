//
// LicensePing.cpp
//


#include "license/LicensePing.h"
#include "telemetry/ErrorText.h"
#include "telemetry/UrlRedaction.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/DateTimeParser.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Logger.h"
#include "Poco/Net/Context.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/StreamCopier.h"
#include "Poco/URI.h"
#include <memory>
#include <sstream>


namespace polytomic {
namespace license {


namespace
{
	std::unique_ptr<Poco::Net::HTTPClientSession> sessionFor(const Poco::URI& uri)
	{
		if (uri.getScheme() == "https")
		{
			static std::once_flag initialized;
			std::call_once(initialized, [] { Poco::Net::initializeSSL(); });
			Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
				Poco::Net::Context::VERIFY_RELAXED, 9, true);
			return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
		}
		return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
	}


	std::string pathOf(const Poco::URI& uri)
	{
		const std::string path = uri.getPathAndQuery();
		return path.empty() ? "/" : path;
	}
}


LicensePing::LicensePing(LicenseGate& gate, UsageSource usage, Params params):
	_gate(gate),
	_usage(std::move(usage)),
	_params(std::move(params))
{
}


LicensePing::~LicensePing()
{
	stop();
}


void LicensePing::start()
{
	_thread = std::thread([this] { loop(); });
}


void LicensePing::stop()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopping = true;
	}
	_wake.notify_all();
	if (_thread.joinable()) _thread.join();
}


int LicensePing::failures() const
{
	return _failures.load();
}


std::chrono::milliseconds LicensePing::retryDelay(int failures, const Params& params)
{
	std::chrono::milliseconds delay = params.firstRetry;
	for (int i = 1; i < failures && delay < params.interval; ++i) delay *= 2;
	return std::min(delay, params.interval);
}


std::string LicensePing::payload(const LicenseGate& gate, const store::DeploymentUsage& usage, const std::string& version)
{
	Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
	body.set("deployment", gate.license() ? gate.license()->deploymentId : std::string());
	body.set("license_id", gate.license() ? gate.license()->id : std::string());
	body.set("version", version);
	body.set("sent_at", Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT));
	Poco::JSON::Object::Ptr counts = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	counts->set("syncs", usage.syncs);
	counts->set("active_syncs", usage.activeSyncs);
	counts->set("bulk_syncs", usage.bulkSyncs);
	counts->set("active_bulk_syncs", usage.activeBulkSyncs);
	counts->set("executions", usage.executions);
	counts->set("records_synced", usage.recordsSynced);
	Poco::JSON::Array::Ptr connectors = new Poco::JSON::Array;
	for (const auto& id: usage.connectors) connectors->add(id);
	counts->set("connectors", connectors);
	body.set("usage", counts);
	std::ostringstream out;
	body.stringify(out);
	return out.str();
}


bool LicensePing::pingOnce()
{
	Poco::Logger& logger = Poco::Logger::get("polytomic.license");
	try
	{
		const std::string body = payload(_gate, _usage(), _params.version);
		const Poco::URI uri(_params.url);
		auto session = sessionFor(uri);
		session->setTimeout(Poco::Timespan(static_cast<long>(_params.timeout.count() / 1000), static_cast<long>(_params.timeout.count() % 1000) * 1000));
		Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, pathOf(uri), Poco::Net::HTTPMessage::HTTP_1_1);
		request.setContentType("application/json");
		request.setContentLength(static_cast<std::streamsize>(body.size()));
		request.set("User-Agent", "polytomic/" + _params.version);
		session->sendRequest(request) << body;
		Poco::Net::HTTPResponse response;
		std::istream& in = session->receiveResponse(response);
		std::string answer;
		Poco::StreamCopier::copyToString(in, answer);
		if (response.getStatus() < 200 || response.getStatus() > 299)
			throw std::runtime_error("the licence service answered " + std::to_string(response.getStatus()));
		handleAnswer(answer);
		_failures = 0;
		return true;
	}
	catch (const std::exception& e)
	{
		const int failures = ++_failures;
		logger.warning("licence ping to " + telemetry::UrlRedaction::redact(_params.url) + " failed (" + telemetry::errorText(e) + "); trying again in " +
			std::to_string(retryDelay(failures, _params).count() / 1000.0).substr(0, 6) + " s; nothing changes meanwhile");
		return false;
	}
}


void LicensePing::handleAnswer(const std::string& body)
{
	Poco::JSON::Parser parser;
	Poco::JSON::Object::Ptr answer = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
	const std::string status = answer->optValue<std::string>("status", "");
	if (status == "valid") return;
	if (status != "revoked") throw std::runtime_error("the licence service answered an unknown status \"" + status + "\"");
	Poco::Timestamp at;
	const std::string revokedAt = answer->optValue<std::string>("revoked_at", "");
	int zone = 0;
	Poco::DateTime parsed;
	if (!revokedAt.empty() && Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, revokedAt, parsed, zone))
		at = parsed.timestamp() - Poco::Timespan(zone, 0);
	_gate.revoke(at);
	if (_params.onRevoked) _params.onRevoked(*_gate.revokedAt());
}


void LicensePing::noteStatus()
{
	if (_gate.evaluation()) return;
	const LicenseStatus status = _gate.status();
	const std::string now = std::to_string(static_cast<int>(status.state())) + (_gate.revokedAt() ? "r" : "");
	if (!_lastStatus.empty() && now != _lastStatus) Poco::Logger::get("polytomic.license").warning("licence: " + _gate.logMessage());
	_lastStatus = now;
}


void LicensePing::loop()
{
	std::unique_lock<std::mutex> lock(_mutex);
	noteStatus();
	while (!_stopping)
	{
		lock.unlock();
		const bool ok = pingOnce();
		noteStatus();
		lock.lock();
		const auto wait = ok ? _params.interval : retryDelay(_failures.load(), _params);
		_wake.wait_for(lock, wait, [this] { return _stopping; });
	}
}


} } // namespace polytomic::license
