//
// EvaluationKey.cpp
//


#include "store/EvaluationKey.h"
#include "store/PgResult.h"
#include "store/SecretBox.h"
#include "Poco/Base64Decoder.h"
#include <sstream>


namespace polytomic {
namespace store {


std::string evaluationEncryptionKey(Database& database)
{
	std::string encoded;
	database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO evaluation_encryption_key (key) VALUES ($1) ON CONFLICT (singleton) DO NOTHING", {SecretBox::generateKey()});
		encoded = execute(conn, "SELECT key FROM evaluation_encryption_key").value(0, 0);
	});
	std::istringstream in(encoded);
	Poco::Base64Decoder decoder(in);
	return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}


} } // namespace polytomic::store
