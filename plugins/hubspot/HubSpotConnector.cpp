//
// HubSpotConnector.cpp
//


#include "HubSpotConnector.h"
#include "HubSpotApi.h"
#include "HubSpotCatalog.h"
#include "HubSpotReader.h"
#include "HubSpotWriter.h"


namespace hubspot {


using namespace polytomic;


namespace
{
	json::Value property(const std::string& type, const std::string& title, const std::string& description, json::Value fallback)
	{
		json::Value p = json::Value::object();
		p.set("type", type);
		p.set("title", title);
		p.set("description", description);
		p.set("default", std::move(fallback));
		return p;
	}


	json::Value list(std::initializer_list<const char*> items)
	{
		json::Value out = json::Value::array();
		for (const char* item: items) out.push(item);
		return out;
	}


	class ApiWriter: public sdk::Writer
		/// The writer together with the API client it uses.
	{
	public:
		ApiWriter(const sdk::Host& host, const sdk::WriteRequest& request):
			_api(host, request.config),
			_writer(_api, HubSpotCatalog(_api).object(request.object), request.mode, request.identity)
		{
		}

		void write(const sdk::BatchReader& batch, sdk::WriteResults& results) override { _writer.write(batch, results); }
		void close(bool commit) override { _writer.close(commit); }

	private:
		HubSpotApi _api;
		HubSpotWriter _writer;
	};
}


HubSpotConnector::HubSpotConnector(const sdk::Host& host):
	sdk::Connector(host)
{
}


json::Value HubSpotConnector::spec()
{
	json::Value properties = json::Value::object();
	json::Value url = property("string", "API URL", "HubSpot's API. Change it only to go through a proxy.", HubSpotApi::DEFAULT_URL);
	url.set("secret_scope", true); // the access token goes there
	properties.set("api_url", url);
	properties.set("requests_per_ten_seconds", property("integer", "Requests per 10 seconds",
		"The portal's burst limit that every sync on it shares: 100 (free and starter, and HubSpot's limit of 110 for public apps), "
		"190 for professional and enterprise portals, 250 with the API limit increase.", 100));
	properties.set("requests_per_day", property("integer", "Requests per day",
		"The portal's daily limit that every sync on it shares (250,000 for free and starter, 650,000 professional, 1,000,000 enterprise), "
		"counted per UTC day; 0 leaves it to HubSpot.", 0));
	json::Value configuration = json::Value::object();
	configuration.set("type", "object");
	configuration.set("properties", properties);
	configuration.set("required", json::Value::array());

	// https://developers.hubspot.com/docs/api/oauth-quickstart-guide: v1 token endpoint, form-encoded, PKCE accepted.
	json::Value oauth = json::Value::object();
	oauth.set("authorize_url", "https://app.hubspot.com/oauth/authorize");
	oauth.set("token_url", "https://api.hubapi.com/oauth/v1/token");
	oauth.set("scopes", list({"oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read",
		"crm.objects.companies.write", "crm.objects.deals.read", "crm.objects.deals.write", "crm.schemas.contacts.read",
		"crm.schemas.companies.read", "crm.schemas.deals.read"}));
	oauth.set("optional_scopes", list({"tickets", "crm.objects.custom.read", "crm.objects.custom.write", "crm.schemas.custom.read"}));
	oauth.set("pkce", true);
	oauth.set("client_authentication", "body");
	json::Value refresh = json::Value::object();
	refresh.set("before_expiry_seconds", 300); // HubSpot's access tokens live 30 minutes
	oauth.set("refresh", refresh);

	json::Value out = json::Value::object();
	out.set("configuration", configuration);
	out.set("oauth", oauth);
	return out;
}


void HubSpotConnector::check(const json::Value& config)
{
	HubSpotApi api(host(), config);
	api.get("/crm/v3/objects/contacts?limit=1");
}


json::Value HubSpotConnector::discover(const json::Value& config)
{
	HubSpotApi api(host(), config);
	json::Value objects = json::Value::array();
	for (const ObjectType& object: HubSpotCatalog(api).objects()) objects.push(HubSpotCatalog::describe(object));
	json::Value out = json::Value::object();
	out.set("objects", objects);
	return out;
}


void HubSpotConnector::read(const sdk::ReadRequest& request, sdk::ReadContext& context)
{
	if (!request.query.empty()) throw sdk::Error("HubSpot runs no queries; read an object (contacts, companies, ...)");
	HubSpotApi api(host(), request.config);
	HubSpotReader(api, HubSpotCatalog(api).object(request.object), request).read(context);
}


std::unique_ptr<sdk::Writer> HubSpotConnector::openWriter(const sdk::WriteRequest& request)
{
	return std::make_unique<ApiWriter>(host(), request);
}


} // namespace hubspot


POLYTOMIC_CONNECTOR(hubspot::HubSpotConnector, "hubspot", "HubSpot", "1.0.0", POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION,
	POLYTOMIC_MODE_CREATE | POLYTOMIC_MODE_UPDATE | POLYTOMIC_MODE_UPDATE_OR_CREATE | POLYTOMIC_MODE_REPLACE | POLYTOMIC_MODE_REMOVE)
