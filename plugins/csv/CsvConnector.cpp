//
// CsvConnector.cpp
//


#include "CsvConnector.h"
#include "ByteSource.h"
#include "CsvFile.h"
#include "CsvRoot.h"
#include "CsvSettings.h"
#include "CsvWriter.h"


namespace csv {


using namespace polytomic;


namespace
{
	CsvFile fileOf(const sdk::Host& host, const CsvSettings& settings, const std::string& object)
	{
		if (!settings.url.empty())
		{
			if (object != CsvConnector::objectOfUrl(settings.url))
				throw sdk::Error("this connection reads one file, '" + CsvConnector::objectOfUrl(settings.url) + "', not '" + object + "'");
			return CsvFile([&host, &settings](uint64_t offset) { return std::make_unique<UrlSource>(host, settings.url, offset, settings.maxDownloadBytes); },
				settings);
		}
		const std::string path = CsvRoot(settings.folder).existingFile(object);
		return CsvFile([path](uint64_t offset) { return std::make_unique<FileSource>(path, offset); }, settings);
	}
}


CsvConnector::CsvConnector(const sdk::Host& host):
	sdk::Connector(host)
{
}


std::string CsvConnector::objectOfUrl(const std::string& url)
{
	std::string path = url.substr(0, url.find_first_of("?#"));
	const std::size_t scheme = path.find("://");
	path = scheme == std::string::npos ? path : path.substr(scheme + 3);
	const std::size_t slash = path.find('/');
	std::string name = slash == std::string::npos ? std::string() : path.substr(path.rfind('/') + 1);
	if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0) name.resize(name.size() - 4);
	return name.empty() ? "file" : name;
}


json::Value CsvConnector::spec()
{
	json::Value out = json::Value::object();
	out.set("configuration", CsvSettings::schema());
	return out;
}


void CsvConnector::check(const json::Value& config)
{
	const CsvSettings settings = CsvSettings::from(config);
	if (!settings.url.empty()) fileOf(host(), settings, objectOfUrl(settings.url));
	else CsvRoot root(settings.folder);
}


json::Value CsvConnector::discover(const json::Value& config)
{
	const CsvSettings settings = CsvSettings::from(config);
	json::Value objects = json::Value::array();
	if (!settings.url.empty()) objects.push(fileOf(host(), settings, objectOfUrl(settings.url)).describe(objectOfUrl(settings.url)));
	else
		for (const std::string& name: CsvRoot(settings.folder).objects()) objects.push(fileOf(host(), settings, name).describe(name));
	json::Value out = json::Value::object();
	out.set("objects", objects);
	return out;
}


void CsvConnector::read(const sdk::ReadRequest& request, sdk::ReadContext& context)
{
	if (!request.query.empty()) throw sdk::Error("CSV files take no queries; read an object (a file)");
	const CsvSettings settings = CsvSettings::from(request.config);
	fileOf(host(), settings, request.object).read(request, context);
}


std::unique_ptr<sdk::Writer> CsvConnector::openWriter(const sdk::WriteRequest& request)
{
	return std::make_unique<CsvWriter>(CsvSettings::from(request.config), request.object, request.mode);
}


} // namespace csv


POLYTOMIC_CONNECTOR(csv::CsvConnector, "csv", "CSV files", "1.0.0", POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION,
	POLYTOMIC_MODE_APPEND | POLYTOMIC_MODE_SNAPSHOT)
