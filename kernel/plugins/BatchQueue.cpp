//
// BatchQueue.cpp
//


#include "plugins/BatchQueue.h"


namespace polytomic {
namespace plugins {


BatchQueue::BatchQueue(std::size_t capacity):
	_capacity(capacity ? capacity : 1)
{
}


bool BatchQueue::push(Item item)
{
	std::unique_lock<std::mutex> lock(_mutex);
	_changed.wait(lock, [this] { return _closed || _items.size() < _capacity; });
	if (_closed) return false;
	_items.push_back(std::move(item));
	_changed.notify_all();
	return true;
}


std::optional<BatchQueue::Item> BatchQueue::pop()
{
	std::unique_lock<std::mutex> lock(_mutex);
	_changed.wait(lock, [this] { return _closed || _finished || !_items.empty(); });
	if (_items.empty()) return std::nullopt;
	Item item = std::move(_items.front());
	_items.pop_front();
	_changed.notify_all();
	return item;
}


void BatchQueue::finish()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_finished = true;
	_changed.notify_all();
}


void BatchQueue::close()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_closed = true;
	_items.clear();
	_changed.notify_all();
}


SourceReader::SourceReader(ConnectorSession& source, const ConnectorSession::ReadSpec& spec, std::size_t capacity):
	_queue(capacity),
	_thread([this, &source, spec] {
		try
		{
			_complete = source.read(spec, [this](std::unique_ptr<Batch> batch, const std::string& state) {
				return _queue.push({std::move(batch), state});
			});
		}
		catch (...)
		{
			_failure = std::current_exception();
		}
		_queue.finish();
	})
{
}


SourceReader::~SourceReader()
{
	if (_thread.joinable())
	{
		_queue.close();
		_thread.join();
	}
}


std::optional<BatchQueue::Item> SourceReader::next()
{
	return _queue.pop();
}


void SourceReader::stop()
{
	_queue.close();
}


bool SourceReader::finish()
{
	if (_thread.joinable()) _thread.join();
	if (_failure) std::rethrow_exception(_failure);
	return _complete;
}


} } // namespace polytomic::plugins
