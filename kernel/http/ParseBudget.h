//
// ParseBudget.h
//
// Definition of the ParseBudget class.
//


#ifndef Polytomic_Http_ParseBudget_INCLUDED
#define Polytomic_Http_ParseBudget_INCLUDED


#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>


namespace polytomic {
namespace http {


class ParseBudget
	/// The memory that request bodies being read and parsed may hold at once,
	/// across the process. Each request takes a share estimated from its size
	/// before it reads its body and gives it back when it is done: a JSON value
	/// costs about a hundred bytes however short its text ("[]," is three), so
	/// without a bound a few dozen large bodies at once exhaust the machine.
	/// A request whose share does not fit waits, then is refused (503).
{
public:
	class Share
		/// A part of the budget, given back when it goes out of scope.
	{
	public:
		Share(Share&& other) noexcept;
		Share(const Share&) = delete;
		Share& operator=(const Share&) = delete;
		Share& operator=(Share&&) = delete;
		~Share();

	private:
		friend class ParseBudget;
		Share(ParseBudget& budget, std::size_t bytes);

		ParseBudget* _budget;
		std::size_t _bytes;
	};

	explicit ParseBudget(std::size_t capacity);

	std::optional<Share> take(std::size_t bytes, std::chrono::milliseconds wait);
		/// A share of bytes once they fit, waiting at most wait; nothing when the wait
		/// ran out. A request larger than the whole budget gets all of it once the
		/// budget is free, so the largest body accepted can always be parsed.

	std::size_t inUse() const;
	std::size_t capacity() const;

	static std::size_t cost(std::size_t bodyBytes, std::size_t maxValues);
		/// The memory a body of bodyBytes may take while it is read (its text, with
		/// the slack of a growing string) and parsed into at most maxValues values.

	static ParseBudget& process();
		/// The budget of this process: PROCESS_CAPACITY bytes.

	static constexpr std::size_t PROCESS_CAPACITY = 128u << 20;

private:
	void give(std::size_t bytes);

	std::size_t _capacity;
	std::size_t _inUse = 0;
	mutable std::mutex _mutex;
	std::condition_variable _freed;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ParseBudget_INCLUDED
