/*
 * kdf_time.c: t(KDF), the time of one Argon2id (crypto_pwhash, 64 bytes
 * out, as the server derives) at a given cost, on one thread.
 *
 *   kdf-time OPS MEM_KIB RUNS
 *
 * One untimed run first (it faults the memory in, as a long-running
 * server has), then RUNS timed ones; prints "median_s min_s max_s".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sodium.h>

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	unsigned char out[64], salt[crypto_pwhash_SALTBYTES];
	unsigned long long ops;
	size_t mem;
	double *t;
	int n, i;

	if (argc != 4 || (n = atoi(argv[3])) < 1 || n > 1000) {
		fprintf(stderr, "usage: kdf-time OPS MEM_KIB RUNS\n");
		return 2;
	}
	ops = strtoull(argv[1], NULL, 10);
	mem = (size_t)strtoull(argv[2], NULL, 10) * 1024;
	if (sodium_init() < 0 || (t = calloc((size_t)n, sizeof(*t))) == NULL)
		return 1;
	randombytes_buf(salt, sizeof(salt));
	for (i = -1; i < n; i++) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (crypto_pwhash(out, sizeof(out), "12345678901234567890", 20,
		    salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
			fprintf(stderr, "kdf-time: crypto_pwhash failed\n");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (i >= 0)
			t[i] = (double)(b.tv_sec - a.tv_sec) +
			    (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.6f %.6f %.6f\n", n % 2 ? t[n / 2] :
	    (t[n / 2 - 1] + t[n / 2]) / 2, t[0], t[n - 1]);
	free(t);
	return 0;
}
