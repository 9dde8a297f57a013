//
// PostgresHarness.h
//
// Definition of the PostgresHarness class.
//


#ifndef PostgresHarness_INCLUDED
#define PostgresHarness_INCLUDED


#include "plugins/ConnectorSession.h"
#include "plugins/HostServices.h"
#include "plugins/PluginLibrary.h"
#include "polytomic/batch.hpp"
#include "support/TestDatabase.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>


class OwnedBatch
	/// A batch built by a test, released when destroyed.
{
public:
	explicit OwnedBatch(polytomic::sdk::BatchBuilder& builder);
	~OwnedBatch();
	OwnedBatch(const OwnedBatch&) = delete;
	OwnedBatch& operator=(const OwnedBatch&) = delete;

	const ArrowSchema* schema() const { return &_schema; }
	const ArrowArray* array() const { return &_array; }

private:
	ArrowSchema _schema;
	ArrowArray _array;
};


class PostgresHarness
	/// The built postgres.so, loaded as the server loads a plugin, and one
	/// connector session on it (with its own host services, so a test may cancel).
{
public:
	using Session = polytomic::plugins::ConnectorSession;
	using Value = polytomic::json::Value;
	using Row = std::vector<std::optional<std::string>>;

	PostgresHarness();

	Session& session();
	polytomic::plugins::HostServices& host();
	const polytomic::plugins::PluginManifest& manifest() const;

	static Value config(const polytomic::test::TestDatabase& db);
		/// host, port, database, username of the test PostgreSQL.

	struct ReadOutcome
	{
		std::vector<std::vector<Row>> batches;
		std::vector<std::string> states;
		std::vector<polytomic::sdk::Field> fields;
		bool completed = false;

		std::vector<Row> rows() const;
	};

	ReadOutcome read(const Session::ReadSpec& spec);
		/// Reads everything, keeping each batch as text (see text()).

	std::vector<polytomic::plugins::RecordResult> write(const polytomic::test::TestDatabase& db, const std::string& object,
		uint32_t mode, const std::vector<std::string>& identity, const OwnedBatch& batch);
		/// Opens a writer, writes one batch, closes it with commit.

	static std::optional<std::string> text(const polytomic::sdk::BatchReader& batch, int64_t row, std::size_t column);
		/// A value as text: integers and dates as numbers, floats with 17 digits,
		/// bools true/false, strings as they are; nullopt for NULL.

	static std::string dump(const polytomic::test::TestDatabase& db, const std::string& table, const std::string& orderBy = "t::text",
		const std::string& separator = "E'\\n'");
		/// Every row of the table as its row literal, in order, separated by
		/// separator (an SQL expression).

	static long peakRssKb();
		/// VmHWM of this process.

private:
	static const polytomic::plugins::PluginLibrary& library();

	polytomic::plugins::HostServices _host;
	std::unique_ptr<Session> _session;
};


#endif // PostgresHarness_INCLUDED
