/*
 * gen.c: fills a benchmark data directory with reports for the growth
 * figure, through the application's own report_submit (real encryption:
 * a report key sealed to every reviewer and to the access code's key
 * pair, the identity sealed to the custodians, an audit record), so the
 * store holds exactly what real reports leave behind.
 *
 *   bench-gen --data DIR [--config FILE] --to N [--budget SECONDS]
 *	     [--end UNIX] [--spacing SECONDS]
 *
 * Reports already made are counted in DIR/bench-gen.count, so a run
 * continues where the previous one stopped. Report k is filed at
 * end - (N_final - k) * spacing on the auth clock (--end defaults to
 * the first run's time, kept in DIR/bench-gen.end; spacing defaults to
 * 150 s, about 4.8 years for a million reports), so that the reports
 * are spread over the past and their reporter sessions expire as they
 * would. Stops at N or when the budget is spent; prints the count.
 * One report in ten carries an identity (so a custodian must exist).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "benchutil.h"
#include "report.h"

const char *bu_prog = "bench-gen";

#define FINAL	1000000L	/* the largest set: the time axis ends here */

static const char *const words[] = {
	"pengadaan", "anggaran", "kegiatan", "dinas", "kepala", "bidang",
	"proyek", "dana", "desa", "jalan", "sekolah", "puskesmas", "honor",
	"perjalanan", "fiktif", "kuitansi", "rekanan", "tender", "lelang",
	"pembayaran", "laporan", "pertanggungjawaban", "bantuan", "sosial",
	"hibah", "pungutan", "liar", "izin", "pegawai", "absen", "gaji",
	"tunjangan", "kendaraan", "dinas", "bensin", "rapat", "makan",
	"minum", "tahun", "bulan", "kecamatan", "kelurahan", "Mojokerto",
};
#define NWORDS	(sizeof(words) / sizeof(words[0]))

static const char *const cats[] = {
	"korupsi", "gratifikasi", "penyalahgunaan-wewenang",
	"benturan-kepentingan", "pelanggaran-disiplin", "pengadaan", "lainnya",
};

static unsigned long rng = 88172645463325252UL;

static unsigned long
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* About len bytes of words into out (size > len). */
static void
text(char *out, size_t len)
{
	size_t o = 0;

	while (o + 20 < len) {
		const char *w = words[next() % NWORDS];
		int n = snprintf(out + o, len - o, "%s%s", o ? " " : "", w);

		if (n < 0 || (size_t)n >= len - o)
			break;
		o += (size_t)n;
	}
	out[o] = '\0';
}

static long
read_long(const char *dir, const char *name, long dflt)
{
	char path[2048];
	FILE *f;
	long v = dflt;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%ld", &v) != 1)
			v = dflt;
		fclose(f);
	}
	return v;
}

static void
write_long(const char *dir, const char *name, long v)
{
	char path[2048], tmp[2100];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		bu_die("%s: cannot write", tmp);
	fprintf(f, "%ld\n", v);
	if (fclose(f) != 0 || rename(tmp, path) == -1)
		bu_die("%s: cannot write", path);
}

int
main(int argc, char *argv[])
{
	static const struct auth_source src = { { 10, 77, 0, 1 }, 4 };
	struct wbs_config cfg;
	struct report_receipt rc;
	struct report_input in;
	struct app *a;
	const char *data = NULL, *config = NULL;
	char title[120], what[900], who[120], where[120], when[80], why[300],
	    how[300], unit[80], period[40], name[40], nik[32];
	long to = 0, have, end = 0, spacing = 150, budget = 0, made = 0;
	double t0;
	int i;
	enum report_result r;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--data") == 0)
			data = argv[i + 1];
		else if (strcmp(argv[i], "--config") == 0)
			config = argv[i + 1];
		else if (strcmp(argv[i], "--to") == 0)
			to = strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--budget") == 0)
			budget = strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--end") == 0)
			end = strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--spacing") == 0)
			spacing = strtol(argv[i + 1], NULL, 10);
		else
			break;
	}
	if (i != argc || data == NULL || to < 1 || to > FINAL ||
	    spacing < 1) {
		fprintf(stderr, "usage: bench-gen --data DIR [--config FILE] "
		    "--to N [--budget SECONDS] [--end UNIX] "
		    "[--spacing SECONDS]\n");
		return 2;
	}
	a = bu_open(&cfg, config, data);
	have = read_long(data, "bench-gen.count", 0);
	if ((end = read_long(data, "bench-gen.end", end)) == 0)
		end = (long)time(NULL);
	write_long(data, "bench-gen.end", end);
	rng ^= (unsigned long)have * 2654435761UL;
	t0 = bu_now();
	memset(&in, 0, sizeof(in));
	in.text[RF_TITLE] = title;
	in.text[RF_WHAT] = what;
	in.text[RF_WHO] = who;
	in.text[RF_WHERE] = where;
	in.text[RF_WHEN] = when;
	in.text[RF_WHY] = why;
	in.text[RF_HOW] = how;
	in.text[RF_UNIT] = unit;
	in.text[RF_PERIOD] = period;
	while (have < to) {
		if (budget > 0 && bu_now() - t0 > (double)budget)
			break;
		auth_set_clock(a->auth, (time_t)(end - (FINAL - have) *
		    spacing));
		in.category = cats[next() % (sizeof(cats) / sizeof(cats[0]))];
		text(title, 40 + next() % 60);
		text(what, 200 + next() % 600);
		text(who, 20 + next() % 80);
		text(where, 20 + next() % 80);
		snprintf(when, sizeof(when), "%lu-%02lu-2024",
		    1 + next() % 28, 1 + next() % 12);
		text(why, 50 + next() % 200);
		text(how, 50 + next() % 200);
		text(unit, 20 + next() % 50);
		snprintf(period, sizeof(period), "2024");
		if (have % 10 == 0) {
			snprintf(name, sizeof(name), "Pelapor %ld", have);
			snprintf(nik, sizeof(nik), "3516%012ld", have);
			in.identity[IF_NAME] = name;
			in.identity[IF_ID_NUMBER] = nik;
			in.identity[IF_CONTACT] = "08123456789";
		} else
			in.identity[IF_NAME] = in.identity[IF_ID_NUMBER] =
			    in.identity[IF_CONTACT] = NULL;
		if ((r = report_submit(a, &src, &in, NULL, 0, &rc)) !=
		    REPORT_OK)
			bu_die("report %ld refused (%d)", have, (int)r);
		have++;
		made++;
		if (made % 1000 == 0)
			write_long(data, "bench-gen.count", have);
	}
	write_long(data, "bench-gen.count", have);
	auth_set_clock(a->auth, 0);
	app_close(a);
	fprintf(stderr, "bench-gen: %ld reports made in %.1f s (%.0f/s), "
	    "%ld in the store\n", made, bu_now() - t0,
	    made / (bu_now() - t0 + 1e-9), have);
	printf("%ld\n", have);
	return 0;
}
