//
// CsvParser.cpp
//


#include "CsvParser.h"
#include "CsvSettings.h"


namespace csv {


using namespace polytomic;


CsvParser::CsvParser(ByteSource& source, char delimiter, uint64_t offset, int64_t line):
	_source(source),
	_delimiter(delimiter),
	_buffer(1 << 20),
	_offset(offset),
	_recordEnd(offset),
	_line(line)
{
}


bool CsvParser::refill()
{
	_offset += _size;
	_position = 0;
	_size = _source.read(_buffer.data(), _buffer.size());
	return _size > 0;
}


int CsvParser::get()
{
	if (_position == _size && !refill()) return -1;
	return static_cast<unsigned char>(_buffer[_position++]);
}


int CsvParser::peek()
{
	if (_position == _size && !refill()) return -1;
	return static_cast<unsigned char>(_buffer[_position]);
}


bool CsvParser::next(std::vector<Cell>& record)
{
	while (true)
	{
		std::size_t cells = 0, bytes = 0;
		_recordLine = _line;
		auto cell = [&]() -> Cell& {
			if (record.size() <= cells) record.emplace_back();
			Cell& c = record[cells];
			c.raw.clear();
			c.quoted = false;
			return c;
		};
		Cell* current = &cell();
		bool inQuotes = false, any = false;
		int c;
		while ((c = get()) >= 0)
		{
			any = true;
			if (++bytes > CsvSettings::MAX_RECORD_BYTES)
				throw sdk::Error("the record on line " + std::to_string(_recordLine) + " is longer than 16 MiB; is a quote left open?");
			if (inQuotes)
			{
				if (c == '"')
				{
					if (peek() == '"') current->raw.push_back(static_cast<char>(get()));
					else inQuotes = false;
				}
				else
				{
					if (c == '\n' || (c == '\r' && peek() != '\n')) ++_line;
					current->raw.push_back(static_cast<char>(c));
				}
				continue;
			}
			if (c == _delimiter)
			{
				++cells;
				current = &cell();
			}
			else if (c == '\n' || c == '\r')
			{
				if (c == '\r' && peek() == '\n') get();
				++_line;
				break;
			}
			else if (c == '"' && current->raw.empty() && !current->quoted)
			{
				current->quoted = true;
				inQuotes = true;
			}
			else current->raw.push_back(static_cast<char>(c));
		}
		if (inQuotes)
			throw sdk::Error("the quoted field that starts on line " + std::to_string(_recordLine) + " is never closed (a \" is missing)");
		if (!any) return false;
		_recordEnd = _offset + _position;
		record.resize(cells + 1);
		// A blank line is no record.
		if (cells == 0 && record[0].raw.empty() && !record[0].quoted) continue;
		return true;
	}
}


uint64_t CsvParser::offset() const
{
	return _recordEnd;
}


int64_t CsvParser::line() const
{
	return _recordLine;
}


int64_t CsvParser::nextLine() const
{
	return _line;
}


} // namespace csv
