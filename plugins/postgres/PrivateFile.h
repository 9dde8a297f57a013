//
// PrivateFile.h
//
// Definition of the PrivateFile class.
//


#ifndef Polytomic_Postgres_PrivateFile_INCLUDED
#define Polytomic_Postgres_PrivateFile_INCLUDED


#include <string>


namespace polytomic {
namespace postgres {


class PrivateFile
	/// A temporary file only this user can read (mode 0600), under $TMPDIR or
	/// /tmp, removed when the object is destroyed. Holds what libpq wants as a
	/// file, such as the CA certificate of a connection (sslrootcert).
{
public:
	PrivateFile(const std::string& prefix, const std::string& content);
		/// Throws sdk::Error when the file cannot be written.

	~PrivateFile();
	PrivateFile(const PrivateFile&) = delete;
	PrivateFile& operator=(const PrivateFile&) = delete;

	const std::string& path() const;

private:
	std::string _path;
};


//
// inlines
//
inline const std::string& PrivateFile::path() const
{
	return _path;
}


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_PrivateFile_INCLUDED
