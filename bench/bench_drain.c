/* bench/bench_drain.c - placeholder */
int main(void)
{
	return 0;
}
