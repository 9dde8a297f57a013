//
// TextDecoder.cpp
//


#include "TextDecoder.h"
#include "polytomic/connector.hpp"


namespace csv {


using namespace polytomic;


namespace
{
	// Windows-1252's 0x80-0x9F (https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT); 0: undefined.
	const uint16_t CP1252[32] = {0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
		0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};


	void put(std::string& out, uint32_t cp)
	{
		if (cp < 0x80) out.push_back(static_cast<char>(cp));
		else if (cp < 0x800)
		{
			out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
			out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
		}
		else
		{
			out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
			out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
			out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
		}
	}


	[[noreturn]] void refuse(const std::string& encoding, int64_t line)
	{
		throw sdk::Error("the record on line " + std::to_string(line) + " holds bytes that are not " + encoding + " text; give the file's "
			"encoding (encoding: latin-1, windows-1252, utf-16le, ...), or set invalid_bytes to replace to read them as U+FFFD");
	}
}


TextDecoder::TextDecoder(Encoding encoding, bool replace):
	_encoding(encoding),
	_replace(replace)
{
}


void TextDecoder::decode(std::string_view raw, std::string& out, int64_t line) const
{
	if (_encoding == Encoding::Latin1 || _encoding == Encoding::Windows1252)
	{
		latin(raw, out, line);
		return;
	}
	const std::size_t start = out.size();
	out.append(raw.data(), raw.size());
	bool ascii = true;
	for (char c: raw) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
	if (ascii) return;
	const std::string text = out.substr(start);
	if (json::isValidUtf8(text)) return;
	if (!_replace) refuse("UTF-8", line);
	out.resize(start);
	out += json::repairedUtf8(text);
}


void TextDecoder::latin(std::string_view raw, std::string& out, int64_t line) const
{
	for (char c: raw)
	{
		const auto b = static_cast<unsigned char>(c);
		if (b < 0x80) out.push_back(c);
		else if (b >= 0xA0 || _encoding == Encoding::Latin1) put(out, b);
		else if (CP1252[b - 0x80]) put(out, CP1252[b - 0x80]);
		else if (_replace) put(out, 0xFFFD);
		else refuse("Windows-1252", line);
	}
}


} // namespace csv
