//
// PluginError.h
//
// Definition of the plugin exceptions.
//


#ifndef Polytomic_Plugins_PluginError_INCLUDED
#define Polytomic_Plugins_PluginError_INCLUDED


#include <stdexcept>


namespace polytomic {
namespace plugins {


class PluginRefused: public std::runtime_error
	/// A plugin file cannot be used; the message says why, for the operator or
	/// the connector author.
{
public:
	using std::runtime_error::runtime_error;
};


class ConnectorError: public std::runtime_error
	/// An operation of a connector failed; the message is the connector's own
	/// (or says how the connector misbehaved), for the pipeline builder.
{
public:
	using std::runtime_error::runtime_error;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_PluginError_INCLUDED
