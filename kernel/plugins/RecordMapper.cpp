//
// RecordMapper.cpp
//


#include "plugins/RecordMapper.h"
#include "plugins/BatchJson.h"
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>


namespace polytomic {
namespace plugins {


//
// FilterLogic
//


struct FilterLogic::Node
{
	enum Kind { LEAF, AND, OR, NOT } kind = LEAF;
	std::size_t index = 0;
	std::shared_ptr<Node> left, right;
};


namespace
{
	class LogicParser
		/// Recursive descent; its nesting and its number of terms are bounded
		/// so that neither parsing nor evaluating the tree can exhaust the stack.
	{
	public:
		LogicParser(const std::string& text, std::size_t filters): _text(text), _filters(filters) {}

		std::shared_ptr<FilterLogic::Node> parse()
		{
			auto node = orExpression();
			skipSpace();
			if (_at < _text.size()) fail("unexpected '" + fragment(10) + "'");
			return node;
		}

	private:
		using NodePtr = std::shared_ptr<FilterLogic::Node>;

		[[noreturn]] void fail(const std::string& problem) const
		{
			// A long expression is not repeated back whole: the position and what is there say enough.
			const std::string quoted = _text.size() <= 100 ? "\"" + _text + "\"" : "(" + std::to_string(_text.size()) + " characters)";
			throw std::invalid_argument("filter_logic " + quoted + ": " + problem + " at character " + std::to_string(_at + 1));
		}

		std::string fragment(std::size_t length) const
			/// Up to length bytes from where the parser is, not ending inside a UTF-8 character.
		{
			const auto inside = [this](std::size_t i) { return i < _text.size() && (static_cast<unsigned char>(_text[i]) & 0xC0) == 0x80; };
			std::size_t end = std::min(_text.size(), _at + length);
			while (end > _at + 1 && inside(end)) --end;
			while (inside(end)) ++end;
			return _text.substr(_at, end - _at);
		}

		void enter()
		{
			if (++_depth > FilterLogic::MAX_NESTING)
				fail("nested more than " + std::to_string(FilterLogic::MAX_NESTING) + " levels deep (parentheses and NOT)");
		}

		void skipSpace()
		{
			while (_at < _text.size() && std::isspace(static_cast<unsigned char>(_text[_at]))) ++_at;
		}

		bool keyword(const char* word)
		{
			skipSpace();
			const std::size_t n = std::char_traits<char>::length(word);
			if (_text.size() - _at < n) return false;
			for (std::size_t i = 0; i < n; ++i)
				if (std::toupper(static_cast<unsigned char>(_text[_at + i])) != word[i]) return false;
			if (_at + n < _text.size() && std::isalnum(static_cast<unsigned char>(_text[_at + n]))) return false;
			_at += n;
			return true;
		}

		NodePtr combine(FilterLogic::Node::Kind kind, NodePtr left, NodePtr right)
		{
			auto node = std::make_shared<FilterLogic::Node>();
			node->kind = kind;
			node->left = std::move(left);
			node->right = std::move(right);
			return node;
		}

		NodePtr orExpression()
		{
			NodePtr node = andExpression();
			while (keyword("OR")) node = combine(FilterLogic::Node::OR, node, andExpression());
			return node;
		}

		NodePtr andExpression()
		{
			NodePtr node = unary();
			while (keyword("AND")) node = combine(FilterLogic::Node::AND, node, unary());
			return node;
		}

		NodePtr unary()
		{
			if (keyword("NOT"))
			{
				enter();
				NodePtr node = combine(FilterLogic::Node::NOT, unary(), nullptr);
				--_depth;
				return node;
			}
			skipSpace();
			if (_at < _text.size() && _text[_at] == '(')
			{
				enter();
				++_at;
				NodePtr node = orExpression();
				skipSpace();
				if (_at >= _text.size() || _text[_at] != ')') fail("missing ')'");
				++_at;
				--_depth;
				return node;
			}
			return term();
		}

		NodePtr term()
		{
			if (++_terms > FilterLogic::MAX_TERMS) fail("more than " + std::to_string(FilterLogic::MAX_TERMS) + " filter numbers");
			const std::size_t start = _at;
			std::size_t index = 0;
			while (_at < _text.size() && std::isdigit(static_cast<unsigned char>(_text[_at])))
			{
				if (index <= _filters) index = index * 10 + static_cast<std::size_t>(_text[_at] - '0');
				++_at;
			}
			if (start == _at) fail(_at < _text.size() ? "expected a filter number, found '" + fragment(1) + "'" : "expected a filter number");
			if (index < 1 || index > _filters)
			{
				const std::string number = _text.substr(start, std::min<std::size_t>(_at - start, 20));
				_at = start;
				fail("there is no filter " + number + " (filters are numbered 1 to " + std::to_string(_filters) + ")");
			}
			auto node = std::make_shared<FilterLogic::Node>();
			node->index = index - 1;
			return node;
		}

		const std::string& _text;
		std::size_t _filters;
		std::size_t _at = 0;
		std::size_t _depth = 0;
		std::size_t _terms = 0;
	};


	bool evaluateNode(const FilterLogic::Node& node, const std::vector<bool>& results)
	{
		switch (node.kind)
		{
		case FilterLogic::Node::LEAF: return results.at(node.index);
		case FilterLogic::Node::AND: return evaluateNode(*node.left, results) && evaluateNode(*node.right, results);
		case FilterLogic::Node::OR: return evaluateNode(*node.left, results) || evaluateNode(*node.right, results);
		case FilterLogic::Node::NOT: return !evaluateNode(*node.left, results);
		}
		return false;
	}
}


FilterLogic FilterLogic::parse(const std::string& text, std::size_t filters)
{
	FilterLogic logic;
	logic._filters = filters;
	if (text.find_first_not_of(" \t\r\n") != std::string::npos) logic._root = LogicParser(text, filters).parse();
	return logic;
}


bool FilterLogic::evaluate(const std::vector<bool>& results) const
{
	if (_root) return evaluateNode(*_root, results);
	return std::all_of(results.begin(), results.end(), [](bool b) { return b; });
}


//
// Filters
//


namespace
{
	const std::vector<std::string> FUNCTIONS = {"Equality", "Inequality", "IsNull", "IsNotNull", "True", "False", "GreaterThan",
		"GreaterThanEqual", "LessThan", "LessThanEqual", "OnOrAfter", "OnOrBefore", "Between", "StringContains", "StringDoesNotContain",
		"StringStartsWith", "StringEndsWith", "StringOneOf", "StringNotOneOf"};


	bool takesNoValue(const std::string& f)
	{
		return f == "IsNull" || f == "IsNotNull" || f == "True" || f == "False";
	}


	std::string valueText(const json::Value& v)
	{
		if (v.isString()) return v.asString();
		if (v.isNull()) return "";
		return v.dump();
	}


	enum class Order { LESS, EQUAL, GREATER, UNCOMPARABLE };


	Order compareCell(const sdk::BatchReader& batch, int64_t row, std::size_t column, const json::Value& value)
	{
		const sdk::Type type = batch.field(column).type;
		const auto order = [](auto a, auto b) { return a < b ? Order::LESS : b < a ? Order::GREATER : Order::EQUAL; };
		try
		{
			switch (type)
			{
			case sdk::Type::Int64:
			case sdk::Type::Float64:
			case sdk::Type::Decimal:
			{
				const double cell = type == sdk::Type::Int64 ? static_cast<double>(batch.getInt64(row, column)) :
					type == sdk::Type::Float64 ? batch.getFloat64(row, column) : std::stod(std::string(batch.getString(row, column)));
				const double other = value.isNumber() ? value.asDouble() : std::stod(valueText(value));
				if (type == sdk::Type::Int64 && value.isNumber() && value.isInteger())
					return order(batch.getInt64(row, column), value.asInt64());
				return order(cell, other);
			}
			case sdk::Type::Timestamp: return order(batch.getTimestamp(row, column), parseTimestamp(valueText(value)));
			case sdk::Type::Date:
			{
				const std::string text = valueText(value);
				return order(static_cast<int64_t>(batch.getDate(row, column)) * 86400000000LL, parseTimestamp(text));
			}
			case sdk::Type::Bool:
				if (!value.isBool()) return Order::UNCOMPARABLE;
				return order(batch.getBool(row, column), value.asBool());
			default: return order(cellText(batch, row, column), valueText(value));
			}
		}
		catch (const std::exception&)
		{
			return Order::UNCOMPARABLE;
		}
	}


	bool contains(const std::string& text, const std::string& part)
	{
		return text.find(part) != std::string::npos;
	}


	bool compares(const std::string& f)
	{
		return f == "Equality" || f == "Inequality" || f == "GreaterThan" || f == "GreaterThanEqual" || f == "LessThan" ||
			f == "LessThanEqual" || f == "OnOrAfter" || f == "OnOrBefore" || f == "Between";
	}


	void checkTimeValue(const std::string& field, const std::string& function, const json::Value& value, sdk::Type type)
		/// A comparison with a date or timestamp field needs a value that is one: otherwise it
		/// would match nothing (or everything, for Inequality) without a word.
	{
		if ((type != sdk::Type::Date && type != sdk::Type::Timestamp) || !compares(function)) return;
		try
		{
			if (function == "Between")
				for (const auto& v: value.items()) parseTimestamp(valueText(v));
			else
				parseTimestamp(valueText(value));
		}
		catch (const std::runtime_error& e)
		{
			throw std::runtime_error("the " + function + " filter on '" + field + "': " + e.what());
		}
	}
}


const std::vector<std::string>& filterFunctions()
{
	return FUNCTIONS;
}


void checkFilter(const std::string& function, const json::Value& value, const std::string& field)
{
	if (std::find(FUNCTIONS.begin(), FUNCTIONS.end(), function) == FUNCTIONS.end())
	{
		std::string all;
		for (const auto& f: FUNCTIONS) all += (all.empty() ? "" : ", ") + f;
		throw std::invalid_argument("unknown filter function '" + function + "'; supported: " + all);
	}
	if (takesNoValue(function)) return;
	if (function == "Between" && !(value.isArray() && value.size() == 2))
		throw std::invalid_argument("Between takes a value of two elements: [low, high]");
	if ((function == "StringOneOf" || function == "StringNotOneOf") && !value.isArray())
		throw std::invalid_argument(function + " takes an array of values");
	if (value.isNull()) throw std::invalid_argument(function + " needs a value");
	if (function == "OnOrAfter" || function == "OnOrBefore")
	{
		// Their names say a date: a value that is none would be saved and match nothing, without a word.
		try
		{
			if (!value.isString()) throw std::runtime_error("a " + std::string(value.isNumber() ? "number" : "non-string value") +
				" is not an ISO 8601 date (YYYY-MM-DD) or timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM])");
			parseTimestamp(value.asString());
		}
		catch (const std::runtime_error& e)
		{
			throw std::invalid_argument((field.empty() ? function : "the " + function + " filter on '" + field + "'") +
				" takes a date or a timestamp: " + e.what());
		}
	}
}


//
// Cells
//


std::string cellText(const sdk::BatchReader& batch, int64_t row, std::size_t column)
{
	switch (batch.field(column).type)
	{
	case sdk::Type::String:
	case sdk::Type::Decimal:
	case sdk::Type::Json: return std::string(batch.getString(row, column));
	case sdk::Type::Int64: return std::to_string(batch.getInt64(row, column));
	case sdk::Type::Float64:
	{
		char buffer[32];
		std::snprintf(buffer, sizeof(buffer), "%.17g", batch.getFloat64(row, column));
		return buffer;
	}
	case sdk::Type::Bool: return batch.getBool(row, column) ? "true" : "false";
	case sdk::Type::Date: return civilFromDays(batch.getDate(row, column));
	case sdk::Type::Timestamp: return formatTimestamp(batch.getTimestamp(row, column));
	case sdk::Type::Binary:
	{
		static const char* HEX = "0123456789abcdef";
		std::string out;
		for (unsigned char c: batch.getString(row, column))
		{
			out += HEX[c >> 4];
			out += HEX[c & 15];
		}
		return out;
	}
	case sdk::Type::Null: return "";
	}
	return "";
}


uint64_t fnv1a(const char* data, std::size_t size, uint64_t hash)
{
	for (std::size_t i = 0; i < size; ++i)
	{
		hash ^= static_cast<unsigned char>(data[i]);
		hash *= 1099511628211ull;
	}
	return hash;
}


//
// RecordMapper
//


namespace
{
	sdk::Type typeOfJson(const json::Value& v)
	{
		if (v.isBool()) return sdk::Type::Bool;
		if (v.isNumber()) return v.isInteger() ? sdk::Type::Int64 : sdk::Type::Float64;
		if (v.isObject() || v.isArray()) return sdk::Type::Json;
		return sdk::Type::String;
	}


	bool fits(sdk::Type type, const json::Value& v)
	{
		if (v.isNull()) return true;
		switch (type)
		{
		case sdk::Type::String: return v.isString();
		case sdk::Type::Int64: return v.isNumber() && v.isInteger();
		case sdk::Type::Float64:
		case sdk::Type::Decimal: return v.isNumber();
		case sdk::Type::Bool: return v.isBool();
		case sdk::Type::Json: return true;
		default: return false;
		}
	}


	void appendJson(sdk::BatchBuilder& out, std::size_t column, const json::Value& v)
	{
		if (v.isNull())
		{
			out.appendNull(column);
			return;
		}
		switch (out.field(column).type)
		{
		case sdk::Type::Int64: out.appendInt64(column, v.asInt64()); break;
		case sdk::Type::Float64: out.appendFloat64(column, v.asDouble()); break;
		case sdk::Type::Bool: out.appendBool(column, v.asBool()); break;
		case sdk::Type::Decimal: out.appendDecimal(column, v.dump()); break;
		case sdk::Type::Json: out.appendJson(column, v.dump()); break;
		default: out.appendString(column, v.isString() ? v.asString() : v.dump()); break;
		}
	}


	void copyCell(const sdk::BatchReader& in, int64_t row, std::size_t column, sdk::BatchBuilder& out, std::size_t target)
	{
		if (in.isNull(row, column))
		{
			out.appendNull(target);
			return;
		}
		const sdk::Type outType = out.field(target).type;
		if (outType != in.field(column).type)
		{
			out.appendString(target, cellText(in, row, column));
			return;
		}
		switch (outType)
		{
		case sdk::Type::String: out.appendString(target, in.getString(row, column)); break;
		case sdk::Type::Decimal: out.appendDecimal(target, in.getString(row, column)); break;
		case sdk::Type::Json: out.appendJson(target, in.getString(row, column)); break;
		case sdk::Type::Binary: out.appendBinary(target, in.getString(row, column)); break;
		case sdk::Type::Int64: out.appendInt64(target, in.getInt64(row, column)); break;
		case sdk::Type::Float64: out.appendFloat64(target, in.getFloat64(row, column)); break;
		case sdk::Type::Bool: out.appendBool(target, in.getBool(row, column)); break;
		case sdk::Type::Date: out.appendDate(target, in.getDate(row, column)); break;
		case sdk::Type::Timestamp: out.appendTimestamp(target, in.getTimestamp(row, column)); break;
		case sdk::Type::Null: out.appendNull(target); break;
		}
	}


	const json::Value& listOf(const json::Value& value)
		/// The array, or an empty one for an absent (null) value.
	{
		static const json::Value empty = json::Value::array();
		if (value.isNull()) return empty;
		if (!value.isArray()) throw std::invalid_argument("expected an array, not " + value.dump());
		return value;
	}


	std::string fieldName(const json::Value& field)
		/// "name" or {"model_id", "field"}.
	{
		return field.isString() ? field.asString() : field.getString("field");
	}
}


RecordMapper::RecordMapper(const json::Value& spec)
{
	const json::Value& identity = spec["identity"];
	if (identity.isObject())
	{
		_identitySource = fieldName(identity["source"]);
		_identityTarget = identity.getString("target");
	}
	for (const auto& f: listOf(spec["filters"]).items())
	{
		_filters.push_back(Filter{fieldName(f["field"]), f.getString("function"), f["value"]});
		checkFilter(_filters.back().function, _filters.back().value, _filters.back().field);
	}
	_logic = FilterLogic::parse(spec.getString("filter_logic"), _filters.size());
	for (const auto& f: listOf(spec["fields"]).items())
	{
		Mapping m;
		m.source = f["source"].isNull() ? std::string() : fieldName(f["source"]);
		m.target = f.getString("target");
		m.staticValue = f["override_value"];
		if (m.source.empty() && m.staticValue.isNull() && !f.has("override_value"))
			throw std::invalid_argument("field '" + m.target + "' has neither a source field nor an override_value");
		if (!m.staticValue.isNull()) m.source.clear(); // an unconditional constant wins over the source
		_mappings.push_back(m);
	}
	for (const auto& o: listOf(spec["overrides"]).items())
	{
		Override override{Filter{fieldName(o["field"]), o.getString("function"), o["value"]}, o["override"]};
		checkFilter(override.when.function, override.when.value, override.when.field);
		bool used = false;
		for (auto& m: _mappings)
			if (!m.source.empty() && m.source == override.when.field)
			{
				m.overrides.push_back(override);
				used = true;
			}
		if (!used) throw std::invalid_argument("override on '" + override.when.field + "': no mapped field comes from it");
	}
	for (const auto& t: listOf(spec["tracking_columns"]).items()) _tracking.push_back(t.asString());
	if (!_identityTarget.empty())
	{
		const bool mapped = std::any_of(_mappings.begin(), _mappings.end(), [&](const Mapping& m) { return m.target == _identityTarget; });
		if (!mapped) _mappings.insert(_mappings.begin(), Mapping{_identitySource, _identityTarget, json::Value(), {}, -1});
	}
}


void RecordMapper::bind(const sdk::BatchReader& batch)
{
	std::vector<std::string> names;
	for (const auto& f: batch.fields()) names.push_back(f.name);
	if (names == _boundNames) return;
	const auto column = [&](const std::string& name, const std::string& role) {
		const int c = batch.find(name);
		if (c < 0) throw std::runtime_error("the model has no field '" + name + "' (" + role + ")");
		return c;
	};
	_identityColumn = _identitySource.empty() ? -1 : column(_identitySource, "the identity");
	for (auto& f: _filters)
	{
		f.column = column(f.field, "a filter");
		checkTimeValue(f.field, f.function, f.value, batch.field(static_cast<std::size_t>(f.column)).type);
	}
	_trackingColumns.clear();
	for (const auto& t: _tracking) _trackingColumns.push_back(column(t, "a tracking column"));
	_targetFields.clear();
	for (auto& m: _mappings)
	{
		for (auto& o: m.overrides)
		{
			o.when.column = column(o.when.field, "an override");
			checkTimeValue(o.when.field, o.when.function, o.when.value, batch.field(static_cast<std::size_t>(o.when.column)).type);
		}
		sdk::Type type;
		if (m.source.empty())
		{
			type = typeOfJson(m.staticValue);
		}
		else
		{
			m.column = column(m.source, "mapped to '" + m.target + "'");
			type = batch.field(static_cast<std::size_t>(m.column)).type;
			for (const auto& o: m.overrides)
				if (!fits(type, o.value)) type = sdk::Type::String;
		}
		_targetFields.push_back(sdk::Field{m.target, type, true});
	}
	_boundNames = names;
}


const std::vector<sdk::Field>& RecordMapper::targetFields() const
{
	return _targetFields;
}


const std::string& RecordMapper::identityTarget() const
{
	return _identityTarget;
}


bool RecordMapper::hasIdentity() const
{
	return _identityColumn >= 0;
}


bool RecordMapper::holds(const Filter& filter, const sdk::BatchReader& batch, int64_t row) const
{
	const std::size_t c = static_cast<std::size_t>(filter.column);
	const std::string& f = filter.function;
	const bool null = batch.isNull(row, c);
	if (f == "IsNull") return null;
	if (f == "IsNotNull") return !null;
	if (null) return f == "Inequality" || f == "StringDoesNotContain" || f == "StringNotOneOf";
	if (f == "True" || f == "False")
		return batch.field(c).type == sdk::Type::Bool ? batch.getBool(row, c) == (f == "True") : cellText(batch, row, c) == (f == "True" ? "true" : "false");
	if (f == "StringOneOf" || f == "StringNotOneOf")
	{
		const std::string text = cellText(batch, row, c);
		bool found = false;
		for (const auto& v: filter.value.items()) found = found || valueText(v) == text;
		return found == (f == "StringOneOf");
	}
	if (f == "StringContains") return contains(cellText(batch, row, c), valueText(filter.value));
	if (f == "StringDoesNotContain") return !contains(cellText(batch, row, c), valueText(filter.value));
	if (f == "StringStartsWith") return cellText(batch, row, c).rfind(valueText(filter.value), 0) == 0;
	if (f == "StringEndsWith")
	{
		const std::string text = cellText(batch, row, c), end = valueText(filter.value);
		return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
	}
	if (f == "Between")
	{
		const Order low = compareCell(batch, row, c, filter.value[0]), high = compareCell(batch, row, c, filter.value[1]);
		return (low == Order::GREATER || low == Order::EQUAL) && (high == Order::LESS || high == Order::EQUAL);
	}
	const Order o = compareCell(batch, row, c, filter.value);
	if (f == "Equality") return o == Order::EQUAL;
	if (f == "Inequality") return o != Order::EQUAL;
	if (f == "GreaterThan") return o == Order::GREATER;
	if (f == "GreaterThanEqual" || f == "OnOrAfter") return o == Order::GREATER || o == Order::EQUAL;
	if (f == "LessThan") return o == Order::LESS;
	if (f == "LessThanEqual" || f == "OnOrBefore") return o == Order::LESS || o == Order::EQUAL;
	return false;
}


bool RecordMapper::passes(const sdk::BatchReader& batch, int64_t row) const
{
	if (_filters.empty()) return true;
	std::vector<bool> results;
	results.reserve(_filters.size());
	for (const auto& f: _filters) results.push_back(holds(f, batch, row));
	return _logic.evaluate(results);
}


std::string RecordMapper::identity(const sdk::BatchReader& batch, int64_t row) const
{
	if (_identityColumn >= 0)
		return batch.isNull(row, static_cast<std::size_t>(_identityColumn)) ? std::string() : cellText(batch, row, static_cast<std::size_t>(_identityColumn));
	char buffer[17];
	std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(mappedHash(batch, row)));
	return buffer;
}


const json::Value* RecordMapper::overrideFor(const Mapping& mapping, const sdk::BatchReader& batch, int64_t row) const
{
	if (!mapping.source.empty() && mapping.overrides.empty()) return nullptr;
	if (mapping.source.empty()) return &mapping.staticValue;
	for (const auto& o: mapping.overrides)
		if (holds(o.when, batch, row)) return &o.value;
	return nullptr;
}


uint64_t RecordMapper::hash(const sdk::BatchReader& batch, int64_t row) const
{
	// Each mapped value with its target name, fed to FNV-1a as bytes: fixed-width
	// values as their binary form, others as their text, nulls as a marker no
	// value has. Stable across runs and versions: the ledger keeps these hashes.
	uint64_t h = 14695981039346656037ull;
	const auto feed = [&h](const void* data, std::size_t size) { h = fnv1a(static_cast<const char*>(data), size, h); };
	if (!_trackingColumns.empty())
	{
		// The model says which columns tell a change: those alone.
		feed("\x02tracking", 9);
		for (int c: _trackingColumns)
		{
			const std::size_t column = static_cast<std::size_t>(c);
			const std::string text = batch.isNull(row, column) ? std::string("\x01null", 5) : "v" + cellText(batch, row, column);
			feed(text.data(), text.size());
			feed("\x1e", 1);
		}
		return h;
	}
	return mappedHash(batch, row);
}


uint64_t RecordMapper::mappedHash(const sdk::BatchReader& batch, int64_t row) const
{
	uint64_t h = 14695981039346656037ull;
	const auto feed = [&h](const void* data, std::size_t size) { h = fnv1a(static_cast<const char*>(data), size, h); };
	for (const Mapping& m: _mappings)
	{
		feed(m.target.data(), m.target.size());
		feed("\x1f", 1);
		const json::Value* value = overrideFor(m, batch, row);
		const std::size_t column = static_cast<std::size_t>(m.column);
		if (value ? value->isNull() : batch.isNull(row, column))
		{
			feed("\x01null", 5);
		}
		else if (value)
		{
			const std::string text = "v" + valueText(*value);
			feed(text.data(), text.size());
		}
		else
		{
			const sdk::Type type = batch.field(column).type;
			const char tag = static_cast<char>('a' + static_cast<int>(type));
			feed(&tag, 1);
			switch (type)
			{
			case sdk::Type::Int64:
			case sdk::Type::Timestamp:
			{
				const int64_t v = batch.getInt64(row, column);
				feed(&v, sizeof(v));
				break;
			}
			case sdk::Type::Float64:
			{
				const double v = batch.getFloat64(row, column);
				feed(&v, sizeof(v));
				break;
			}
			case sdk::Type::Date:
			{
				const int32_t v = batch.getDate(row, column);
				feed(&v, sizeof(v));
				break;
			}
			case sdk::Type::Bool:
			{
				const char v = batch.getBool(row, column) ? 1 : 0;
				feed(&v, 1);
				break;
			}
			case sdk::Type::Null: break;
			default:
			{
				const std::string_view v = batch.getString(row, column);
				feed(v.data(), v.size());
			}
			}
		}
		feed("\x1e", 1);
	}
	return h;
}


void RecordMapper::append(const sdk::BatchReader& batch, int64_t row, sdk::BatchBuilder& out) const
{
	for (std::size_t i = 0; i < _mappings.size(); ++i)
	{
		const Mapping& m = _mappings[i];
		if (const json::Value* value = overrideFor(m, batch, row)) appendJson(out, i, *value);
		else copyCell(batch, row, static_cast<std::size_t>(m.column), out, i);
	}
}


} } // namespace polytomic::plugins
