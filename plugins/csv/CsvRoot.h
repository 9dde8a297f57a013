//
// CsvRoot.h
//
// Definition of the CsvRoot class.
//


#ifndef Csv_CsvRoot_INCLUDED
#define Csv_CsvRoot_INCLUDED


#include <string>
#include <vector>


namespace csv {


class CsvRoot
	/// The one folder the operator lets CSV connections use (CONNECTOR_CSV_ROOT),
	/// and every path inside it. A folder or file whose real path (symbolic
	/// links and ".." resolved) leaves the root is refused.
{
public:
	static const char* const VARIABLE; /// CONNECTOR_CSV_ROOT

	explicit CsvRoot(const std::string& folder);
		/// The connection's folder, relative to the root. Throws sdk::Error when the
		/// root is not set, the folder does not exist or lies outside the root.

	const std::string& path() const;
		/// The folder's real path.

	std::vector<std::string> objects() const;
		/// The names of the .csv files in the folder, without ".csv", sorted.

	std::string existingFile(const std::string& object) const;
		/// The path of <object>.csv, which must exist and stay inside the root.

	std::string fileToWrite(const std::string& object) const;
		/// The path to write <object>.csv at: the name must be a plain file name,
		/// and an existing file must not be a symbolic link.

	static void requireFileName(const std::string& object);

private:
	bool inside(const std::string& real) const;

	std::string _root;
	std::string _path;
};


} // namespace csv


#endif // Csv_CsvRoot_INCLUDED
