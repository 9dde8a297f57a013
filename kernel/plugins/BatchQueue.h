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
#include <thread>


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


class SourceReader
	/// A connector's read on its own thread, its batches waiting in a BatchQueue
	/// for the thread that writes them. Destroyed early (the writer failed), it
	/// stops the read and waits for the thread.
{
public:
	SourceReader(ConnectorSession& source, const ConnectorSession::ReadSpec& spec, std::size_t capacity = 4);
	~SourceReader();

	std::optional<BatchQueue::Item> next();
		/// The next batch; nothing once the read ended (or was stopped) and all were taken.

	void stop();
		/// Asks the read to stop at its next batch (the writer has what it needs).

	bool finish();
		/// Waits for the read; rethrows its failure; true when it ran to its end.

private:
	BatchQueue _queue;
	std::exception_ptr _failure;
	bool _complete = false;
	std::thread _thread;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_BatchQueue_INCLUDED
