//
// UrlParts.h
//
// Definition of the UrlParts struct.
//


#ifndef Polytomic_Config_UrlParts_INCLUDED
#define Polytomic_Config_UrlParts_INCLUDED


#include <optional>
#include <string>
#include <utility>
#include <vector>


namespace polytomic {
namespace config {


struct HostPort
{
	std::string host;                 /// decoded; an IPv6 address without its brackets
	std::optional<unsigned> port;
};


struct UrlParts
	/// The pieces of a service URL of the form
	/// scheme://[user[:password]@]host[:port][,host[:port]...][/path][?key=value&...],
	/// each percent-decoded. Shared by DatabaseUrl and RedisUrl.
	///
	/// Unlike Poco::URI, the user and the password are split before decoding
	/// (so an encoded ':' stays in the user name), the last '@' of the authority
	/// ends the credentials (so an unencoded '@' in a password still works), and
	/// several comma-separated hosts are accepted, as libpq accepts them.
{
	std::string scheme;               /// lower case
	std::optional<std::string> user;
	std::optional<std::string> password;
	std::vector<HostPort> hosts;
	std::string path;                 /// decoded, without the leading '/'
	std::vector<std::pair<std::string, std::string>> query;

	static UrlParts parse(const std::string& url);
		/// Throws InvalidValue with a message that never contains the password.

	static std::string mask(const std::string& url);
		/// Returns the URL with its password, if any, replaced by "****".
		/// Never throws; an unparseable URL is masked after its scheme.
};


std::string expandPlaceholder(const std::string& text, const std::string& name, const std::optional<std::string>& value);
	/// Replaces every literal "${name}" in text by value, percent-encoded for use
	/// inside a URL. Throws InvalidValue when the placeholder occurs and value is empty.


} } // namespace polytomic::config


#endif // Polytomic_Config_UrlParts_INCLUDED
