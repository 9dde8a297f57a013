//
// SalesforceConnector.cpp
//


#include "SalesforceConnector.h"
#include "SalesforceApi.h"
#include "SalesforceCatalog.h"
#include "SalesforceReader.h"
#include "SalesforceWriter.h"


namespace salesforce {


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


	std::vector<std::string> objectNames(const json::Value& config)
		/// The objects to discover (comma-separated), or none for every queryable one.
	{
		std::vector<std::string> out;
		const std::string text = config.getString("objects");
		std::size_t start = 0;
		while (start <= text.size())
		{
			std::size_t end = text.find(',', start);
			if (end == std::string::npos) end = text.size();
			std::string name = text.substr(start, end - start);
			name.erase(0, name.find_first_not_of(" \t"));
			name.erase(name.find_last_not_of(" \t") + 1);
			if (!name.empty()) out.push_back(name);
			start = end + 1;
		}
		return out;
	}


	unsigned pollMs(const json::Value& config)
	{
		const long long ms = config.getInt64("bulk_poll_ms", 2000);
		if (ms < 10 || ms > 60000) throw sdk::Error("bulk_poll_ms must be from 10 to 60000 (milliseconds between two looks at a Bulk API job)");
		return static_cast<unsigned>(ms);
	}


	class ApiWriter: public sdk::Writer
		/// The writer together with the API client it uses.
	{
	public:
		ApiWriter(const sdk::Host& host, const sdk::WriteRequest& request):
			_api(host, request.config),
			_writer(_api, SalesforceCatalog(_api).object(request.object), request.mode, request.identity, pollMs(request.config))
		{
		}

		void write(const sdk::BatchReader& batch, sdk::WriteResults& results) override { _writer.write(batch, results); }
		void close(bool commit) override { _writer.close(commit); }

	private:
		SalesforceApi _api;
		SalesforceWriter _writer;
	};
}


SalesforceConnector::SalesforceConnector(const sdk::Host& host):
	sdk::Connector(host)
{
}


json::Value SalesforceConnector::spec()
{
	json::Value properties = json::Value::object();
	json::Value flow = property("string", "Sign-in", "web_server: a user signs in at Salesforce (OAuth web-server flow). client_credentials: "
		"the org's connected app signs in as its run-as user, with no browser (the login host must then be the org's My Domain).", "web_server");
	flow.set("enum", list({"web_server", "client_credentials"}));
	properties.set("auth_flow", flow);
	json::Value login = property("string", "Login host", "login.salesforce.com for production, test.salesforce.com for a sandbox, or the org's "
		"My Domain (acme.my.salesforce.com, acme--uat.sandbox.my.salesforce.com).", "login.salesforce.com");
	login.set("secret_scope", true); // the sign-in goes there
	properties.set("login_host", login);
	properties.set("api_version", property("string", "API version", "The REST and Bulk API version to use.", SalesforceApi::DEFAULT_VERSION));
	properties.set("daily_api_share", property("integer", "Daily API share (%)", "Stop a run once the org has used this percentage of its "
		"daily API requests (Sforce-Limit-Info), leaving the rest to its other integrations.", 50));
	properties.set("requests_per_second", property("integer", "Requests per second", "The most API requests a second this connection's runs send together.", 25));
	properties.set("objects", property("string", "Objects", "Comma-separated API names of the objects to discover (Account, Contact, Invoice__c); "
		"empty for every queryable object (one describe call each).", ""));
	properties.set("bulk_read_threshold", property("integer", "Bulk read threshold", "Read an object through a Bulk API 2.0 query job when "
		"at least this many records are to be read; 0 never.", 100000));
	properties.set("bulk_poll_ms", property("integer", "Bulk poll interval (ms)", "The longest wait between two looks at a Bulk API job.", 2000));
	json::Value configuration = json::Value::object();
	configuration.set("type", "object");
	configuration.set("properties", properties);
	configuration.set("required", json::Value::array());

	// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm (PKCE accepted) and
	// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm (My Domain only).
	json::Value oauth = json::Value::object();
	oauth.set("authorize_url", "https://{login_host}/services/oauth2/authorize");
	oauth.set("token_url", "https://{login_host}/services/oauth2/token");
	json::Value host = json::Value::object();
	host.set("default", "login.salesforce.com");
	host.set("host_suffixes", list({".salesforce.com"}));
	json::Value parameters = json::Value::object();
	parameters.set("login_host", host);
	oauth.set("url_parameters", parameters);
	oauth.set("scopes", list({"api", "refresh_token"}));
	oauth.set("pkce", true);
	oauth.set("client_authentication", "body");
	oauth.set("token_fields", list({"instance_url"}));
	json::Value credentials = json::Value::object();
	credentials.set("property", "auth_flow");
	credentials.set("value", "client_credentials");
	oauth.set("client_credentials", credentials);
	json::Value refresh = json::Value::object();
	refresh.set("before_expiry_seconds", 300);
	refresh.set("default_lifetime_seconds", 7200); // no expires_in: the org's session timeout, 2 hours by default
	oauth.set("refresh", refresh);

	json::Value out = json::Value::object();
	out.set("configuration", configuration);
	out.set("oauth", oauth);
	return out;
}


void SalesforceConnector::check(const json::Value& config)
{
	SalesforceApi api(host(), config);
	api.get(api.dataPath("/sobjects"));
}


json::Value SalesforceConnector::discover(const json::Value& config)
{
	SalesforceApi api(host(), config);
	json::Value objects = json::Value::array();
	for (const SObject& object: SalesforceCatalog(api).objects(objectNames(config))) objects.push(SalesforceCatalog::describe(object));
	json::Value out = json::Value::object();
	out.set("objects", objects);
	return out;
}


void SalesforceConnector::read(const sdk::ReadRequest& request, sdk::ReadContext& context)
{
	if (!request.query.empty()) throw sdk::Error("the Salesforce connector reads objects, not queries; name an object (Account, Contact, ...)");
	SalesforceApi api(host(), request.config);
	SalesforceReader::Options options;
	options.bulkThreshold = request.config.getInt64("bulk_read_threshold", options.bulkThreshold);
	options.pollMs = pollMs(request.config);
	SalesforceReader(api, SalesforceCatalog(api).object(request.object), request, options).read(context);
}


std::unique_ptr<sdk::Writer> SalesforceConnector::openWriter(const sdk::WriteRequest& request)
{
	return std::make_unique<ApiWriter>(host(), request);
}


} // namespace salesforce


POLYTOMIC_CONNECTOR(salesforce::SalesforceConnector, "salesforce", "Salesforce", "1.0.0", POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION,
	POLYTOMIC_MODE_CREATE | POLYTOMIC_MODE_UPDATE | POLYTOMIC_MODE_UPDATE_OR_CREATE | POLYTOMIC_MODE_REPLACE | POLYTOMIC_MODE_REMOVE)
