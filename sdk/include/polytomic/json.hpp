//
// polytomic/json.hpp
//
// A small JSON value with a parser and a writer, header-only, for the control
// data that crosses the connector ABI as JSON text (configuration, spec,
// catalog, state). Part of the connector SDK; depends on the C++17 standard
// library only.
//


#ifndef POLYTOMIC_JSON_HPP
#define POLYTOMIC_JSON_HPP


#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>


namespace polytomic {
namespace json {


class ParseError: public std::runtime_error
	/// The text is not JSON, or not JSON that the parse's limits allow.
{
public:
	using std::runtime_error::runtime_error;
};


class TooLarge: public ParseError
	/// The text holds more values than ParseLimits::maxValues allows.
{
public:
	using ParseError::ParseError;
};


struct ParseLimits
	/// What one Value::parse may build. The defaults suit control data from a
	/// peer one trusts; a server parsing what the network sends sets its own.
{
	std::size_t maxDepth = 128;
		/// Nesting of arrays and objects; deeper text is refused (the parser
		/// recurses, so this bounds its stack).
	std::size_t maxValues = std::numeric_limits<std::size_t>::max();
		/// Values of any kind (members' names not counted); more throw TooLarge.
		/// A value costs about a hundred bytes however short its text ("[]," is
		/// three), so this is what bounds the memory a parse takes.
	bool allowNul = true;
		/// Whether "\u0000" may appear in a string (it is valid JSON, but many
		/// consumers, PostgreSQL's jsonb and C strings among them, cut or refuse it).
	bool allowDuplicateNames = true;
		/// Whether an object may name a member twice. JSON leaves the meaning open
		/// (this parser keeps both, and get() finds the first; PostgreSQL's jsonb and
		/// most parsers keep the last), so text that two readers may see differently
		/// is best refused.
};


inline std::size_t utf8SequenceLength(const std::string& text, std::size_t pos)
	/// The length of the well-formed UTF-8 sequence starting at pos (1 to 4), or 0 when
	/// the bytes there are not one: stray continuation bytes, truncated or over-long
	/// sequences, UTF-16 surrogates (U+D800..U+DFFF) and code points past U+10FFFF.
{
	const auto byte = [&](std::size_t i) { return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0u; };
	const auto continuation = [&](std::size_t i, unsigned low = 0x80, unsigned high = 0xBF) { return byte(i) >= low && byte(i) <= high; };
	const unsigned lead = byte(0);
	if (pos >= text.size()) return 0;
	if (lead < 0x80) return 1;
	if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
	if (lead == 0xE0) return continuation(1, 0xA0) && continuation(2) ? 3 : 0;
	if (lead == 0xED) return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0;
	if (lead >= 0xE1 && lead <= 0xEF) return continuation(1) && continuation(2) ? 3 : 0;
	if (lead == 0xF0) return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0;
	if (lead >= 0xF1 && lead <= 0xF3) return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
	if (lead == 0xF4) return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0;
	return 0;
}


inline bool isValidUtf8(const std::string& text)
	/// Whether the text is well-formed UTF-8 throughout.
{
	for (std::size_t pos = 0; pos < text.size();)
	{
		const std::size_t n = utf8SequenceLength(text, pos);
		if (n == 0) return false;
		pos += n;
	}
	return true;
}


inline std::string repairedUtf8(const std::string& text)
	/// The text with each byte that is not part of well-formed UTF-8 replaced
	/// by U+FFFD (the replacement character), as a reader of the text would show it.
{
	if (isValidUtf8(text)) return text;
	std::string out;
	out.reserve(text.size() + 16);
	for (std::size_t pos = 0; pos < text.size();)
	{
		const std::size_t n = utf8SequenceLength(text, pos);
		if (n == 0)
		{
			out += "\xEF\xBF\xBD";
			++pos;
			continue;
		}
		out.append(text, pos, n);
		pos += n;
	}
	return out;
}


class Value
	/// A JSON value. Objects keep their keys in insertion order.
{
public:
	enum Kind { NULL_VALUE, BOOL, NUMBER, STRING, ARRAY, OBJECT };
	using Array = std::vector<Value>;
	using Object = std::vector<std::pair<std::string, Value>>;

	Value(): _kind(NULL_VALUE) {}
	Value(std::nullptr_t): _kind(NULL_VALUE) {}
	Value(bool b): _kind(BOOL), _bool(b) {}
	Value(int i): _kind(NUMBER), _number(i), _integer(i), _isInteger(true) {}
	Value(long i): _kind(NUMBER), _number(static_cast<double>(i)), _integer(i), _isInteger(true) {}
	Value(long long i): _kind(NUMBER), _number(static_cast<double>(i)), _integer(i), _isInteger(true) {}
	Value(unsigned i): _kind(NUMBER), _number(i), _integer(i), _isInteger(true) {}
	Value(double d): _kind(NUMBER), _number(d), _integer(inInt64Range(d) ? static_cast<int64_t>(d) : 0), _isInteger(false) {}
	Value(const char* s): _kind(STRING), _string(s) {}
	Value(std::string s): _kind(STRING), _string(std::move(s)) {}
	Value(Array a): _kind(ARRAY), _array(std::move(a)) {}

	static Value object() { Value v; v._kind = OBJECT; return v; }
	static Value array() { Value v; v._kind = ARRAY; return v; }

	Kind kind() const { return _kind; }
	bool isNull() const { return _kind == NULL_VALUE; }
	bool isBool() const { return _kind == BOOL; }
	bool isNumber() const { return _kind == NUMBER; }
	bool isInteger() const { return _kind == NUMBER && _isInteger; }
	bool isWholeNumber() const
		/// A number asInt64 returns without throwing: no fraction, within int64_t's range.
	{
		return _kind == NUMBER && (_isInteger || (std::floor(_number) == _number && inInt64Range(_number)));
	}
	bool isString() const { return _kind == STRING; }
	bool isArray() const { return _kind == ARRAY; }
	bool isObject() const { return _kind == OBJECT; }

	bool asBool() const { expect(BOOL, "a boolean"); return _bool; }
	double asDouble() const { expect(NUMBER, "a number"); return _number; }
	int64_t asInt64() const
	{
		expect(NUMBER, "a number");
		if (_isInteger) return _integer;
		if (std::floor(_number) != _number) throw std::runtime_error("expected a whole number");
		// Converting a double outside int64_t's range is undefined behaviour, not a large number.
		if (!inInt64Range(_number)) throw std::runtime_error("expected a whole number from -2^63 to 2^63-1");
		return static_cast<int64_t>(_number);
	}
	const std::string& asString() const { expect(STRING, "a string"); return _string; }
	const Array& items() const& { expect(ARRAY, "an array"); return _array; }
	const Object& members() const& { expect(OBJECT, "an object"); return _object; }
	// Not on a temporary: `for (auto& x: Value::parse(t).items())` would iterate a destroyed value.
	const Array& items() const&& = delete;
	const Object& members() const&& = delete;

	bool has(const std::string& key) const
	{
		if (_kind != OBJECT) return false;
		for (const auto& m: _object)
			if (m.first == key) return true;
		return false;
	}

	const Value& operator[](const std::string& key) const
		/// The member, or a null value when absent (or when this is not an object).
	{
		static const Value none;
		if (_kind == OBJECT)
			for (const auto& m: _object)
				if (m.first == key) return m.second;
		return none;
	}

	const Value& operator[](std::size_t index) const { return items().at(index); }

	std::string getString(const std::string& key, const std::string& fallback = "") const
	{
		const Value& v = (*this)[key];
		return v.isString() ? v._string : fallback;
	}

	int64_t getInt64(const std::string& key, int64_t fallback) const
	{
		const Value& v = (*this)[key];
		return v.isNumber() ? v.asInt64() : fallback;
	}

	bool getBool(const std::string& key, bool fallback) const
	{
		const Value& v = (*this)[key];
		return v.isBool() ? v._bool : fallback;
	}

	Value& set(const std::string& key, Value value)
	{
		if (_kind == NULL_VALUE) _kind = OBJECT;
		expect(OBJECT, "an object");
		for (auto& m: _object)
			if (m.first == key)
			{
				m.second = std::move(value);
				return m.second;
			}
		_object.emplace_back(key, std::move(value));
		return _object.back().second;
	}

	Value& push(Value value)
	{
		if (_kind == NULL_VALUE) _kind = ARRAY;
		expect(ARRAY, "an array");
		_array.push_back(std::move(value));
		return _array.back();
	}

	std::size_t size() const
	{
		return _kind == ARRAY ? _array.size() : _kind == OBJECT ? _object.size() : 0;
	}

	bool operator==(const Value& other) const
	{
		if (_kind != other._kind) return false;
		switch (_kind)
		{
		case NULL_VALUE: return true;
		case BOOL: return _bool == other._bool;
		case NUMBER: return _number == other._number && (!_isInteger || !other._isInteger || _integer == other._integer);
		case STRING: return _string == other._string;
		case ARRAY: return _array == other._array;
		case OBJECT: return _object == other._object;
		}
		return false;
	}

	bool operator!=(const Value& other) const { return !(*this == other); }

	std::string dump() const
	{
		std::string out;
		write(out);
		return out;
	}

	static Value parse(const std::string& text) { return parse(text, ParseLimits()); }
		/// Throws ParseError on text that is not JSON (RFC 8259): malformed syntax,
		/// strings that are not UTF-8 or hold a lone surrogate escape, numbers
		/// past a double's range, nesting deeper than 128.

	static Value parse(const std::string& text, const ParseLimits& limits)
		/// The same within the given limits.
	{
		Parser parser{text, limits};
		Value v = parser.value(0);
		parser.skipSpace();
		if (parser.pos != text.size()) parser.fail("unexpected text after the value");
		return v;
	}

	static std::string quote(const std::string& s)
		/// The string as a JSON string literal. Bytes that are not UTF-8 become
		/// U+FFFD, so what this writes is always valid JSON text.
	{
		std::string out = "\"";
		for (std::size_t i = 0; i < s.size(); ++i)
		{
			const unsigned char c = static_cast<unsigned char>(s[i]);
			if (c >= 0x80)
			{
				const std::size_t n = utf8SequenceLength(s, i);
				if (n == 0) out += "\xEF\xBF\xBD";
				else out.append(s, i, n);
				i += n ? n - 1 : 0;
				continue;
			}
			switch (c)
			{
			case '"': out += "\\\""; break;
			case '\\': out += "\\\\"; break;
			case '\n': out += "\\n"; break;
			case '\r': out += "\\r"; break;
			case '\t': out += "\\t"; break;
			case '\b': out += "\\b"; break;
			case '\f': out += "\\f"; break;
			default:
				if (c < 0x20)
				{
					char buf[8];
					std::snprintf(buf, sizeof(buf), "\\u%04x", c);
					out += buf;
				}
				else
				{
					out += static_cast<char>(c);
				}
			}
		}
		return out + "\"";
	}

private:
	void expect(Kind kind, const char* what) const
	{
		if (_kind != kind) throw std::runtime_error(std::string("expected ") + what);
	}

	void write(std::string& out) const
	{
		switch (_kind)
		{
		case NULL_VALUE: out += "null"; break;
		case BOOL: out += _bool ? "true" : "false"; break;
		case NUMBER:
			if (_isInteger)
			{
				out += std::to_string(_integer);
			}
			else if (_number == 0)
			{
				out += "0"; // also -0 (from "-0.0" or an underflow such as -1e-400): JSON readers do not keep its sign
			}
			else if (std::isfinite(_number))
			{
				char buf[32];
				std::snprintf(buf, sizeof(buf), "%.17g", _number);
				out += buf;
			}
			else
			{
				out += "null";
			}
			break;
		case STRING: out += quote(_string); break;
		case ARRAY:
			out += '[';
			for (std::size_t i = 0; i < _array.size(); ++i)
			{
				if (i) out += ',';
				_array[i].write(out);
			}
			out += ']';
			break;
		case OBJECT:
			out += '{';
			for (std::size_t i = 0; i < _object.size(); ++i)
			{
				if (i) out += ',';
				out += quote(_object[i].first);
				out += ':';
				_object[i].second.write(out);
			}
			out += '}';
			break;
		}
	}

	static bool inInt64Range(double d)
	{
		// 2^63 is exact as a double; NaN fails both comparisons.
		return d >= -9223372036854775808.0 && d < 9223372036854775808.0;
	}

	struct Parser
		/// One parse: the text, where it is, and what it may still build.
	{
		const std::string& t;
		const ParseLimits& limits;
		std::size_t pos = 0;
		std::size_t values = 0;

		[[noreturn]] void fail(const std::string& what) const { fail(pos, what); }

		[[noreturn]] static void fail(std::size_t at, const std::string& what)
		{
			throw ParseError("invalid JSON at offset " + std::to_string(at) + ": " + what);
		}

		void skipSpace()
		{
			while (pos < t.size() && (t[pos] == ' ' || t[pos] == '\t' || t[pos] == '\n' || t[pos] == '\r')) ++pos;
		}

		static void appendUtf8(std::string& out, uint32_t cp)
		{
			if (cp < 0x80) out += static_cast<char>(cp);
			else if (cp < 0x800)
			{
				out += static_cast<char>(0xC0 | (cp >> 6));
				out += static_cast<char>(0x80 | (cp & 0x3F));
			}
			else if (cp < 0x10000)
			{
				out += static_cast<char>(0xE0 | (cp >> 12));
				out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
				out += static_cast<char>(0x80 | (cp & 0x3F));
			}
			else
			{
				out += static_cast<char>(0xF0 | (cp >> 18));
				out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
				out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
				out += static_cast<char>(0x80 | (cp & 0x3F));
			}
		}

		uint32_t hex4()
		{
			if (pos + 4 > t.size()) fail("incomplete \\u escape");
			uint32_t v = 0;
			for (int i = 0; i < 4; ++i)
			{
				const char c = t[pos];
				v <<= 4;
				if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
				else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
				else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
				else fail("bad \\u escape");
				++pos;
			}
			return v;
		}

		uint32_t codePoint()
			/// After "\\u": one code point, a surrogate pair joined into one.
		{
			const std::size_t start = pos - 2;
			const uint32_t cp = hex4();
			if (cp >= 0xDC00 && cp <= 0xDFFF) fail(start, "lone low surrogate \\u" + t.substr(start + 2, 4) + " (not a character)");
			if (cp < 0xD800 || cp > 0xDBFF) return cp;
			if (t.compare(pos, 2, "\\u") != 0) fail(start, "lone high surrogate \\u" + t.substr(start + 2, 4) + " (not a character)");
			pos += 2;
			const uint32_t low = hex4();
			if (low < 0xDC00 || low > 0xDFFF) fail(start, "high surrogate \\u" + t.substr(start + 2, 4) + " not followed by a low one");
			return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
		}

		std::string string()
		{
			std::string out;
			++pos;
			while (true)
			{
				if (pos >= t.size()) fail("unterminated string");
				const unsigned char c = static_cast<unsigned char>(t[pos]);
				if (c == '"')
				{
					++pos;
					return out;
				}
				if (c < 0x20) fail("control character in string (write it as an escape)");
				if (c >= 0x80)
				{
					const std::size_t n = utf8SequenceLength(t, pos);
					if (n == 0) fail("a string is not valid UTF-8");
					out.append(t, pos, n);
					pos += n;
					continue;
				}
				++pos;
				if (c != '\\')
				{
					out += static_cast<char>(c);
					continue;
				}
				if (pos >= t.size()) fail("unterminated escape");
				switch (t[pos++])
				{
				case '"': out += '"'; break;
				case '\\': out += '\\'; break;
				case '/': out += '/'; break;
				case 'b': out += '\b'; break;
				case 'f': out += '\f'; break;
				case 'n': out += '\n'; break;
				case 'r': out += '\r'; break;
				case 't': out += '\t'; break;
				case 'u':
				{
					const uint32_t cp = codePoint();
					if (cp == 0 && !limits.allowNul) fail(pos - 6, "\\u0000 (NUL) is not allowed in a string here");
					appendUtf8(out, cp);
					break;
				}
				default: fail(pos - 1, "unknown escape");
				}
			}
		}

		std::size_t digits()
		{
			const std::size_t start = pos;
			while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
			return pos - start;
		}

		Value number()
			/// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, as RFC 8259 has it.
		{
			const std::size_t start = pos;
			if (t[pos] == '-') ++pos;
			const std::size_t intStart = pos;
			const std::size_t intDigits = digits();
			if (intDigits == 0) fail(start, "bad number");
			if (intDigits > 1 && t[intStart] == '0') fail(start, "bad number (leading zero)");
			bool integer = true;
			if (pos < t.size() && t[pos] == '.')
			{
				++pos;
				if (digits() == 0) fail(start, "bad number (no digit after '.')");
				integer = false;
			}
			if (pos < t.size() && (t[pos] == 'e' || t[pos] == 'E'))
			{
				++pos;
				if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) ++pos;
				if (digits() == 0) fail(start, "bad number (no digit in the exponent)");
				integer = false;
			}
			const std::string text = t.substr(start, pos - start);
			if (integer)
			{
				errno = 0;
				const long long i = std::strtoll(text.c_str(), nullptr, 10);
				if (errno == 0) return Value(i);
			}
			const double d = std::strtod(text.c_str(), nullptr);
			if (!std::isfinite(d)) fail(start, "number out of range (larger than a double)");
			return Value(d);
		}

		void count()
		{
			if (++values > limits.maxValues)
				throw TooLarge("invalid JSON at offset " + std::to_string(pos) + ": more than " + std::to_string(limits.maxValues) + " values");
		}

		Value value(std::size_t depth)
		{
			skipSpace();
			if (pos >= t.size()) fail("unexpected end");
			count();
			const char c = t[pos];
			if (c == '{' || c == '[')
			{
				if (depth >= limits.maxDepth) fail("nested more than " + std::to_string(limits.maxDepth) + " levels deep");
				return c == '{' ? object(depth + 1) : array(depth + 1);
			}
			if (c == '"') return Value(string());
			if (t.compare(pos, 4, "true") == 0) { pos += 4; return Value(true); }
			if (t.compare(pos, 5, "false") == 0) { pos += 5; return Value(false); }
			if (t.compare(pos, 4, "null") == 0) { pos += 4; return Value(); }
			if (c == '-' || (c >= '0' && c <= '9')) return number();
			fail("unexpected character");
		}

		void checkNamesUnique(const Value& v, std::size_t start) const
			/// Sorts pointers to the names, so that a large object costs n log n, not n².
		{
			if (limits.allowDuplicateNames || v._object.size() < 2) return;
			std::vector<const std::string*> names;
			names.reserve(v._object.size());
			for (const auto& member: v._object) names.push_back(&member.first);
			std::sort(names.begin(), names.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
			const auto twice = std::adjacent_find(names.begin(), names.end(), [](const std::string* a, const std::string* b) { return *a == *b; });
			if (twice == names.end()) return;
			const std::string& name = **twice;
			fail(start, (name.size() <= 100 ? "the object names member \"" + name + "\"" : std::string("the object names a member")) +
				" more than once");
		}

		Value object(std::size_t depth)
		{
			const std::size_t start = pos;
			Value v = Value::object();
			++pos;
			skipSpace();
			if (pos < t.size() && t[pos] == '}')
			{
				++pos;
				return v;
			}
			while (true)
			{
				skipSpace();
				if (pos >= t.size() || t[pos] != '"') fail("expected a member name");
				std::string key = string();
				skipSpace();
				if (pos >= t.size() || t[pos] != ':') fail("expected ':'");
				++pos;
				v._object.emplace_back(std::move(key), value(depth));
				skipSpace();
				if (pos < t.size() && t[pos] == ',') { ++pos; continue; }
				if (pos < t.size() && t[pos] == '}')
				{
					++pos;
					checkNamesUnique(v, start);
					return v;
				}
				fail("expected ',' or '}'");
			}
		}

		Value array(std::size_t depth)
		{
			Value v = Value::array();
			++pos;
			skipSpace();
			if (pos < t.size() && t[pos] == ']')
			{
				++pos;
				return v;
			}
			while (true)
			{
				v._array.push_back(value(depth));
				skipSpace();
				if (pos < t.size() && t[pos] == ',') { ++pos; continue; }
				if (pos < t.size() && t[pos] == ']') { ++pos; return v; }
				fail("expected ',' or ']'");
			}
		}
	};

	Kind _kind;
	bool _bool = false;
	double _number = 0;
	int64_t _integer = 0;
	bool _isInteger = false;
	std::string _string;
	Array _array;
	Object _object;
};


} } // namespace polytomic::json


#endif // POLYTOMIC_JSON_HPP
