/*
 * gen_influx.c - a large InfluxDB line-protocol file for the influx
 * reader's benchmark (bench/UNSEEN_TABLES.md): what Telegraf writes for a
 * fleet, one line per measurement, host and interval, the lines of one
 * interval interleaved measurement by measurement across the hosts.
 *
 *   gen_influx FILE POINTS MEASUREMENTS HOSTS [FIELDS]
 *
 * POINTS is rounded down to whole intervals (MEASUREMENTS x HOSTS points
 * each, at least one interval); intervals are 10 s apart from 1700000000,
 * in nanoseconds. Line "m<j>,host=h<h>,dc=dc<h % 4> f0=..,f1=.. <ns>"
 * (FIELDS fields, 1 by default); field f of measurement j on host h at
 * interval i is (i * 7 + h * 3 + j + f) % 1000 / 4, so a reader's cells
 * can be checked by arithmetic. No randomness: same arguments, same bytes.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: gen_influx FILE POINTS MEASUREMENTS HOSTS [FIELDS]\n");
		return 1;
	}
	unsigned long points = strtoul(argv[2], NULL, 10), nm = strtoul(argv[3], NULL, 10),
		      nh = strtoul(argv[4], NULL, 10), nf = argc == 6 ? strtoul(argv[5], NULL, 10) : 1;
	if (!nm || !nh || !nf) {
		fprintf(stderr, "gen_influx: MEASUREMENTS, HOSTS and FIELDS must be positive\n");
		return 1;
	}
	unsigned long intervals = points / (nm * nh);
	if (!intervals)
		intervals = 1;
	FILE *f = fopen(argv[1], "w");
	if (!f) {
		perror(argv[1]);
		return 3;
	}
	for (unsigned long i = 0; i < intervals; i++)
		for (unsigned long j = 0; j < nm; j++)
			for (unsigned long h = 0; h < nh; h++) {
				fprintf(f, "m%lu,host=h%lu,dc=dc%lu ", j, h, h % 4);
				for (unsigned long k = 0; k < nf; k++)
					fprintf(f, "%sf%lu=%g", k ? "," : "", k,
						(double)((i * 7 + h * 3 + j + k) % 1000) / 4);
				fprintf(f, " %llu\n", (1700000000ULL + 10ULL * i) * 1000000000ULL);
			}
	if (ferror(f) | (fclose(f) != 0)) {
		perror(argv[1]);
		return 3;
	}
	return 0;
}
