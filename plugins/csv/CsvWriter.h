//
// CsvWriter.h
//
// Definition of the CsvWriter class.
//


#ifndef Csv_CsvWriter_INCLUDED
#define Csv_CsvWriter_INCLUDED


#include "CsvRoot.h"
#include "CsvSettings.h"
#include "polytomic/connector.hpp"


namespace csv {


class CsvWriter: public polytomic::sdk::Writer
	/// Writes records into <object>.csv of the connection's folder, as UTF-8
	/// RFC 4180 text (CRLF line ends, the header row first, a field quoted when it
	/// holds the delimiter, a quote or a line break, and "" for an empty string;
	/// a null is an empty field).
	///   APPEND    adds the records at the end (the header must be the records'
	///             fields), each batch on disk (fdatasync) before write() returns
	///   SNAPSHOT  writes a new file beside the old one, which close(true) puts in
	///             its place at once (rename); close(false) leaves the old one
{
public:
	CsvWriter(const CsvSettings& settings, const std::string& object, uint32_t mode);
	~CsvWriter() override;

	void write(const polytomic::sdk::BatchReader& batch, polytomic::sdk::WriteResults& results) override;
	void close(bool commit) override;

private:
	void openTemporary();
	void start(const polytomic::sdk::BatchReader& batch);
	void requireSameHeader(const polytomic::sdk::BatchReader& batch) const;
	std::string line(const std::vector<std::string>& values, const std::vector<bool>& nulls) const;
	void put(const std::string& text);

	CsvSettings _settings;
	CsvRoot _root;
	std::string _path;
	std::string _temporary;
	uint32_t _mode;
	int _fd = -1;
	bool _started = false;
};


} // namespace csv


#endif // Csv_CsvWriter_INCLUDED
