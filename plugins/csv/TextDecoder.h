//
// TextDecoder.h
//
// Definition of the TextDecoder class.
//


#ifndef Csv_TextDecoder_INCLUDED
#define Csv_TextDecoder_INCLUDED


#include "CsvSettings.h"
#include <string>
#include <string_view>


namespace csv {


class TextDecoder
	/// A field's bytes, in an encoding whose delimiters, quotes and line breaks are
	/// single ASCII bytes (UTF-8, Latin-1, Windows-1252), as UTF-8. Invalid bytes
	/// (not UTF-8; the five bytes Windows-1252 leaves undefined) are an error, or
	/// U+FFFD with replace.
{
public:
	TextDecoder(Encoding encoding, bool replace);

	void decode(std::string_view raw, std::string& out, int64_t line) const;
		/// Appends raw as UTF-8 to out; line names the record in an error.

private:
	void latin(std::string_view raw, std::string& out, int64_t line) const;

	Encoding _encoding;
	bool _replace;
};


} // namespace csv


#endif // Csv_TextDecoder_INCLUDED
