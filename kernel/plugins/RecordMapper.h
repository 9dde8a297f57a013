//
// RecordMapper.h
//
// Definition of the RecordMapper class and the filter logic of model syncs.
//


#ifndef Polytomic_Plugins_RecordMapper_INCLUDED
#define Polytomic_Plugins_RecordMapper_INCLUDED


#include "polytomic/batch.hpp"
#include "polytomic/json.hpp"
#include <memory>
#include <string>
#include <vector>


namespace polytomic {
namespace plugins {


class FilterLogic
	/// A boolean expression over numbered filters, as in "1 AND (2 OR NOT 3)"
	/// (AND binds tighter than OR; case does not matter). Empty: all filters hold.
{
public:
	static FilterLogic parse(const std::string& text, std::size_t filters);
		/// Throws std::invalid_argument saying what is wrong and where, also when
		/// the expression nests deeper than MAX_NESTING or has more than MAX_TERMS terms.

	static constexpr std::size_t MAX_NESTING = 32;
		/// Parentheses and NOTs inside one another.
	static constexpr std::size_t MAX_TERMS = 1000;
		/// Filter numbers in one expression (a filter may appear more than once).

	bool evaluate(const std::vector<bool>& results) const;

	struct Node;

private:
	std::shared_ptr<Node> _root;
	std::size_t _filters = 0;
};


const std::vector<std::string>& filterFunctions();
	/// The filter functions model syncs support.

void checkFilter(const std::string& function, const json::Value& value, const std::string& field = std::string());
	/// Throws std::invalid_argument when the function is unknown or its value is not one it takes.
	/// OnOrAfter and OnOrBefore take a date or timestamp (parseTimestamp(), its ranges checked); field names
	/// the filter's field in that message.


std::string cellText(const sdk::BatchReader& batch, int64_t row, std::size_t column);
	/// A cell as text: numbers in decimal, dates and timestamps in ISO 8601,
	/// binary in hex; identities are compared and logged in this form.

uint64_t fnv1a(const char* data, std::size_t size, uint64_t hash = 14695981039346656037ull);


class RecordMapper
	/// Turns the model's batches into the target's: keeps the records that pass
	/// the filters, maps source fields to target fields (with static values and
	/// conditional overrides), and computes each record's identity and the hash
	/// of the values it sends, which the change ledger compares.
	///
	/// spec: {"identity": {"source", "target"} | null,
	///        "fields": [{"source"?, "target", "override_value"?}],
	///        "filters": [{"field", "function", "value"}], "filter_logic",
	///        "overrides": [{"field", "function", "value", "override"}],
	///        "tracking_columns": [field, ...]: when given, a record counts as
	///        changed only when one of these changed (the model's tracking columns)}
{
public:
	explicit RecordMapper(const json::Value& spec);

	void bind(const sdk::BatchReader& batch);
		/// Resolves field names against the model's batch (the first, or one whose
		/// columns changed); throws naming a field the model does not have.

	const std::vector<sdk::Field>& targetFields() const;
	const std::string& identityTarget() const;
	bool hasIdentity() const;

	bool passes(const sdk::BatchReader& batch, int64_t row) const;
	std::string identity(const sdk::BatchReader& batch, int64_t row) const;
		/// The identity's text ("" when null); without an identity, the hash of the values in hex.
	uint64_t hash(const sdk::BatchReader& batch, int64_t row) const;
	void append(const sdk::BatchReader& batch, int64_t row, sdk::BatchBuilder& out) const;

private:
	struct Filter
	{
		std::string field;
		std::string function;
		json::Value value;
		int column = -1;
	};
	struct Override
	{
		Filter when;
		json::Value value;
	};
	struct Mapping
	{
		std::string source;        /// empty: a static value
		std::string target;
		json::Value staticValue;
		std::vector<Override> overrides;
		int column = -1;
	};

	uint64_t mappedHash(const sdk::BatchReader& batch, int64_t row) const;
	bool holds(const Filter& filter, const sdk::BatchReader& batch, int64_t row) const;
	const json::Value* overrideFor(const Mapping& mapping, const sdk::BatchReader& batch, int64_t row) const;
	void appendValue(const sdk::BatchReader& batch, int64_t row, const Mapping& mapping, std::size_t column, sdk::BatchBuilder& out) const;

	std::string _identitySource;
	std::string _identityTarget;
	int _identityColumn = -1;
	std::vector<Mapping> _mappings;
	std::vector<Filter> _filters;
	FilterLogic _logic;
	std::vector<std::string> _tracking;
	std::vector<int> _trackingColumns;
	std::vector<sdk::Field> _targetFields;
	std::vector<std::string> _boundNames;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_RecordMapper_INCLUDED
