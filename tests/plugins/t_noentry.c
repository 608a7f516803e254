/* A shared object without the entry point. */
int t_noentry_marker(void);
int t_noentry_marker(void)
{
	return 42;
}
