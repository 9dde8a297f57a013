//
// CsvSettings.cpp
//


#include "CsvSettings.h"
#include "polytomic/connector.hpp"


namespace csv {


using namespace polytomic;


namespace
{
	json::Value property(const std::string& type, const std::string& title, const std::string& description, json::Value fallback)
	{
		json::Value p = json::Value::object();
		p.set("type", type);
		p.set("title", title);
		p.set("description", description);
		if (!fallback.isNull()) p.set("default", std::move(fallback));
		return p;
	}


	std::string text(const json::Value& config, const std::string& key, const std::string& fallback)
	{
		const json::Value& v = config[key];
		if (v.isNull()) return fallback;
		if (!v.isString()) throw sdk::Error(key + " must be a string");
		return v.asString();
	}


	bool flag(const json::Value& config, const std::string& key, bool fallback)
	{
		const json::Value& v = config[key];
		if (v.isNull()) return fallback;
		if (!v.isBool()) throw sdk::Error(key + " must be true or false");
		return v.asBool();
	}


	Encoding encodingOf(const std::string& name)
	{
		if (name == "auto") return Encoding::Auto;
		if (name == "utf-8") return Encoding::Utf8;
		if (name == "utf-16le") return Encoding::Utf16Le;
		if (name == "utf-16be") return Encoding::Utf16Be;
		if (name == "latin-1") return Encoding::Latin1;
		if (name == "windows-1252") return Encoding::Windows1252;
		throw sdk::Error("encoding must be one of auto, utf-8, utf-16le, utf-16be, latin-1, windows-1252 (not '" + name + "')");
	}
}


CsvSettings CsvSettings::from(const json::Value& config)
{
	CsvSettings s;
	s.url = text(config, "url", "");
	s.folder = text(config, "folder", "");
	if (!s.url.empty() && s.url.rfind("https://", 0) != 0 && s.url.rfind("http://", 0) != 0)
		throw sdk::Error("url must start with https:// or http://");
	if (!s.url.empty() && !s.folder.empty()) throw sdk::Error("give either url (a file on the web) or folder (files on the server), not both");
	if (s.url.empty() && s.folder.empty())
		throw sdk::Error("give folder (a folder inside the server's CSV root, \".\" for the root itself) or url (one file on the web)");
	const std::string delimiter = text(config, "delimiter", ",");
	if (delimiter == "\\t" || delimiter == "tab") s.delimiter = '\t';
	else if (delimiter.size() == 1 && delimiter != "\"" && delimiter != "\r" && delimiter != "\n") s.delimiter = delimiter[0];
	else throw sdk::Error("delimiter must be one character other than a quote or a line break (\",\", \";\", \"|\", or \"\\t\" for a tab)");
	s.encoding = encodingOf(text(config, "encoding", "auto"));
	const std::string invalid = text(config, "invalid_bytes", "error");
	if (invalid != "error" && invalid != "replace") throw sdk::Error("invalid_bytes must be \"error\" or \"replace\"");
	s.replaceInvalid = invalid == "replace";
	s.header = flag(config, "header", true);
	s.inferTypes = flag(config, "infer_types", true);
	const json::Value& sample = config["sample_rows"];
	if (!sample.isNull() && (!sample.isWholeNumber() || sample.asInt64() < 1 || sample.asInt64() > 1000000))
		throw sdk::Error("sample_rows must be a whole number from 1 to 1000000");
	if (!sample.isNull()) s.sampleRows = sample.asInt64();
	s.primaryKey = text(config, "primary_key", "id");
	const json::Value& download = config["max_download_mb"];
	if (!download.isNull() && (!download.isWholeNumber() || download.asInt64() < 1 || download.asInt64() > 1024))
		throw sdk::Error("max_download_mb must be a whole number from 1 to 1024");
	if (!download.isNull()) s.maxDownloadBytes = static_cast<uint64_t>(download.asInt64()) << 20;
	return s;
}


json::Value CsvSettings::schema()
{
	json::Value properties = json::Value::object();
	json::Value folder = property("string", "Folder",
		"A folder inside the server's CSV root (CONNECTOR_CSV_ROOT), relative to it; \".\" for the root itself. Every .csv file in it is an object.",
		json::Value());
	folder.set("secret_scope", true);
	properties.set("folder", folder);
	json::Value url = property("string", "URL", "Instead of a folder: one CSV file at an https:// (or http://) URL, read as a source only.", json::Value());
	url.set("secret_scope", true);
	properties.set("url", url);
	properties.set("delimiter", property("string", "Delimiter", "One character between fields: \",\", \";\", \"|\" or \"\\t\" (tab).", ","));
	properties.set("encoding", property("string", "Encoding",
		"auto (a byte order mark decides, else UTF-8), utf-8, utf-16le, utf-16be, latin-1 or windows-1252. Files written are UTF-8.", "auto"));
	properties.set("invalid_bytes", property("string", "Invalid bytes",
		"error: a byte that is not text in the encoding fails the read, naming the row; replace: it becomes U+FFFD.", "error"));
	properties.set("header", property("boolean", "Header row", "The first row names the fields (else they are column_1, column_2, ...).", true));
	properties.set("infer_types", property("boolean", "Infer types",
		"Infer integer, decimal, boolean, date and timestamp fields from the first sample_rows rows (else every field is a string).", true));
	properties.set("sample_rows", property("integer", "Sample rows", "Rows the field types are inferred from.", 1000));
	properties.set("primary_key", property("string", "Primary key", "The field offered as primary key in every file that has it.", "id"));
	properties.set("max_download_mb", property("integer", "Largest download (MiB)",
		"A URL whose server does not take Range requests is read whole into memory, up to this size.", 256));
	json::Value out = json::Value::object();
	out.set("type", "object");
	out.set("properties", properties);
	out.set("required", json::Value::array());
	return out;
}


} // namespace csv
