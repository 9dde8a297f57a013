//
// NativeConnector.cpp
//
// A connector whose discover names its object after what libgreeting says.
//


#include "polytomic/connector.hpp"

extern "C" const char* greeting(void);

using namespace polytomic;


class NativeConnector: public sdk::Connector
{
public:
	explicit NativeConnector(const sdk::Host& host): sdk::Connector(host) {}

	json::Value spec() override
	{
		return json::Value::parse(R"({"configuration": {"type": "object", "properties": {"name": {"type": "string"}}}})");
	}

	void check(const json::Value&) override {}

	json::Value discover(const json::Value&) override
	{
		json::Value object = json::Value::object();
		object.set("id", greeting());
		object.set("fields", json::Value::array());
		json::Value catalog = json::Value::object();
		catalog.set("objects", json::Value::array()).push(object);
		return catalog;
	}
};


POLYTOMIC_CONNECTOR(NativeConnector, "greeting_test", "Greeting (native library test)", "1.0.0", POLYTOMIC_CAP_SOURCE, 0)
