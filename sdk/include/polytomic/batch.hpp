//
// polytomic/batch.hpp
//
// Batches of records in the Arrow C Data Interface layout, built and read
// without touching a raw buffer: BatchBuilder (a connector reading a source)
// and BatchReader (a connector writing to a destination). Header-only; part
// of the connector SDK.
//


#ifndef POLYTOMIC_BATCH_HPP
#define POLYTOMIC_BATCH_HPP


#include "polytomic/connector.h"
#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>


namespace polytomic {
namespace sdk {


enum class Type
	/// The SDK's field types. Decimal keeps its digits as text (no precision is
	/// lost); Date is days since 1970-01-01; Timestamp is microseconds since the
	/// epoch, UTC; Json is JSON text.
{
	String,
	Int64,
	Float64,
	Bool,
	Decimal,
	Date,
	Timestamp,
	Json,
	Binary,
	Null
};


inline const char* typeName(Type type)
	/// The name used in catalogs: "string", "int64", "float64", "bool", "decimal",
	/// "date", "timestamp", "json", "binary", "null".
{
	switch (type)
	{
	case Type::String: return "string";
	case Type::Int64: return "int64";
	case Type::Float64: return "float64";
	case Type::Bool: return "bool";
	case Type::Decimal: return "decimal";
	case Type::Date: return "date";
	case Type::Timestamp: return "timestamp";
	case Type::Json: return "json";
	case Type::Binary: return "binary";
	case Type::Null: return "null";
	}
	return "null";
}


inline Type parseType(const std::string& name)
{
	for (Type t: {Type::String, Type::Int64, Type::Float64, Type::Bool, Type::Decimal, Type::Date, Type::Timestamp, Type::Json,
			 Type::Binary, Type::Null})
		if (name == typeName(t)) return t;
	throw std::runtime_error("unknown field type '" + name + "'");
}


struct Field
{
	std::string name;
	Type type;
	bool nullable = true;
};


namespace detail {


inline const char* arrowFormat(Type type)
{
	switch (type)
	{
	case Type::String:
	case Type::Decimal:
	case Type::Json: return "u";
	case Type::Int64: return "l";
	case Type::Float64: return "g";
	case Type::Bool: return "b";
	case Type::Date: return "tdD";
	case Type::Timestamp: return "tsu:UTC";
	case Type::Binary: return "z";
	case Type::Null: return "n";
	}
	return "n";
}


inline const char* extensionName(Type type)
{
	if (type == Type::Decimal) return "polytomic.decimal";
	if (type == Type::Json) return "arrow.json";
	return nullptr;
}


inline std::string encodeMetadata(const std::string& key, const std::string& value)
	/// Arrow's metadata encoding: int32 count, then (int32 length, bytes) for each key and value.
{
	std::string out;
	auto put = [&out](int32_t n) { out.append(reinterpret_cast<const char*>(&n), sizeof(n)); };
	put(1);
	put(static_cast<int32_t>(key.size()));
	out += key;
	put(static_cast<int32_t>(value.size()));
	out += value;
	return out;
}


inline std::string findMetadata(const char* metadata, const std::string& wanted)
{
	if (!metadata) return "";
	auto get = [&metadata]() {
		int32_t n;
		std::memcpy(&n, metadata, sizeof(n));
		metadata += sizeof(n);
		return n;
	};
	const int32_t pairs = get();
	for (int32_t i = 0; i < pairs; ++i)
	{
		int32_t keyLength = get();
		if (keyLength < 0) throw std::runtime_error("field metadata with a negative length");
		std::string key(metadata, static_cast<std::size_t>(keyLength));
		metadata += keyLength;
		int32_t valueLength = get();
		if (valueLength < 0) throw std::runtime_error("field metadata with a negative length");
		std::string value(metadata, static_cast<std::size_t>(valueLength));
		metadata += valueLength;
		if (key == wanted) return value;
	}
	return "";
}


inline Type typeOf(const ArrowSchema& schema)
{
	const std::string format = schema.format ? schema.format : "";
	const std::string extension = findMetadata(schema.metadata, "ARROW:extension:name");
	// Not "U": its offsets are 64-bit, and getString() reads 32-bit ones.
	if (format == "u")
	{
		if (extension == "polytomic.decimal") return Type::Decimal;
		if (extension == "arrow.json") return Type::Json;
		return Type::String;
	}
	if (format == "l") return Type::Int64;
	if (format == "g") return Type::Float64;
	if (format == "b") return Type::Bool;
	if (format == "tdD") return Type::Date;
	if (format.rfind("tsu:", 0) == 0) return Type::Timestamp;
	if (format == "z") return Type::Binary;
	if (format == "n") return Type::Null;
	throw std::runtime_error("unsupported Arrow format '" + format + "' for field '" + (schema.name ? schema.name : "") + "'");
}


struct Column
	/// One column's buffers while it is built, and after, while the batch lives.
{
	Field field;
	std::vector<uint8_t> validity;
	std::vector<uint8_t> bits;        // Bool values
	std::vector<int64_t> int64s;      // Int64, Timestamp
	std::vector<double> float64s;     // Float64
	std::vector<int32_t> int32s;      // Date
	std::vector<int32_t> offsets{0};  // String, Decimal, Json, Binary
	std::string bytes;
	int64_t length = 0;
	int64_t nulls = 0;
	std::string format;
	std::string metadata;
	const void* buffers[3] = {nullptr, nullptr, nullptr};
	ArrowSchema schema{};
	ArrowArray array{};
	ArrowSchema* schemaPointer = &schema;
	ArrowArray* arrayPointer = &array;

	static void setBit(std::vector<uint8_t>& bitmap, int64_t index, bool value)
	{
		const std::size_t byte = static_cast<std::size_t>(index / 8);
		if (bitmap.size() <= byte) bitmap.resize(byte + 1, 0);
		if (value) bitmap[byte] |= static_cast<uint8_t>(1u << (index % 8));
		else bitmap[byte] &= static_cast<uint8_t>(~(1u << (index % 8)));
	}

	void markValid(bool valid)
	{
		setBit(validity, length, valid);
		if (!valid) ++nulls;
	}
};


struct BatchStorage
{
	std::vector<std::unique_ptr<Column>> columns;
	std::vector<ArrowSchema*> childSchemas;
	std::vector<ArrowArray*> childArrays;
	const void* rootBuffers[1] = {nullptr};
	std::string emptyName;
};


inline void releaseChildSchema(ArrowSchema* schema) { schema->release = nullptr; }
inline void releaseChildArray(ArrowArray* array) { array->release = nullptr; }


inline void releaseRootSchema(ArrowSchema* schema)
{
	for (int64_t i = 0; i < schema->n_children; ++i)
		if (schema->children[i]->release) schema->children[i]->release(schema->children[i]);
	delete static_cast<std::shared_ptr<BatchStorage>*>(schema->private_data);
	schema->release = nullptr;
}


inline void releaseRootArray(ArrowArray* array)
{
	for (int64_t i = 0; i < array->n_children; ++i)
		if (array->children[i]->release) array->children[i]->release(array->children[i]);
	delete static_cast<std::shared_ptr<BatchStorage>*>(array->private_data);
	array->release = nullptr;
}


} // namespace detail


class BatchBuilder
	/// Builds one batch column by column, row by row: call one append per column
	/// for each row (in any column order), then finish(). Appending the wrong type
	/// to a column throws.
{
public:
	explicit BatchBuilder(const std::vector<Field>& fields):
		_storage(std::make_shared<detail::BatchStorage>())
	{
		for (const Field& f: fields)
		{
			auto column = std::make_unique<detail::Column>();
			column->field = f;
			_storage->columns.push_back(std::move(column));
		}
	}

	std::size_t columns() const { return _storage->columns.size(); }
	const Field& field(std::size_t column) const { return _storage->columns.at(column)->field; }

	int64_t rows() const
	{
		int64_t n = 0;
		for (const auto& c: _storage->columns) n = std::max(n, c->length);
		return n;
	}

	std::size_t bytes() const
		/// Approximate memory held, to bound batches by size as well as rows.
	{
		std::size_t n = 0;
		for (const auto& c: _storage->columns)
			n += c->bytes.size() + c->offsets.size() * 4 + c->int64s.size() * 8 + c->float64s.size() * 8 + c->int32s.size() * 4;
		return n;
	}

	void appendNull(std::size_t column)
	{
		detail::Column& c = at(column);
		c.markValid(false);
		switch (c.field.type)
		{
		case Type::Bool: detail::Column::setBit(c.bits, c.length, false); break;
		case Type::Int64:
		case Type::Timestamp: c.int64s.push_back(0); break;
		case Type::Float64: c.float64s.push_back(0); break;
		case Type::Date: c.int32s.push_back(0); break;
		case Type::Null: break;
		default: c.offsets.push_back(static_cast<int32_t>(c.bytes.size())); break;
		}
		++c.length;
	}

	void appendString(std::size_t column, std::string_view value) { appendBytes(column, value, Type::String); }
	void appendDecimal(std::size_t column, std::string_view digits) { appendBytes(column, digits, Type::Decimal); }
	void appendJson(std::size_t column, std::string_view json) { appendBytes(column, json, Type::Json); }
	void appendBinary(std::size_t column, std::string_view value) { appendBytes(column, value, Type::Binary); }

	void appendInt64(std::size_t column, int64_t value) { appendFixed(column, Type::Int64, &detail::Column::int64s, value); }
	void appendFloat64(std::size_t column, double value) { appendFixed(column, Type::Float64, &detail::Column::float64s, value); }

	void appendBool(std::size_t column, bool value)
	{
		detail::Column& c = typed(column, Type::Bool);
		c.markValid(true);
		detail::Column::setBit(c.bits, c.length, value);
		++c.length;
	}

	void appendDate(std::size_t column, int32_t daysSinceEpoch)
	{
		appendFixed(column, Type::Date, &detail::Column::int32s, daysSinceEpoch);
	}

	void appendTimestamp(std::size_t column, int64_t microsSinceEpoch)
	{
		appendFixed(column, Type::Timestamp, &detail::Column::int64s, microsSinceEpoch);
	}

	void finish(ArrowSchema* schema, ArrowArray* array)
		/// Hands the batch over as a struct array; the builder is empty afterwards.
		/// Every column must have the same number of rows.
	{
		const int64_t length = rows();
		for (const auto& c: _storage->columns)
			if (c->length != length)
				throw std::logic_error("column '" + c->field.name + "' has " + std::to_string(c->length) + " rows, others " +
					std::to_string(length));
		for (auto& c: _storage->columns) seal(*c);
		for (auto& c: _storage->columns)
		{
			_storage->childSchemas.push_back(c->schemaPointer);
			_storage->childArrays.push_back(c->arrayPointer);
		}
		*schema = ArrowSchema{};
		schema->format = "+s";
		schema->name = _storage->emptyName.c_str();
		schema->n_children = static_cast<int64_t>(_storage->columns.size());
		schema->children = _storage->childSchemas.data();
		schema->release = &detail::releaseRootSchema;
		schema->private_data = new std::shared_ptr<detail::BatchStorage>(_storage);

		*array = ArrowArray{};
		array->length = length;
		array->n_buffers = 1;
		array->buffers = _storage->rootBuffers;
		array->n_children = static_cast<int64_t>(_storage->columns.size());
		array->children = _storage->childArrays.data();
		array->release = &detail::releaseRootArray;
		array->private_data = new std::shared_ptr<detail::BatchStorage>(_storage);

		std::vector<Field> fields;
		for (const auto& c: _storage->columns) fields.push_back(c->field);
		_storage = std::make_shared<detail::BatchStorage>();
		for (const Field& f: fields)
		{
			auto column = std::make_unique<detail::Column>();
			column->field = f;
			_storage->columns.push_back(std::move(column));
		}
	}

private:
	detail::Column& at(std::size_t column)
	{
		if (column >= _storage->columns.size()) throw std::out_of_range("no column " + std::to_string(column));
		return *_storage->columns[column];
	}

	detail::Column& typed(std::size_t column, Type type)
	{
		detail::Column& c = at(column);
		if (c.field.type != type)
			throw std::logic_error(std::string("column '") + c.field.name + "' is " + typeName(c.field.type) + ", not " + typeName(type));
		return c;
	}

	template <typename T>
	void appendFixed(std::size_t column, Type type, std::vector<T> detail::Column::*buffer, T value)
	{
		detail::Column& c = typed(column, type);
		c.markValid(true);
		(c.*buffer).push_back(value);
		++c.length;
	}

	void appendBytes(std::size_t column, std::string_view value, Type type)
	{
		detail::Column& c = typed(column, type);
		if (c.bytes.size() + value.size() > 0x7FFFFFFFu) throw std::length_error("batch column over 2 GiB; emit smaller batches");
		c.markValid(true);
		c.bytes.append(value.data(), value.size());
		c.offsets.push_back(static_cast<int32_t>(c.bytes.size()));
		++c.length;
	}

	static void seal(detail::Column& c)
	{
		c.format = detail::arrowFormat(c.field.type);
		if (const char* extension = detail::extensionName(c.field.type))
			c.metadata = detail::encodeMetadata("ARROW:extension:name", extension);
		c.validity.resize(static_cast<std::size_t>((c.length + 7) / 8), 0);
		c.schema = ArrowSchema{};
		c.schema.format = c.format.c_str();
		c.schema.name = c.field.name.c_str();
		c.schema.metadata = c.metadata.empty() ? nullptr : c.metadata.data();
		c.schema.flags = c.field.nullable ? ARROW_FLAG_NULLABLE : 0;
		c.schema.release = &detail::releaseChildSchema;

		c.array = ArrowArray{};
		c.array.length = c.length;
		c.array.null_count = c.nulls;
		c.array.release = &detail::releaseChildArray;
		c.array.buffers = c.buffers;
		c.buffers[0] = c.nulls ? c.validity.data() : nullptr;
		switch (c.field.type)
		{
		case Type::Null:
			c.array.n_buffers = 0;
			c.array.null_count = c.length;
			break;
		case Type::Bool:
			c.bits.resize(static_cast<std::size_t>((c.length + 7) / 8), 0);
			c.array.n_buffers = 2;
			c.buffers[1] = c.bits.data();
			break;
		case Type::Int64:
		case Type::Timestamp:
			c.array.n_buffers = 2;
			c.buffers[1] = c.int64s.data();
			break;
		case Type::Float64:
			c.array.n_buffers = 2;
			c.buffers[1] = c.float64s.data();
			break;
		case Type::Date:
			c.array.n_buffers = 2;
			c.buffers[1] = c.int32s.data();
			break;
		default:
			c.array.n_buffers = 3;
			c.buffers[1] = c.offsets.data();
			c.buffers[2] = c.bytes.data();
			break;
		}
	}

	std::shared_ptr<detail::BatchStorage> _storage;
};


class BatchReader
	/// Reads a batch (a struct array) without copying it. The schema and the
	/// array must outlive the reader.
{
public:
	BatchReader(const ArrowSchema* schema, const ArrowArray* array):
		_schema(schema),
		_array(array)
	{
		if (!schema || !array || !schema->format || std::string(schema->format) != "+s")
			throw std::runtime_error("a batch must be an Arrow struct array (format \"+s\")");
		if (schema->n_children != array->n_children) throw std::runtime_error("batch schema and array disagree on columns");
		for (int64_t i = 0; i < schema->n_children; ++i)
		{
			const ArrowSchema& child = *schema->children[i];
			_fields.push_back(Field{child.name ? child.name : "", detail::typeOf(child), (child.flags & ARROW_FLAG_NULLABLE) != 0});
			if (array->children[i]->length < array->length + array->offset)
				throw std::runtime_error("column '" + _fields.back().name + "' is shorter than the batch");
		}
	}

	int64_t rows() const { return _array->length; }
	std::size_t columns() const { return _fields.size(); }
	const Field& field(std::size_t column) const { return _fields.at(column); }
	const std::vector<Field>& fields() const { return _fields; }

	int find(const std::string& name) const
		/// The column of that name, or -1.
	{
		for (std::size_t i = 0; i < _fields.size(); ++i)
			if (_fields[i].name == name) return static_cast<int>(i);
		return -1;
	}

	bool isNull(int64_t row, std::size_t column) const
	{
		const ArrowArray& a = child(column);
		if (_fields[column].type == Type::Null) return true;
		if (a.null_count == 0 || !a.buffers[0]) return false;
		const int64_t i = index(row, a);
		return (static_cast<const uint8_t*>(a.buffers[0])[i / 8] & (1u << (i % 8))) == 0;
	}

	std::string_view getString(int64_t row, std::size_t column) const
		/// Works for String, Decimal, Json and Binary columns.
	{
		const ArrowArray& a = child(column);
		const int64_t i = index(row, a);
		const int32_t* offsets = static_cast<const int32_t*>(a.buffers[1]);
		const char* data = static_cast<const char*>(a.buffers[2]);
		return std::string_view(data + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i]));
	}

	int64_t getInt64(int64_t row, std::size_t column) const { return value<int64_t>(row, column); }
	int64_t getTimestamp(int64_t row, std::size_t column) const { return value<int64_t>(row, column); }
	double getFloat64(int64_t row, std::size_t column) const { return value<double>(row, column); }
	int32_t getDate(int64_t row, std::size_t column) const { return value<int32_t>(row, column); }

	bool getBool(int64_t row, std::size_t column) const
	{
		const ArrowArray& a = child(column);
		const int64_t i = index(row, a);
		return (static_cast<const uint8_t*>(a.buffers[1])[i / 8] & (1u << (i % 8))) != 0;
	}

private:
	const ArrowArray& child(std::size_t column) const { return *_array->children[column]; }
	int64_t index(int64_t row, const ArrowArray& a) const { return row + _array->offset + a.offset; }

	template <typename T>
	T value(int64_t row, std::size_t column) const
	{
		const ArrowArray& a = child(column);
		return static_cast<const T*>(a.buffers[1])[index(row, a)];
	}

	const ArrowSchema* _schema;
	const ArrowArray* _array;
	std::vector<Field> _fields;
};


} } // namespace polytomic::sdk


#endif // POLYTOMIC_BATCH_HPP
