//
// GoogleSheetsConnector.cpp
//


#include "GoogleSheetsConnector.h"
#include "SheetsApi.h"
#include "SheetsCatalog.h"
#include "SheetsReader.h"
#include "SheetsWriter.h"


namespace gsheets {


using namespace polytomic;


namespace
{
	json::Value property(const std::string& type, const std::string& title, const std::string& description)
	{
		json::Value p = json::Value::object();
		p.set("type", type);
		p.set("title", title);
		p.set("description", description);
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
			_writer(_api, SheetsCatalog(_api, request.config).sheet(request.object, false), request.mode, request.identity)
		{
		}

		void write(const sdk::BatchReader& batch, sdk::WriteResults& results) override { _writer.write(batch, results); }
		void close(bool commit) override { _writer.close(commit); }

	private:
		SheetsApi _api;
		SheetsWriter _writer;
	};
}


GoogleSheetsConnector::GoogleSheetsConnector(const sdk::Host& host):
	sdk::Connector(host)
{
}


json::Value GoogleSheetsConnector::spec()
{
	json::Value properties = json::Value::object();
	properties.set("spreadsheet", property("string", "Spreadsheet",
		"The spreadsheet's URL (https://docs.google.com/spreadsheets/d/<id>/edit) or id. Its sheets are the objects, named by their "
		"titles. Leave it out to see every spreadsheet the signed-in user can open in Google Drive (objects <spreadsheet id>/<sheet title>)."));
	json::Value perMinute = property("integer", "Requests per minute",
		"The Google user's share of the Sheets API quota that every sync as this user shares: 60 (Google's per-user limit of a project).");
	perMinute.set("default", 60);
	properties.set("requests_per_minute", perMinute);
	json::Value most = property("integer", "Most spreadsheets discovered", "Without a spreadsheet, discovery describes at most this many of Drive's (two requests each, under the per-minute quota).");
	most.set("default", 25);
	properties.set("max_spreadsheets", most);
	json::Value sheets = property("string", "Sheets API URL", "Google's Sheets API. Change it only to go through a proxy.");
	sheets.set("default", SheetsApi::SHEETS_URL);
	sheets.set("secret_scope", true); // the access token goes there
	properties.set("sheets_url", sheets);
	json::Value drive = property("string", "Drive API URL", "Google's Drive API. Change it only to go through a proxy.");
	drive.set("default", SheetsApi::DRIVE_URL);
	drive.set("secret_scope", true);
	properties.set("drive_url", drive);
	json::Value configuration = json::Value::object();
	configuration.set("type", "object");
	configuration.set("properties", properties);
	configuration.set("required", json::Value::array());

	// https://developers.google.com/identity/protocols/oauth2/web-server: offline access gives a refresh token,
	// prompt=consent gives one again on a reconnect; Google takes PKCE (S256) for web-server clients too.
	json::Value oauth = json::Value::object();
	oauth.set("authorize_url", "https://accounts.google.com/o/oauth2/v2/auth");
	oauth.set("token_url", "https://oauth2.googleapis.com/token");
	oauth.set("scopes", list({"https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.metadata.readonly"}));
	json::Value parameters = json::Value::object();
	parameters.set("access_type", "offline");
	parameters.set("prompt", "consent");
	parameters.set("include_granted_scopes", "true");
	oauth.set("authorize_parameters", parameters);
	oauth.set("pkce", true);
	oauth.set("client_authentication", "body");
	json::Value refresh = json::Value::object();
	refresh.set("before_expiry_seconds", 300); // Google's access tokens live an hour
	refresh.set("default_lifetime_seconds", 3600);
	oauth.set("refresh", refresh);

	json::Value out = json::Value::object();
	out.set("configuration", configuration);
	out.set("oauth", oauth);
	return out;
}


void GoogleSheetsConnector::check(const json::Value& config)
{
	SheetsApi api(host(), config);
	const std::string spreadsheet = SheetsCatalog::spreadsheetIdOf(config.getString("spreadsheet"));
	if (spreadsheet.empty()) api.driveGet("/drive/v3/files?pageSize=1&fields=files(id)&q=" +
		SheetsApi::escaped("mimeType='application/vnd.google-apps.spreadsheet'"));
	else api.get("/v4/spreadsheets/" + spreadsheet + "?fields=" + SheetsApi::escaped("spreadsheetId,properties.title"));
}


json::Value GoogleSheetsConnector::discover(const json::Value& config)
{
	SheetsApi api(host(), config);
	json::Value objects = json::Value::array();
	for (const Sheet& sheet: SheetsCatalog(api, config).sheets()) objects.push(SheetsCatalog::describe(sheet));
	json::Value out = json::Value::object();
	out.set("objects", objects);
	return out;
}


void GoogleSheetsConnector::read(const sdk::ReadRequest& request, sdk::ReadContext& context)
{
	if (!request.query.empty()) throw sdk::Error("Google Sheets runs no queries; read a sheet or a range (Sheet1!A1:F100)");
	SheetsApi api(host(), request.config);
	SheetsReader(api, SheetsCatalog(api, request.config).sheet(request.object), request).read(context);
}


std::unique_ptr<sdk::Writer> GoogleSheetsConnector::openWriter(const sdk::WriteRequest& request)
{
	return std::make_unique<ApiWriter>(host(), request);
}


} // namespace gsheets


POLYTOMIC_CONNECTOR(gsheets::GoogleSheetsConnector, "gsheets", "Google Sheets", "1.0.0", POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION,
	POLYTOMIC_MODE_APPEND | POLYTOMIC_MODE_UPDATE_OR_CREATE | POLYTOMIC_MODE_REPLACE | POLYTOMIC_MODE_REMOVE | POLYTOMIC_MODE_SNAPSHOT)
