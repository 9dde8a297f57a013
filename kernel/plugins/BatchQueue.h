//
// BatchQueue.h
//
// Definition of the BatchQueue class.
//


#ifndef Polytomic_Plugins_BatchQueue_INCLUDED
#define Polytomic_Plugins_BatchQueue_INCLUDED


#include "plugins/ConnectorSession.h"
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>


namespace polytomic {
namespace plugins {


class BatchQueue
	/// Joins the reading thread and the writing thread of a copy: at most
	/// `capacity` batches wait, so memory stays flat however large the source
	/// is, and the reader waits while the writer catches up.
{
public:
	struct Item
	{
		std::unique_ptr<Batch> batch;
		std::string state;
	};

	explicit BatchQueue(std::size_t capacity);

	bool push(Item item);
		/// Waits for room; false when the queue was closed (stop reading).

	std::optional<Item> pop();
		/// Waits for a batch; nothing once the queue is finished and empty.

	void finish();
		/// The reader is done: pop() returns nothing after the last batch.

	void close();
		/// The writer gave up: pending and future pushes are refused.

private:
	std::mutex _mutex;
	std::condition_variable _changed;
	std::deque<Item> _items;
	std::size_t _capacity;
	bool _finished = false;
	bool _closed = false;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_BatchQueue_INCLUDED
