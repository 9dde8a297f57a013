//
// SecretBox.h
//
// Definition of the SecretBox class.
//


#ifndef Polytomic_Store_SecretBox_INCLUDED
#define Polytomic_Store_SecretBox_INCLUDED


#include <stdexcept>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


class SecretError: public std::runtime_error
{
public:
	using std::runtime_error::runtime_error;
};


class SecretBox
	/// Encrypts secrets at rest with AES-256-GCM (a random 12-byte IV per value,
	/// the 16-byte tag checked on the way back). A ciphertext names the key that
	/// made it: "v1:<key id>:<base64(iv | ciphertext | tag)>", the key id being the
	/// first 8 hex digits of the key's SHA-256. Older keys (ENCRYPTION_KEY_PREVIOUS)
	/// still decrypt, so keys can be rotated.
{
public:
	explicit SecretBox(const std::string& key, const std::vector<std::string>& previousKeys = {});
		/// Keys are 32 raw bytes. Throws SecretError otherwise.

	std::string encrypt(const std::string& plaintext) const;

	std::string decrypt(const std::string& ciphertext) const;
		/// Throws SecretError when the key is unknown or the value was tampered with.

	bool isCurrent(const std::string& ciphertext) const;
		/// True when made with the current key (rotation skips those).

	const std::string& keyId() const;

	static std::string generateKey();
		/// 32 random bytes, base64.

private:
	struct Key
	{
		std::string id;
		std::string bytes;
	};

	static Key makeKey(const std::string& bytes);
	const Key* find(const std::string& id) const;

	Key _current;
	std::vector<Key> _previous;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_SecretBox_INCLUDED
