//
// ConnectionTokens.h
//
// Definition of the ConnectionTokens class.
//


#ifndef Polytomic_Engine_ConnectionTokens_INCLUDED
#define Polytomic_Engine_ConnectionTokens_INCLUDED


#include "engine/OAuthSpec.h"
#include "plugins/AccessTokens.h"
#include "plugins/Executor.h"
#include "store/ConnectionRepository.h"
#include "store/ConnectionTokenRepository.h"
#include "store/SecretBox.h"
#include <map>
#include <memory>
#include <optional>
#include <string>


namespace polytomic {
namespace engine {


class ConnectionService;


class ConnectionTokens
	/// The OAuth tokens of connections: the code exchanged for them, stored
	/// encrypted, refreshed before they expire and after an API refused one,
	/// and a refused refresh token turned into the connection's "reconnect"
	/// status. Refresh tokens and the OAuth app's credentials stay in the
	/// server's processes: plugin code gets access tokens only.
{
public:
	ConnectionTokens(ConnectionService& connections, store::ConnectionTokenRepository& tokens, const store::SecretBox& secrets,
		config::Environment environment, std::string polytomicUrl);

	std::optional<OAuthSpec> oauthOf(const std::string& type);
		/// How connections of that type sign in, or nothing when not with OAuth.

	std::string publicUrl() const;
		/// POLYTOMIC_URL.

	std::string redirectUri(const std::string& type) const;
		/// {POLYTOMIC_URL}/connect/<type>: the OAuth app's redirect URL.

	json::Value exchange(const OAuthSpec& spec, const std::string& code, const std::optional<std::string>& codeVerifier);
		/// The provider's token answer for an authorization code. Throws CheckFailed with the provider's reason.

	json::Value clientCredentials(const OAuthSpec& spec);
		/// The provider's token answer for the app's own credentials (RFC 6749 §4.4, the client
		/// credentials grant). Throws CheckFailed with the provider's reason.

	OAuthSpec specOf(const store::ConnectionRecord& connection);
		/// How that connection signs in: its type's spec with the URLs filled from its configuration.

	void store(const std::string& connectionId, const OAuthSpec& spec, const json::Value& answer);
		/// Keeps a token answer (encrypted), keeping the stored refresh token when it brings none.

	plugins::AccessTokens::Grant grant(const store::ConnectionRecord& connection, const std::string& rejected = "");
		/// A usable access token: the stored one, or a new one when it expires soon or
		/// is the rejected one. Throws ReconnectRequired (and sets the connection's
		/// status to "reconnect") when the provider refuses the refresh token.

	void signIn(json::Value& configuration, const store::ConnectionRecord& connection);
		/// Adds what the connector gets of the sign-in to a configuration: access_token, and the
		/// members of the token answer the spec names in token_fields (Salesforce's instance_url).

	std::unique_ptr<plugins::AccessTokens> forWork(const std::map<std::string, store::ConnectionRecord>& roles);
		/// What an executor asks for the access tokens of the connections of one unit
		/// of work, by role ("source", "destination", or ""); nothing when none of them uses OAuth.

	static std::string reconnectMessage(const store::ConnectionRecord& connection, const std::string& why);

private:
	json::Value post(const OAuthSpec& spec, std::map<std::string, std::string> form, int& status);
	std::optional<store::ConnectionTokens> credentialsGrant(const OAuthSpec& spec, const json::Value& tokens, std::string& refused);
	json::Value keptFields(const OAuthSpec& spec, const json::Value& answer, const json::Value& stored) const;

	ConnectionService& _connections;
	store::ConnectionTokenRepository& _tokens;
	const store::SecretBox& _secrets;
	config::Environment _environment;
	std::string _polytomicUrl;
};


json::Value runSignedIn(const plugins::Executor& executor, const json::Value& request, const std::atomic<bool>* cancel,
	plugins::LedgerKeeper* ledger, plugins::AccessTokens* tokens);
	/// Executor::run, where a failure that follows a refused access token is reported
	/// as that refusal (the connection must be signed in again), not as the API's 401.


} } // namespace polytomic::engine


#endif // Polytomic_Engine_ConnectionTokens_INCLUDED
