//
// CsvSettings.h
//
// Definition of the CsvSettings struct.
//


#ifndef Csv_CsvSettings_INCLUDED
#define Csv_CsvSettings_INCLUDED


#include "polytomic/json.hpp"
#include <cstdint>
#include <string>


namespace csv {


enum class Encoding
	/// The text encodings a file may be in; every value reaches the server as UTF-8.
{
	Auto,         /// a BOM decides (UTF-8, UTF-16 LE or BE), else UTF-8
	Utf8,
	Utf16Le,
	Utf16Be,
	Latin1,       /// ISO-8859-1
	Windows1252
};


struct CsvSettings
	/// A connection's configuration, checked (integrations/csv.md).
{
	std::string url;                        /// a file at an HTTP(S) URL (source only), or empty
	std::string folder;                     /// else: a folder inside CONNECTOR_CSV_ROOT ("." for the root itself)
	char delimiter = ',';
	Encoding encoding = Encoding::Auto;
	bool replaceInvalid = false;            /// bytes that are not text in the encoding: U+FFFD instead of an error
	bool header = true;                     /// the first row names the fields
	bool inferTypes = true;                 /// else every field is a string
	int64_t sampleRows = 1000;              /// rows the types are inferred from
	std::string primaryKey = "id";          /// the field offered as primary key, when a file has it
	uint64_t maxDownloadBytes = 256u << 20; /// a URL whose server takes no Range requests is read whole, up to this

	static CsvSettings from(const polytomic::json::Value& config);
		/// Throws sdk::Error naming the setting at fault.

	static polytomic::json::Value schema();

	static const std::size_t MAX_RECORD_BYTES = 16u << 20; /// a longer record (an unterminated quote?) is an error
};


} // namespace csv


#endif // Csv_CsvSettings_INCLUDED
