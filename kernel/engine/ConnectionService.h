//
// ConnectionService.h
//
// Definition of the ConnectionService class.
//


#ifndef Polytomic_Engine_ConnectionService_INCLUDED
#define Polytomic_Engine_ConnectionService_INCLUDED


#include "engine/ConfigurationSchema.h"
#include "engine/ConnectionTokens.h"
#include "license/LicenseGate.h"
#include "plugins/Executor.h"
#include "plugins/PluginCatalog.h"
#include "store/BulkSyncRepository.h"
#include "store/ModelRepository.h"
#include "store/ConnectionRepository.h"
#include "store/SecretBox.h"
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>


namespace polytomic {
namespace engine {


class ConnectionService
	/// Connections: a connector type plus a configuration checked against the
	/// connector's own JSON Schema. Secret fields are split off and encrypted
	/// before anything is stored, and shown only as REDACTED afterwards; a
	/// REDACTED value sent back keeps the stored secret, but only while every
	/// field that says where the secrets go (the schema's secret scope) is
	/// unchanged. Connector code (spec, check) runs in executor processes.
{
public:
	struct Input
	{
		std::string name;
		std::string type;
		json::Value configuration;
		bool validate = true;
	};

	static const char* REDACTED;

	ConnectionService(store::ConnectionRepository& connections, const plugins::PluginCatalog& catalog, const plugins::Executor& executor,
		const store::SecretBox& secrets, store::BulkSyncRepository* bulkSyncs = nullptr, store::ModelRepository* models = nullptr,
		const license::LicenseGate* gate = nullptr);
		/// With a gate, a connection of a connector the licence does not include
		/// is refused (license::LicenseRefused).

	store::ConnectionRecord create(const std::string& organizationId, const Input& input);
		/// Throws ValidationError (bad input, with field errors) or CheckFailed.

	store::ConnectionRecord signedIn(const std::string& organizationId, const std::string& id);
		/// An OAuth connection that just got its tokens: checked with its access token, and
		/// "healthy" (or "error" with the check's message), no longer awaiting authorization or a reconnect.

	store::ConnectionRecord get(const std::string& organizationId, const std::string& id);
		/// Throws NotFound.

	std::vector<store::ConnectionRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after);
		/// A limit of 0: every connection of the organization.

	store::ConnectionRecord replace(const std::string& organizationId, const std::string& id, Input input);
		/// PUT: the whole connection; REDACTED secret values keep the stored ones
		/// (refused with ValidationError when the secret scope changed). An
		/// input without a type keeps the connection's (the SDK sends none).

	void remove(const std::string& organizationId, const std::string& id, bool force);
		/// A connection used by a bulk sync, a model or a model sync is refused
		/// (InUse) unless force, which deletes those too.

	std::optional<std::string> test(const std::string& organizationId, const std::string& type, const json::Value& configuration,
		const std::string& connectionId);
		/// Nothing when the connector accepts the configuration, else its message.
		/// With a connection id, REDACTED values are that connection's secrets,
		/// while the secret scope is that connection's.

	json::Value parameterValues(const std::string& type, const json::Value& configuration, const std::string& field);
		/// What a configuration field can be (the SDK's parameter values), from
		/// the connector's schema: {field: {"values": [{"label", "value"}],
		/// "allows_creation"}} for one field, or for every field when field is "".
		/// The plugin ABI has no call to list values live (a server's databases,
		/// say), so the values are those the schema names (enum, boolean, default)
		/// and the configuration's own; secret fields are never listed.
		/// Throws ValidationError for an unknown type or field.

	static json::Value parameterValuesOf(const ConfigurationSchema& schema, const json::Value& configuration, const std::string& field);
		/// The same from a schema already at hand (no connector call).

	const json::Value& specFor(const std::string& type);
		/// The connector's whole spec ({"configuration", "oauth"}), asked of it once and kept.

	void useTokens(ConnectionTokens* tokens);
		/// How OAuth connections get their access tokens (ConnectionTokens). Without, no type signs in with OAuth.

	bool usesOAuth(const std::string& type);

	const ConfigurationSchema& schemaFor(const std::string& type);
		/// The connector's configuration schema, asked of it once (executor) and kept.
		/// Throws ValidationError for a type that is not loaded, CheckFailed when it cannot answer.

	json::Value redactedConfiguration(const store::ConnectionRecord& connection) const;
		/// The configuration as the API shows it: secrets replaced by REDACTED.

	json::Value configuration(const store::ConnectionRecord& connection) const;
		/// The whole configuration, secrets decrypted: only for executor requests. For a
		/// connection that signs in with OAuth, with its access token ("access_token"),
		/// refreshed when it expires soon; throws ReconnectRequired when there is none.

	std::unique_ptr<plugins::AccessTokens> tokensFor(const std::map<std::string, store::ConnectionRecord>& roles) const;
		/// Where an executor working on these connections (by role: "source", "destination",
		/// or "") gets fresh access tokens; nothing when none signs in with OAuth.

private:
	json::Value storedConfiguration(const store::ConnectionRecord& connection) const;
	json::Value resolve(const std::string& type, json::Value configuration, const store::ConnectionRecord* existing);
	static void requireSameScope(const ConfigurationSchema& schema, const json::Value& stored, const json::Value& resolved,
		const std::vector<std::string>& kept);
		/// Secrets kept from the stored configuration go only where it sent
		/// them: when a field of the schema's secret scope changed, throws
		/// ValidationError asking for the kept secrets again.
	store::ConnectionRecord prepare(const std::string& organizationId, const Input& input, const store::ConnectionRecord* existing);
	std::optional<std::string> check(const std::string& type, const json::Value& configuration);

	store::ConnectionRepository& _connections;
	const plugins::PluginCatalog& _catalog;
	const plugins::Executor& _executor;
	const store::SecretBox& _secrets;
	store::BulkSyncRepository* _bulkSyncs;
	store::ModelRepository* _models;
	const license::LicenseGate* _gate;
	std::mutex _mutex;
	std::map<std::string, ConfigurationSchema> _schemas;
	std::map<std::string, json::Value> _specs;
	ConnectionTokens* _tokens = nullptr;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_ConnectionService_INCLUDED
