//
// RedisConnection.cpp
//


#include "cache/RedisConnection.h"
#include "Poco/Net/Context.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/RejectCertificateHandler.h"
#include "Poco/Net/SecureStreamSocket.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/Redis/Error.h"
#include "Poco/Redis/Type.h"
#include "Poco/Exception.h"
#include <mutex>


namespace polytomic {
namespace cache {


namespace
{
	Poco::Net::Context::Ptr clientContext(const config::RedisUrl& url)
	{
		static std::once_flag sslInitialized;
		std::call_once(sslInitialized, [] { Poco::Net::initializeSSL(); });

		Poco::Net::Context::Params params;
		params.verificationMode = url.skipVerify() ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
		if (url.caCertFile().empty()) params.loadDefaultCAs = true;
		else params.caLocation = url.caCertFile();
		params.cipherList = "HIGH:!aNULL:!MD5";
		Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
		context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
		context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
		return context;
	}
}


RedisConnection::RedisConnection(const config::RedisUrl& url, Poco::Timespan timeout)
{
	try
	{
		_socket = connect(url, timeout);
		_socket.setReceiveTimeout(timeout);
		_socket.setSendTimeout(timeout);
		_socket.setNoDelay(true);
	}
	catch (const Poco::Exception& e)
	{
		throw RedisUnavailable("cannot connect to Redis at " + url.host() + ":" + std::to_string(url.port()) + ": " + e.displayText());
	}
	_input.reset(new Poco::Redis::RedisInputStream(_socket));
	_output.reset(new Poco::Redis::RedisOutputStream(_socket));
	// Let socket errors (timeouts, resets) surface instead of leaving a silently failed stream.
	_input->exceptions(std::ios::badbit);
	_output->exceptions(std::ios::badbit);

	try
	{
		if (url.password())
		{
			Poco::Redis::Array auth;
			auth << "AUTH";
			if (url.user()) auth << *url.user();
			auth << *url.password();
			executeString(auth);
		}
		if (url.database() != 0)
		{
			Poco::Redis::Array select;
			select << "SELECT" << std::to_string(url.database());
			executeString(select);
		}
	}
	catch (const RedisUnavailable&)
	{
		throw;
	}
	catch (const std::exception& e)
	{
		throw RedisUnavailable(std::string("Redis refused the connection set-up: ") + e.what());
	}
}


RedisConnection::~RedisConnection()
{
	try
	{
		_output.reset();
		_input.reset();
		_socket.close();
	}
	catch (...)
	{
	}
}


Poco::Net::StreamSocket RedisConnection::connect(const config::RedisUrl& url, Poco::Timespan timeout)
{
	Poco::Net::SocketAddress address(url.host(), static_cast<Poco::UInt16>(url.port()));
	if (!url.tls())
	{
		Poco::Net::StreamSocket plain;
		plain.connect(address, timeout);
		return plain;
	}
	Poco::Net::SecureStreamSocket secure(clientContext(url));
	secure.setPeerHostName(url.host());
	secure.connect(address, timeout);
	secure.setReceiveTimeout(timeout);
	secure.setSendTimeout(timeout);
	secure.completeHandshake();
	return secure;
}


Poco::Redis::RedisType::Ptr RedisConnection::execute(const Poco::Redis::Array& command)
{
	if (_broken) throw RedisUnavailable("the Redis connection is broken");
	Poco::Redis::RedisType::Ptr reply;
	try
	{
		const std::string text = command.toString();
		_output->write(text.data(), static_cast<std::streamsize>(text.size()));
		_output->flush();
		if (!*_output) throw Poco::IOException("write failed");
		int marker = _input->get();
		if (marker == EOF) throw Poco::IOException("the server closed the connection");
		reply = Poco::Redis::RedisType::createRedisType(static_cast<char>(marker));
		if (reply.isNull()) throw Poco::IOException("unexpected reply type");
		reply->read(*_input);
	}
	catch (const Poco::Exception& e)
	{
		_broken = true;
		throw RedisUnavailable("Redis connection failed: " + e.displayText());
	}
	catch (const std::ios_base::failure& e)
	{
		_broken = true;
		throw RedisUnavailable(std::string("Redis connection failed: ") + e.what());
	}
	if (reply->isError())
	{
		auto* error = dynamic_cast<Poco::Redis::Type<Poco::Redis::Error>*>(reply.get());
		throw std::runtime_error(error ? error->value().getMessage() : "Redis error");
	}
	return reply;
}


std::string RedisConnection::executeString(const Poco::Redis::Array& command)
{
	Poco::Redis::RedisType::Ptr reply = execute(command);
	if (auto* simple = dynamic_cast<Poco::Redis::Type<std::string>*>(reply.get())) return simple->value();
	if (auto* bulk = dynamic_cast<Poco::Redis::Type<Poco::Redis::BulkString>*>(reply.get()))
		return bulk->value().isNull() ? std::string() : bulk->value().value();
	if (auto* integer = dynamic_cast<Poco::Redis::Type<Poco::Int64>*>(reply.get())) return std::to_string(integer->value());
	return reply->toString();
}


} } // namespace polytomic::cache
