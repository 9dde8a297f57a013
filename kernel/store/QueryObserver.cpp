//
// QueryObserver.cpp
//


#include "store/QueryObserver.h"
#include <atomic>


namespace polytomic {
namespace store {


namespace
{
	std::atomic<QueryObserver*> current{nullptr};
}


void QueryObserver::install(QueryObserver* observer)
{
	current = observer;
}


QueryObserver* QueryObserver::installed()
{
	return current.load();
}


} } // namespace polytomic::store
