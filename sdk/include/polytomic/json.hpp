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
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>


namespace polytomic {
namespace json {


class ParseError: public std::runtime_error
{
public:
	using std::runtime_error::runtime_error;
};


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
	Value(double d): _kind(NUMBER), _number(d), _integer(static_cast<int64_t>(d)), _isInteger(false) {}
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
	bool isString() const { return _kind == STRING; }
	bool isArray() const { return _kind == ARRAY; }
	bool isObject() const { return _kind == OBJECT; }

	bool asBool() const { expect(BOOL, "a boolean"); return _bool; }
	double asDouble() const { expect(NUMBER, "a number"); return _number; }
	int64_t asInt64() const
	{
		expect(NUMBER, "a number");
		if (!_isInteger && std::floor(_number) != _number) throw std::runtime_error("expected a whole number");
		return _isInteger ? _integer : static_cast<int64_t>(_number);
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

	static Value parse(const std::string& text)
	{
		std::size_t pos = 0;
		Value v = parseValue(text, pos, 0);
		skipSpace(text, pos);
		if (pos != text.size()) fail(text, pos, "unexpected text after the value");
		return v;
	}

	static std::string quote(const std::string& s)
	{
		std::string out = "\"";
		for (unsigned char c: s)
		{
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

	[[noreturn]] static void fail(const std::string& text, std::size_t pos, const std::string& what)
	{
		(void) text;
		throw ParseError("invalid JSON at offset " + std::to_string(pos) + ": " + what);
	}

	static void skipSpace(const std::string& t, std::size_t& pos)
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

	static uint32_t hex4(const std::string& t, std::size_t& pos)
	{
		if (pos + 4 > t.size()) fail(t, pos, "incomplete \\u escape");
		uint32_t v = 0;
		for (int i = 0; i < 4; ++i)
		{
			char c = t[pos++];
			v <<= 4;
			if (c >= '0' && c <= '9') v |= c - '0';
			else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
			else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
			else fail(t, pos, "bad \\u escape");
		}
		return v;
	}

	static std::string parseString(const std::string& t, std::size_t& pos)
	{
		std::string out;
		++pos;
		while (true)
		{
			if (pos >= t.size()) fail(t, pos, "unterminated string");
			char c = t[pos++];
			if (c == '"') return out;
			if (static_cast<unsigned char>(c) < 0x20) fail(t, pos, "control character in string");
			if (c != '\\')
			{
				out += c;
				continue;
			}
			if (pos >= t.size()) fail(t, pos, "unterminated escape");
			char e = t[pos++];
			switch (e)
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
				uint32_t cp = hex4(t, pos);
				if (cp >= 0xD800 && cp < 0xDC00 && pos + 1 < t.size() && t[pos] == '\\' && t[pos + 1] == 'u')
				{
					pos += 2;
					uint32_t low = hex4(t, pos);
					cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
				}
				appendUtf8(out, cp);
				break;
			}
			default: fail(t, pos, "unknown escape");
			}
		}
	}

	static Value parseValue(const std::string& t, std::size_t& pos, int depth)
	{
		if (depth > 128) fail(t, pos, "nested too deeply");
		skipSpace(t, pos);
		if (pos >= t.size()) fail(t, pos, "unexpected end");
		char c = t[pos];
		if (c == '{')
		{
			Value v = object();
			++pos;
			skipSpace(t, pos);
			if (pos < t.size() && t[pos] == '}')
			{
				++pos;
				return v;
			}
			while (true)
			{
				skipSpace(t, pos);
				if (pos >= t.size() || t[pos] != '"') fail(t, pos, "expected a member name");
				std::string key = parseString(t, pos);
				skipSpace(t, pos);
				if (pos >= t.size() || t[pos] != ':') fail(t, pos, "expected ':'");
				++pos;
				v._object.emplace_back(std::move(key), parseValue(t, pos, depth + 1));
				skipSpace(t, pos);
				if (pos < t.size() && t[pos] == ',') { ++pos; continue; }
				if (pos < t.size() && t[pos] == '}') { ++pos; return v; }
				fail(t, pos, "expected ',' or '}'");
			}
		}
		if (c == '[')
		{
			Value v = array();
			++pos;
			skipSpace(t, pos);
			if (pos < t.size() && t[pos] == ']')
			{
				++pos;
				return v;
			}
			while (true)
			{
				v._array.push_back(parseValue(t, pos, depth + 1));
				skipSpace(t, pos);
				if (pos < t.size() && t[pos] == ',') { ++pos; continue; }
				if (pos < t.size() && t[pos] == ']') { ++pos; return v; }
				fail(t, pos, "expected ',' or ']'");
			}
		}
		if (c == '"') return Value(parseString(t, pos));
		if (t.compare(pos, 4, "true") == 0) { pos += 4; return Value(true); }
		if (t.compare(pos, 5, "false") == 0) { pos += 5; return Value(false); }
		if (t.compare(pos, 4, "null") == 0) { pos += 4; return Value(); }
		if (c == '-' || (c >= '0' && c <= '9'))
		{
			std::size_t start = pos;
			bool integer = true;
			if (t[pos] == '-') ++pos;
			while (pos < t.size() && (std::isdigit(static_cast<unsigned char>(t[pos])) || t[pos] == '.' || t[pos] == 'e' ||
				t[pos] == 'E' || t[pos] == '+' || t[pos] == '-'))
			{
				if (t[pos] == '.' || t[pos] == 'e' || t[pos] == 'E') integer = false;
				++pos;
			}
			const std::string number = t.substr(start, pos - start);
			char* end = nullptr;
			if (integer)
			{
				errno = 0;
				long long i = std::strtoll(number.c_str(), &end, 10);
				if (errno == 0 && end && *end == '\0') return Value(i);
			}
			double d = std::strtod(number.c_str(), &end);
			if (!end || *end != '\0') fail(t, start, "bad number");
			return Value(d);
		}
		fail(t, pos, "unexpected character");
	}

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
