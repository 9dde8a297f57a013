/* A native library a connector depends on, as libsqlite3 would be. */
const char* greeting(void)
{
	return "hello from libgreeting";
}
