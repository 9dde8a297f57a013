//
// PostgresWriter.h
//
// Definition of the PostgresWriter class.
//


#ifndef Polytomic_Postgres_PostgresWriter_INCLUDED
#define Polytomic_Postgres_PostgresWriter_INCLUDED


#include "PostgresConnection.h"
#include "TableName.h"
#include "polytomic/connector.hpp"
#include <map>
#include <memory>
#include <string>
#include <vector>


namespace polytomic {
namespace postgres {


class PostgresWriter: public sdk::Writer
	/// Writes batches into one table under one mode, each batch in one transaction.
	///
	/// The table is created when it does not exist (columns from the first
	/// batch's fields, a primary key on the identity); columns a batch brings
	/// that the table lacks are added. append copies (COPY FROM STDIN) straight
	/// into the table; every other mode copies into a temporary staging table,
	/// then applies it with one set-based statement:
	///
	///   create          INSERT ... WHERE NOT EXISTS: records whose identity is new
	///   update          UPDATE ... FROM staging: records whose identity exists;
	///                   a NULL field keeps the current value
	///   updateOrCreate  INSERT ... ON CONFLICT (identity) DO UPDATE; a NULL field
	///                   keeps the current value
	///   replace         the same, but NULL fields are set to NULL
	///   remove          DELETE ... USING staging on the identity
	///   snapshot        replace, remembering the identities written; close(true)
	///                   deletes the rows whose identity was not written
	///
	/// A record the database rejects (NOT NULL, out of range, invalid JSON, ...)
	/// is reported as rejected while the others are written: when the batch
	/// fails, it is split in halves, each tried under a savepoint, down to single
	/// records. A record with a NULL identity, or whose identity comes again later
	/// in the batch, is rejected before anything is sent.
{
public:
	PostgresWriter(const PostgresConfig& config, const sdk::WriteRequest& request);
		/// Connects and checks the mode and identity; throws sdk::Error.

	~PostgresWriter() override;

	void write(const sdk::BatchReader& batch, sdk::WriteResults& results) override;
	void close(bool commit) override;

	static std::string modeName(uint32_t mode);

private:
	struct Plan
		/// One batch, ready to send.
	{
		std::vector<std::size_t> columns;
		std::vector<std::string> names;
		std::vector<int64_t> rows;
		std::string data;
		std::vector<std::size_t> offsets;
		std::string copy;
		std::string apply;
		std::string clear;
	};

	using Rejections = std::map<int64_t, std::string>;

	void createSchema();
		/// The target's schema, when it has none: in a statement of its own, before the
		/// snapshot's transaction, so that two runs creating it at once both go on.
	void loadTarget();
	void prepareTarget(const sdk::BatchReader& batch);
	void checkIdentityIndex();
	std::string stagingTable(const std::vector<std::string>& names);
	void ensureSeen();
	std::string applyStatement(const std::string& staging, const std::vector<std::string>& names) const;
	void encode(const sdk::BatchReader& batch, Plan& plan, Rejections& rejected) const;
	void writeAll(const Plan& plan, Rejections& rejected);
	void split(const Plan& plan, std::size_t begin, std::size_t end, const std::string& failure, Rejections& rejected);
	void attemptSlice(const Plan& plan, std::size_t begin, std::size_t end, Rejections& rejected);
	bool trySlice(const Plan& plan, std::size_t begin, std::size_t end, std::string& failure);
	void send(const Plan& plan, std::size_t begin, std::size_t end);
	std::string rejection(const PostgresError& error) const;
	bool usesStaging() const;
	bool needsUniqueIdentity() const;

	std::unique_ptr<PostgresConnection> _connection;
	TableName _table;
	uint32_t _mode;
	std::vector<std::string> _identity;
	bool _exists = false;
	bool _created = false;
	bool _wholeOrNothing = false; /// a snapshot into a table this writer creates: one transaction, committed by close(true)
	bool _managed = false;  /// created by Polytomic (its comment says so): columns may be widened
	bool _identityChecked = false;
	std::map<std::string, std::string> _columnTypes;
	std::map<std::string, std::string> _stagings;
	bool _seen = false;
	bool _closed = false;
};


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_PostgresWriter_INCLUDED
