//
// SecretBox.cpp
//


#include "store/SecretBox.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Crypto/Cipher.h"
#include "Poco/Crypto/CipherFactory.h"
#include "Poco/Crypto/CipherKey.h"
#include "Poco/Crypto/CryptoTransform.h"
#include "Poco/Crypto/OpenSSLInitializer.h"
#include "Poco/DigestEngine.h"
#include "Poco/RandomStream.h"
#include "Poco/SHA2Engine.h"
#include <sstream>


namespace polytomic {
namespace store {


namespace
{
	const std::size_t IV_SIZE = 12;
	const std::size_t TAG_SIZE = 16;


	void holdOpenSsl()
		/// Every POCO Crypto object (CipherKey, Cipher) counts itself as a user
		/// of OpenSSL, and the last one to go shuts OpenSSL down (freeing the
		/// locks, the loaded configuration) for the next one to start it again.
		/// Two threads doing that at once corrupt the heap: the server died within
		/// seconds of 8 clients listing connections. One user held until exit
		/// keeps OpenSSL initialised once, whoever else comes and goes.
	{
		static const Poco::Crypto::OpenSSLInitializer library;
	}


	std::string randomBytes(std::size_t n)
	{
		Poco::RandomInputStream random;
		std::string bytes(n, '\0');
		random.read(&bytes[0], static_cast<std::streamsize>(n));
		return bytes;
	}


	std::string base64(const std::string& bytes)
	{
		std::ostringstream out;
		Poco::Base64Encoder encoder(out);
		encoder.rdbuf()->setLineLength(0);
		encoder << bytes;
		encoder.close();
		return out.str();
	}


	std::string unbase64(const std::string& text)
	{
		std::istringstream in(text);
		Poco::Base64Decoder decoder(in);
		return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
	}


	Poco::Crypto::Cipher::ByteVec bytesOf(const std::string& s)
	{
		return Poco::Crypto::Cipher::ByteVec(s.begin(), s.end());
	}


	std::string run(Poco::Crypto::CryptoTransform& transform, const std::string& input, std::size_t blockSize)
	{
		std::string output(input.size() + blockSize + 16, '\0');
		std::size_t n = transform.transform(reinterpret_cast<const unsigned char*>(input.data()), static_cast<std::streamsize>(input.size()),
			reinterpret_cast<unsigned char*>(&output[0]), static_cast<std::streamsize>(output.size()));
		n += transform.finalize(reinterpret_cast<unsigned char*>(&output[n]), static_cast<std::streamsize>(output.size() - n));
		output.resize(n);
		return output;
	}
}


SecretBox::SecretBox(const std::string& key, const std::vector<std::string>& previousKeys):
	_current(makeKey(key))
{
	holdOpenSsl();
	for (const auto& previous: previousKeys) _previous.push_back(makeKey(previous));
}


SecretBox::Key SecretBox::makeKey(const std::string& bytes)
{
	if (bytes.size() != 32) throw SecretError("an encryption key must be 32 bytes");
	Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
	sha.update(bytes);
	return Key{Poco::DigestEngine::digestToHex(sha.digest()).substr(0, 8), bytes};
}


const SecretBox::Key* SecretBox::find(const std::string& id) const
{
	if (id == _current.id) return &_current;
	for (const auto& k: _previous)
		if (k.id == id) return &k;
	return nullptr;
}


std::string SecretBox::encrypt(const std::string& plaintext) const
{
	const std::string iv = randomBytes(IV_SIZE);
	Poco::Crypto::CipherKey key("aes-256-gcm", bytesOf(_current.bytes), bytesOf(iv));
	Poco::Crypto::Cipher::Ptr cipher = Poco::Crypto::CipherFactory::defaultFactory().createCipher(key);
	Poco::Crypto::CryptoTransform::Ptr encryptor = cipher->createEncryptor();
	const std::string body = run(*encryptor, plaintext, encryptor->blockSize());
	const std::string tag = encryptor->getTag(TAG_SIZE);
	return "v1:" + _current.id + ":" + base64(iv + body + tag);
}


std::string SecretBox::decrypt(const std::string& ciphertext) const
{
	if (ciphertext.rfind("v1:", 0) != 0 || ciphertext.size() < 13 || ciphertext[11] != ':')
		throw SecretError("a stored secret is not in the expected format");
	const std::string id = ciphertext.substr(3, 8);
	const Key* key = find(id);
	if (!key)
		throw SecretError("a stored secret was encrypted with key " + id + ", which is neither ENCRYPTION_KEY (" + _current.id +
			") nor in ENCRYPTION_KEY_PREVIOUS");
	const std::string raw = unbase64(ciphertext.substr(12));
	if (raw.size() < IV_SIZE + TAG_SIZE) throw SecretError("a stored secret is truncated");
	const std::string iv = raw.substr(0, IV_SIZE);
	const std::string body = raw.substr(IV_SIZE, raw.size() - IV_SIZE - TAG_SIZE);
	const std::string tag = raw.substr(raw.size() - TAG_SIZE);
	try
	{
		Poco::Crypto::CipherKey cipherKey("aes-256-gcm", bytesOf(key->bytes), bytesOf(iv));
		Poco::Crypto::Cipher::Ptr cipher = Poco::Crypto::CipherFactory::defaultFactory().createCipher(cipherKey);
		Poco::Crypto::CryptoTransform::Ptr decryptor = cipher->createDecryptor();
		decryptor->setTag(tag);
		return run(*decryptor, body, decryptor->blockSize());
	}
	catch (const Poco::Exception&)
	{
		throw SecretError("a stored secret failed its integrity check (key " + id + "): it was altered or the key is wrong");
	}
}


bool SecretBox::isCurrent(const std::string& ciphertext) const
{
	return ciphertext.size() > 11 && ciphertext.compare(3, 8, _current.id) == 0;
}


const std::string& SecretBox::keyId() const
{
	return _current.id;
}


std::string SecretBox::generateKey()
{
	return base64(randomBytes(32));
}


} } // namespace polytomic::store
