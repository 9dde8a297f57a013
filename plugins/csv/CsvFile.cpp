//
// CsvFile.cpp
//


#include "CsvFile.h"
#include "CsvTypes.h"
#include <set>


namespace csv {


using namespace polytomic;


namespace
{
	bool utf16(Encoding e)
	{
		return e == Encoding::Utf16Le || e == Encoding::Utf16Be;
	}


	const std::size_t BATCH_BYTES = 64u << 20; /// a batch is emitted at this size even before batch_rows
}


CsvFile::CsvFile(Opener opener, const CsvSettings& settings):
	_opener(std::move(opener)),
	_settings(settings)
{
	{
		SniffedSource sniffed(_opener(0));
		const SniffedSource::Mark mark = sniffed.mark();
		_encoding = _settings.encoding;
		if (_encoding == Encoding::Auto)
			_encoding = mark == SniffedSource::UTF16LE ? Encoding::Utf16Le : mark == SniffedSource::UTF16BE ? Encoding::Utf16Be : Encoding::Utf8;
		_skipMark = (_encoding == Encoding::Utf8 && mark == SniffedSource::UTF8) || (_encoding == Encoding::Utf16Le && mark == SniffedSource::UTF16LE) ||
			(_encoding == Encoding::Utf16Be && mark == SniffedSource::UTF16BE);
		_markLength = _skipMark ? sniffed.markLength() : 0;
	}
	// UTF-16 reaches the parser as UTF-8 already; the others are decoded field by field.
	_decoder = TextDecoder(utf16(_encoding) ? Encoding::Utf8 : _encoding, _settings.replaceInvalid);
	Text text = open(0);
	CsvParser parser(*text.source, _settings.delimiter, text.offset, 1);
	std::vector<Cell> record;
	std::vector<std::string> names;
	if (parser.next(record))
	{
		names = namesOf(record, _decoder, _settings.header, parser.line());
		if (_settings.header)
		{
			_dataOffset = parser.offset();
			_dataLine = parser.nextLine();
		}
	}
	std::vector<CsvTypes::Guess> guesses(names.size());
	std::string scratch;
	bool pending = !_settings.header && !names.empty();
	for (int64_t n = 0; n < _settings.sampleRows && _settings.inferTypes && (pending || parser.next(record)); ++n)
	{
		pending = false;
		for (std::size_t i = 0; i < record.size() && i < guesses.size(); ++i)
		{
			scratch.clear();
			_decoder.decode(record[i].raw, scratch, parser.line());
			guesses[i].see(scratch);
		}
	}
	for (std::size_t i = 0; i < names.size(); ++i)
		_fields.push_back(sdk::Field{names[i], _settings.inferTypes ? guesses[i].type() : sdk::Type::String, true});
}


std::vector<std::string> CsvFile::namesOf(const std::vector<Cell>& record, const TextDecoder& decoder, bool header, int64_t line)
{
	std::vector<std::string> names;
	std::set<std::string> taken;
	for (std::size_t i = 0; i < record.size(); ++i)
	{
		std::string name;
		if (header) decoder.decode(record[i].raw, name, line);
		if (name.empty()) name = "column_" + std::to_string(i + 1);
		const std::string base = name;
		for (int n = 2; taken.count(name); ++n) name = base + "_" + std::to_string(n);
		taken.insert(name);
		names.push_back(name);
	}
	return names;
}


CsvFile::Text CsvFile::open(uint64_t offset) const
{
	if (utf16(_encoding))
	{
		auto sniffed = std::make_unique<SniffedSource>(_opener(0));
		if (_skipMark) sniffed->skipMark();
		return Text{std::make_unique<Utf16Source>(std::move(sniffed), _encoding == Encoding::Utf16Be, _settings.replaceInvalid), 0};
	}
	const uint64_t start = std::max<uint64_t>(offset, _markLength);
	return Text{_opener(start), start};
}


const std::vector<sdk::Field>& CsvFile::fields() const
{
	return _fields;
}


json::Value CsvFile::describe(const std::string& id) const
{
	json::Value fields = json::Value::array();
	json::Value key = json::Value::array();
	for (const sdk::Field& f: _fields)
	{
		json::Value field = json::Value::object();
		field.set("name", f.name);
		field.set("type", sdk::typeName(f.type));
		field.set("nullable", true);
		field.set("source_type", sdk::typeName(f.type));
		fields.push(field);
		if (f.name == _settings.primaryKey) key.push(f.name);
	}
	json::Value object = json::Value::object();
	object.set("id", id);
	object.set("name", id);
	object.set("fields", fields);
	object.set("primary_key", key);
	object.set("tracking_fields", json::Value::array());
	return object;
}


bool CsvFile::append(sdk::BatchBuilder& batch, const std::vector<Cell>& record, int64_t line, std::string& scratch) const
{
	for (std::size_t i = _fields.size(); i < record.size(); ++i)
		if (!record[i].raw.empty())
			throw sdk::Error("the record on line " + std::to_string(line) + " has " + std::to_string(record.size()) + " fields, the header " +
				std::to_string(_fields.size()) + "; quote values that hold the delimiter");
	for (std::size_t i = 0; i < _fields.size(); ++i)
	{
		if (i >= record.size())
		{
			batch.appendNull(i);
			continue;
		}
		scratch.clear();
		_decoder.decode(record[i].raw, scratch, line);
		const bool text = _fields[i].type == sdk::Type::String;
		if (scratch.empty() && !(text && record[i].quoted)) batch.appendNull(i);
		else if (!CsvTypes::append(batch, i, scratch))
			throw sdk::Error("line " + std::to_string(line) + ", field '" + _fields[i].name + "': '" + scratch.substr(0, 60) + "' is not " +
				sdk::typeName(_fields[i].type) + ", the type inferred from the first " + std::to_string(_settings.sampleRows) + " rows; raise "
				"sample_rows to take it into account, or set infer_types to false");
	}
	return true;
}


void CsvFile::read(const sdk::ReadRequest& request, sdk::ReadContext& context) const
{
	const json::Value& state = request.state;
	int64_t row = state.isObject() ? state.getInt64("row", 0) : 0;
	const bool byOffset = state["offset"].isWholeNumber() && !utf16(_encoding);
	Text text = open(byOffset ? static_cast<uint64_t>(state["offset"].asInt64()) : _dataOffset);
	CsvParser parser(*text.source, _settings.delimiter, text.offset, byOffset ? state.getInt64("line", 1) : _dataLine);
	std::vector<Cell> record;
	if (!byOffset && utf16(_encoding))
	{
		// The header, then the rows already read: UTF-16 has no offsets to seek to.
		if (_settings.header) parser.next(record);
		for (int64_t skipped = 0; skipped < row && parser.next(record); ++skipped)
			if (context.cancelled()) return;
	}
	sdk::BatchBuilder batch(_fields);
	std::string scratch;
	auto stateNow = [&]() {
		json::Value s = json::Value::object();
		s.set("row", static_cast<long long>(row));
		if (!utf16(_encoding))
		{
			s.set("offset", static_cast<long long>(parser.offset()));
			s.set("line", static_cast<long long>(parser.nextLine()));
		}
		return s;
	};
	bool emitted = false;
	while (parser.next(record))
	{
		append(batch, record, parser.line(), scratch);
		++row;
		if (batch.rows() >= request.batchRows || batch.bytes() >= BATCH_BYTES)
		{
			emitted = true;
			if (!context.emit(batch, stateNow())) return;
		}
	}
	if (batch.rows() > 0 || !emitted) context.emit(batch, stateNow());
}


std::vector<std::string> CsvFile::headerOf(const std::string& path, const CsvSettings& settings)
{
	CsvSettings plain = settings;
	plain.inferTypes = false;
	CsvFile file([&](uint64_t offset) { return std::make_unique<FileSource>(path, offset); }, plain);
	std::vector<std::string> names;
	for (const auto& f: file.fields()) names.push_back(f.name);
	return names;
}


} // namespace csv
