//
// main.cpp
//


#include "app/PolytomicApp.h"
#include "plugins/Executor.h"
#include <cstdlib>
#include <malloc.h>


namespace
{
	void boundAllocatorCache()
		/// glibc gives each of up to 8 x cores threads an arena of its own and keeps what
		/// they free for them; and after a large block is freed it serves blocks of that
		/// size from the arenas, where they stay. 64 request threads that each once held a
		/// large answer kept it all (1 GiB for 8 previews of 20 MB values). Few arenas and
		/// a fixed mmap threshold give large blocks back to the system when freed. The
		/// operator's MALLOC_ARENA_MAX / MALLOC_MMAP_THRESHOLD_ win.
	{
		if (!std::getenv("MALLOC_ARENA_MAX")) ::mallopt(M_ARENA_MAX, 4);
		if (!std::getenv("MALLOC_MMAP_THRESHOLD_")) ::mallopt(M_MMAP_THRESHOLD, 1 << 20);
	}
}


int main(int argc, char** argv)
{
	polytomic::plugins::blockTerminationSignals();
	boundAllocatorCache();

	polytomic::app::PolytomicApp app;
	return app.run(argc, argv);
}
