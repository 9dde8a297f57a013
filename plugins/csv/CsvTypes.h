//
// CsvTypes.h
//
// Definition of the CsvTypes class.
//


#ifndef Csv_CsvTypes_INCLUDED
#define Csv_CsvTypes_INCLUDED


#include "polytomic/batch.hpp"
#include <optional>
#include <string>
#include <string_view>


namespace csv {


class CsvTypes
	/// Field types inferred from text, and text as those types (integrations/csv.md).
	/// A field's type is the first of int64, decimal, float64, bool, date and
	/// timestamp that every non-empty sampled value is; string otherwise, and for a
	/// field with no value in the sample.
	///   int64      -?digits, no leading zero, within 64 bits ("007" stays a string)
	///   decimal    -?digits.digits (exact: the text is kept)
	///   float64    a decimal or integer with an exponent (1.5e3)
	///   bool       true or false, any letter case
	///   date       YYYY-MM-DD
	///   timestamp  YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM] (no zone: UTC)
{
public:
	class Guess
		/// Folds the sampled values of one field.
	{
	public:
		void see(std::string_view value);
		polytomic::sdk::Type type() const;

	private:
		unsigned _candidates = ~0u;
		bool _seen = false;
	};

	static bool append(polytomic::sdk::BatchBuilder& batch, std::size_t column, std::string_view text);
		/// Appends text as the column's type; false when it is not one (nothing appended).

	static std::string format(const polytomic::sdk::BatchReader& batch, int64_t row, std::size_t column);
		/// A value as the text a read infers the same type and value from.

	static std::optional<int64_t> int64Of(std::string_view text);
	static std::optional<int32_t> dateOf(std::string_view text);
	static std::optional<int64_t> timestampOf(std::string_view text);
	static bool isDecimal(std::string_view text);
	static std::optional<double> float64Of(std::string_view text);
	static std::optional<bool> boolOf(std::string_view text);
};


} // namespace csv


#endif // Csv_CsvTypes_INCLUDED
