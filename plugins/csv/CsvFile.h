//
// CsvFile.h
//
// Definition of the CsvFile class.
//


#ifndef Csv_CsvFile_INCLUDED
#define Csv_CsvFile_INCLUDED


#include "ByteSource.h"
#include "CsvParser.h"
#include "CsvSettings.h"
#include "TextDecoder.h"
#include "polytomic/connector.hpp"
#include <functional>
#include <memory>
#include <vector>


namespace csv {


class CsvFile
	/// One CSV file as an object: its encoding (a byte order mark, or the
	/// setting), its fields (the header row) and their types (inferred from the
	/// first sample_rows records: CsvTypes), and its records read in batches.
	/// Reading streams the file: memory is one batch and a 1 MiB buffer, whatever
	/// the file's size. A read's state {"row", "offset", "line"} resumes after its
	/// batch; "offset" (a byte offset) is left out for UTF-16 files, which resume
	/// by skipping "row" records.
{
public:
	using Opener = std::function<std::unique_ptr<ByteSource>(uint64_t offset)>;
		/// The file's bytes from an offset on (a local file, a URL).

	CsvFile(Opener opener, const CsvSettings& settings);
		/// Reads the header and the sample.

	const std::vector<polytomic::sdk::Field>& fields() const;

	polytomic::json::Value describe(const std::string& id) const;
		/// The catalog object: fields with their types, the primary key when the file has that field.

	void read(const polytomic::sdk::ReadRequest& request, polytomic::sdk::ReadContext& context) const;

	static std::vector<std::string> headerOf(const std::string& path, const CsvSettings& settings);
		/// The field names of a local file's first record (empty for an empty file).

private:
	struct Text
	{
		std::unique_ptr<ByteSource> source;
		uint64_t offset;   /// in the file, of the source's first byte (0 for UTF-16: offsets are not the file's)
	};

	Text open(uint64_t offset) const;
	bool append(polytomic::sdk::BatchBuilder& batch, const std::vector<Cell>& record, int64_t line, std::string& scratch) const;
	static std::vector<std::string> namesOf(const std::vector<Cell>& record, const TextDecoder& decoder, bool header, int64_t line);

	Opener _opener;
	CsvSettings _settings;
	Encoding _encoding = Encoding::Utf8;   /// the effective one
	bool _skipMark = false;
	std::size_t _markLength = 0;
	TextDecoder _decoder{Encoding::Utf8, false};
	std::vector<polytomic::sdk::Field> _fields;
	uint64_t _dataOffset = 0;              /// past the header
	int64_t _dataLine = 1;
};


} // namespace csv


#endif // Csv_CsvFile_INCLUDED
