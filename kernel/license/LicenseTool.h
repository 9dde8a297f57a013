//
// LicenseTool.h
//
// Definition of the LicenseTool class.
//


#ifndef Polytomic_License_LicenseTool_INCLUDED
#define Polytomic_License_LicenseTool_INCLUDED


#include <iosfwd>
#include <map>
#include <string>
#include <vector>


namespace polytomic {
namespace license {


class LicenseTool
	/// polytomic-license, Polytomic's own tool for deployment keys; never
	/// installed with the server:
	///
	///     polytomic-license keygen --public <pub.pem> --private <priv.pem>
	///     polytomic-license issue --key <priv.pem> --deployment <id> --customer <name>
	///         --expires <YYYY-MM-DD> [--max-syncs <n>] [--connectors <id,id,...>]
	///     polytomic-license show <token>
	///
	/// Exit codes follow sysexits.h.
{
public:
	enum ExitCode
	{
		EXIT_OK = 0,
		EXIT_USAGE = 64,     /// bad arguments
		EXIT_DATAERR = 65,   /// show: not a token
		EXIT_NOINPUT = 66,   /// issue: the key file cannot be read, or holds no P-256 private key
		EXIT_SOFTWARE = 70,  /// anything unexpected
		EXIT_CANTCREAT = 73  /// keygen: a file exists already, or cannot be written
	};

	LicenseTool(std::ostream& out, std::ostream& err);
		/// The token and what show prints go to out; messages go to err.

	int run(const std::vector<std::string>& args);
		/// args without the program name; returns the exit code.

	static const char* USAGE;

private:
	using Options = std::map<std::string, std::string>;

	int keygen(const Options& options);
	int issue(const Options& options);
	int show(const std::string& token);
	int fail(int code, const std::string& message);

	std::ostream& _out;
	std::ostream& _err;
};


} } // namespace polytomic::license


#endif // Polytomic_License_LicenseTool_INCLUDED
