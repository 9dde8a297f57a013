//
// BulkCsv.cpp
//


#include "BulkCsv.h"


namespace salesforce {


const char* BulkCsv::CLEAR = "#N/A";


std::string BulkCsv::cell(const std::optional<std::string>& value, bool clearNull)
{
	if (!value) return clearNull ? CLEAR : "";
	if (value->find_first_of(",\"\r\n") == std::string::npos && !value->empty()) return *value;
	std::string out = "\"";
	for (char c: *value)
	{
		if (c == '"') out += '"';
		out += c;
	}
	return out + "\"";
}


std::string BulkCsv::line(const std::vector<std::string>& cells)
{
	std::string out;
	for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
	return out + "\n";
}


BulkCsv::Reader::Reader(const std::string& text):
	_text(text)
{
}


bool BulkCsv::Reader::next(std::vector<std::string>& cells)
{
	cells.clear();
	if (_at >= _text.size()) return false;
	std::string current;
	bool quoted = false, any = false;
	while (_at < _text.size())
	{
		const char c = _text[_at++];
		if (quoted)
		{
			if (c == '"' && _at < _text.size() && _text[_at] == '"')
			{
				current += '"';
				++_at;
			}
			else if (c == '"') quoted = false;
			else current += c;
			continue;
		}
		if (c == '"') { quoted = true; any = true; }
		else if (c == ',') { cells.push_back(current); current.clear(); any = true; }
		else if (c == '\r') continue;
		else if (c == '\n') break;
		else { current += c; any = true; }
	}
	if (any || !cells.empty()) cells.push_back(current);
	return true;
}


} // namespace salesforce
