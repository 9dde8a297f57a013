//
// main.cpp
//


#include "app/PolytomicApp.h"
#include <csignal>


int main(int argc, char** argv)
{
	// Block the termination signals before any thread exists, so every thread
	// inherits the mask and only the main thread's sigwait receives them.
	sigset_t signals;
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &signals, nullptr);
	std::signal(SIGPIPE, SIG_IGN);

	polytomic::app::PolytomicApp app;
	return app.run(argc, argv);
}
