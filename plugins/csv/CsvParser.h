//
// CsvParser.h
//
// Definition of the CsvParser class.
//


#ifndef Csv_CsvParser_INCLUDED
#define Csv_CsvParser_INCLUDED


#include "ByteSource.h"
#include <string>
#include <vector>


namespace csv {


struct Cell
{
	std::string raw;       /// the field's bytes, quotes removed, "" unescaped
	bool quoted = false;   /// "" (quoted and empty) is an empty string; an empty unquoted field is null
};


class CsvParser
	/// Records of RFC 4180 text from a byte source: fields between the delimiter,
	/// quoted fields holding delimiters, line breaks (CRLF, LF or CR) and doubled
	/// quotes. Blank lines are skipped. Lenient where RFC 4180 is strict: a quote
	/// inside an unquoted field, or text after a closing quote, is kept as text.
	/// A quote never closed, or a record past CsvSettings::MAX_RECORD_BYTES, is an error.
{
public:
	CsvParser(ByteSource& source, char delimiter, uint64_t offset, int64_t line);
		/// offset and line: where the source starts in the file (for states and errors).

	bool next(std::vector<Cell>& record);
		/// The next record; false at the end. Reuses record's cells.

	uint64_t offset() const;
		/// The file offset just past the last record returned.

	int64_t line() const;
		/// The line the last record returned started on (1-based).

	int64_t nextLine() const;
		/// The line the next record starts on.

private:
	bool refill();
	int get();
	int peek();

	ByteSource& _source;
	char _delimiter;
	std::vector<char> _buffer;
	std::size_t _position = 0;
	std::size_t _size = 0;
	uint64_t _offset;        /// of _buffer[0] in the file
	uint64_t _recordEnd;
	int64_t _line;
	int64_t _recordLine = 0;
};


} // namespace csv


#endif // Csv_CsvParser_INCLUDED
