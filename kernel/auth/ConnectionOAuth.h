//
// ConnectionOAuth.h
//
// Definition of the ConnectionOAuth class.
//


#ifndef Polytomic_Auth_ConnectionOAuth_INCLUDED
#define Polytomic_Auth_ConnectionOAuth_INCLUDED


#include "auth/Principal.h"
#include "engine/ConnectionService.h"
#include "engine/ConnectionTokens.h"
#include "store/OAuthStateRepository.h"
#include <optional>
#include <stdexcept>
#include <string>


namespace polytomic {
namespace auth {


class ConnectRefused: public std::runtime_error
	/// A callback that cannot finish a sign-in: its HTTP status, key and what to do.
{
public:
	ConnectRefused(int status, std::string key, const std::string& message):
		std::runtime_error(message), _status(status), _key(std::move(key))
	{
	}

	int status() const { return _status; }
	const std::string& key() const { return _key; }

private:
	int _status;
	std::string _key;
};


class ConnectionOAuth
	/// The OAuth sign-in of a connection (RFC 6749 §4.1, the authorization code
	/// grant, with RFC 7636 PKCE where the connector says its provider supports
	/// it): start() makes the provider's authorize URL with a state bound to the
	/// caller, used once and expiring after STATE_LIFETIME_SECONDS; finish()
	/// takes the provider's redirect to {POLYTOMIC_URL}/connect/<type>, exchanges
	/// the code, stores the tokens (encrypted) and creates the connection, or
	/// signs an existing one in again. A connection whose configuration selects
	/// the client credentials grant (RFC 6749 §4.4, the connector's spec says
	/// which property) is signed in at once instead, with the app's own
	/// credentials: start() answers the return URL as if the browser came back.
{
public:
	struct Start
	{
		std::string type;
		std::string name;
		std::string returnUrl;                    /// where the browser goes once it is done
		std::optional<std::string> connectionId;  /// sign this connection in again
		json::Value configuration = json::Value::object();
	};

	struct Begun
	{
		std::string authUrl;
		std::string state;
		std::optional<store::ConnectionRecord> connection;
	};

	struct Finished
	{
		std::string returnUrl;                    /// with connection_id, status (and error) added
		std::optional<store::ConnectionRecord> connection;
	};

	static const int STATE_LIFETIME_SECONDS = 600;

	ConnectionOAuth(engine::ConnectionService& connections, engine::ConnectionTokens& tokens, store::OAuthStateRepository& states,
		const store::SecretBox& secrets);

	Begun start(const Principal& caller, const Start& start);
		/// Throws engine::ValidationError for a type that does not sign in with OAuth or a bad
		/// return URL, engine::CheckFailed when the OAuth app is not configured, NotFound.

	void requireReady(const std::string& type);
		/// Throws CheckFailed when connections of the type sign in with OAuth and the OAuth app is not configured.

	Begun startFor(const Principal& caller, const store::ConnectionRecord& connection, const std::string& returnUrl);
		/// The sign-in of a connection just created (POST /api/connections of an OAuth type).

	Finished finish(const Principal& caller, const std::string& type, const std::string& state, const std::string& code,
		const std::string& providerError);
		/// Throws ConnectRefused for a state that is unknown, used, expired, another caller's
		/// or of another type; a refused exchange or check ends in returnUrl with error set.

	static std::string startedBy(const Principal& caller);
		/// Who a state is bound to: the user, or the API key's organization.

private:
	Begun connectDirectly(const Principal& caller, const engine::OAuthSpec& spec, const Start& start,
		const std::optional<store::ConnectionRecord>& existing);
	std::string authorizeUrl(const engine::OAuthSpec& spec, const std::string& state, const std::optional<std::string>& verifier) const;

	engine::ConnectionService& _connections;
	engine::ConnectionTokens& _tokens;
	store::OAuthStateRepository& _states;
	const store::SecretBox& _secrets;
};


} } // namespace polytomic::auth


#endif // Polytomic_Auth_ConnectionOAuth_INCLUDED
