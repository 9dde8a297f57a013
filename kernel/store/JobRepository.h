//
// JobRepository.h
//
// Definition of the JobRepository class.
//


#ifndef Polytomic_Store_JobRepository_INCLUDED
#define Polytomic_Store_JobRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>


namespace polytomic {
namespace store {


struct JobRecord
	/// One background job of the API and, once done, its bounded result.
{
	std::string id;
	std::string organizationId;
	std::string type;                     /// previewmodel | samplemodel | createmodel | updatemodel | query
	std::string owner;                    /// who started it (see JobRepository::find)
	std::string status;                   /// created | running | done | failed
	std::optional<std::string> result;    /// JSON, once done
	std::optional<std::string> error;     /// once failed
	std::string createdAt;
	std::string expiresAt;
};


class JobRepository
	/// The API's background jobs (model previews, samples, creates, updates
	/// and the query runner's queries) and their results, in PostgreSQL so
	/// that every replica sees every job. A result belongs to its owner, is
	/// bounded and expires.
{
public:
	explicit JobRepository(Database& database);

	JobRecord create(const std::string& organizationId, const std::string& type, const std::string& owner, int ttlSeconds);
		/// A new job (created), expiring ttlSeconds from now; removes expired jobs first.

	void start(const std::string& id);
	void finish(const std::string& id, const std::string& result);
		/// Done with the result; failed instead when it exceeds MAX_RESULT_BYTES.
	void fail(const std::string& id, const std::string& error);

	std::optional<JobRecord> find(const std::string& organizationId, const std::string& type, const std::string& id,
		const std::string& owner);
		/// Nothing when absent, expired, or another owner's (a job from before
		/// owners were kept has none, and its organization reads it). A job that
		/// stayed created or running for STALE_SECONDS lost the server that ran
		/// it: it is reported failed.

	static constexpr std::size_t MAX_RESULT_BYTES = 4 << 20;
	static constexpr int STALE_SECONDS = 600;

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_JobRepository_INCLUDED
