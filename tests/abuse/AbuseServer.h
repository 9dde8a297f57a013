//
// AbuseServer.h
//
// Definition of the AbuseServer class.
//


#ifndef Polytomic_Test_AbuseServer_INCLUDED
#define Polytomic_Test_AbuseServer_INCLUDED


#include "support/ChildProcess.h"
#include "support/HttpProbe.h"
#include "support/TestDatabase.h"
#include <memory>
#include <string>


namespace polytomic {
namespace test {


class AbuseServer
	/// The server under attack: one polytomic process with its own database,
	/// the test Redis, the test connectors, connections whose secrets every
	/// list decrypts, and keys of an admin (the deployment key) and a viewer.
{
public:
	AbuseServer();

	static AbuseServer& shared();
		/// The suite's server, started on first use and again when a case
		/// before killed it (so that one defect fails one case, not all).

	unsigned port() const;
	pid_t pid() const;
	bool up();
		/// The process runs and /status.txt answers 200 within a second.

	const std::string& adminAuthorization() const;
	const std::string& viewerAuthorization() const;
	const std::string& connectionId() const;
		/// A stored test_good connection.
	const std::string& modelId() const;
		/// A model on it with the fields id and n (stored directly: test_good runs no queries).

	HttpReply call(const std::string& authorization, const std::string& method, const std::string& path,
		const std::string& body = "", std::chrono::milliseconds timeout = std::chrono::milliseconds(30000));

	long residentKb() const;
		/// VmRSS of the server now.
	long peakResidentKb() const;
		/// VmHWM: the most it ever held.
	std::string output() const;

	static const int CONNECTIONS = 20;
		/// Stored connections, each with an encrypted secret.
	static const int BODY_TIMEOUT_SECONDS = 3;
		/// HTTP_BODY_TIMEOUT of the server (short, for the slow-body case).

private:
	long statusField(const std::string& field) const;
	void seed();

	TestDatabase _db;
	unsigned _port;
	std::unique_ptr<ChildProcess> _process;
	std::string _admin;
	std::string _viewer;
	std::string _connectionId;
	std::string _modelId;
};


//
// inlines
//
inline unsigned AbuseServer::port() const { return _port; }
inline pid_t AbuseServer::pid() const { return _process->pid(); }
inline const std::string& AbuseServer::adminAuthorization() const { return _admin; }
inline const std::string& AbuseServer::viewerAuthorization() const { return _viewer; }
inline const std::string& AbuseServer::connectionId() const { return _connectionId; }
inline const std::string& AbuseServer::modelId() const { return _modelId; }
inline long AbuseServer::residentKb() const { return statusField("VmRSS:"); }
inline long AbuseServer::peakResidentKb() const { return statusField("VmHWM:"); }


} } // namespace polytomic::test


#endif // Polytomic_Test_AbuseServer_INCLUDED
