/*
 * config.h: the server's configuration, read from an INI file (libinih).
 * Every key is documented in docs/CONFIG.md and conf/wbs.ini.example.
 * Unknown sections or keys and bad values are refused with
 * "FILE:LINE: reason".
 */
#ifndef WBS_CONFIG_H
#define WBS_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "proxy.h"

#define CONFIG_STR	256
#define CONFIG_PATH	1024

struct wbs_config {
	/* [server] */
	char		listen_addr[64];	/* listen = 127.0.0.1:8080 (IPv4 or [IPv6]) */
	uint16_t	listen_port;
	char		data_dir[CONFIG_PATH];	/* data_dir = ./data */
	unsigned	threads;		/* threads = 4 (1..64), MHD thread pool */
	unsigned	workers;		/* workers = 0 (0..64; 0: one per core): pool for slow work */
	unsigned	queue_max;		/* queue_max = 64 (1..4096): slow jobs waiting */
	unsigned	queue_wait;		/* queue_wait = 20 seconds (1..600): longest wait in the queue */
	unsigned	queue_per_source;	/* queue_per_source = 4 (1..1024): one client's jobs at once */
	char		trusted_proxies[CONFIG_STR]; /* trusted_proxies = "" (addresses or CIDR ranges) */
	struct proxy_list proxies;		/* trusted_proxies, parsed */
	unsigned	max_connections;	/* max_connections = 256 (1..65536) */
	unsigned	conn_per_ip;		/* connections_per_client = 128 (0..65536; 0: none): per TCP peer, without trusted_proxies */
	unsigned	conn_timeout;		/* connection_timeout = 30 seconds (1..3600): inactivity */
	unsigned	header_timeout;		/* header_timeout = 10 seconds (1..300): request line + headers */
	unsigned	request_timeout;	/* request_timeout = 60 seconds (1..3600): body of a form */
	unsigned	upload_timeout;		/* upload_timeout = 3600 seconds (1..86400): body of an upload */
	size_t		conn_memory;		/* connection_memory = 65536 bytes (16384..1048576) */
	size_t		max_header_bytes;	/* max_header_bytes = 8192 (1024..65536) */
	size_t		max_form_bytes;		/* max_form_bytes = 65536 (1024..16777216): default body limit of form routes */
	int		tls_proxy;		/* behind_tls_proxy = false: send HSTS */
	int		sandbox;		/* sandbox = true: drop root, Landlock, seccomp (src/sandbox.h) */
	char		run_user[64];		/* user = "": the account to run as when started as root */
	unsigned	hsts_max_age;		/* hsts_max_age = 31536000 */
	char		templates_dir[CONFIG_PATH]; /* templates_dir = "" (empty: built-in) */
	char		static_dir[CONFIG_PATH];    /* static_dir = "" (empty: built-in) */
	char		po_dir[CONFIG_PATH];        /* po_dir = "" (empty: built-in) */

	/* [site] */
	char		site_name[CONFIG_STR];		/* name = WBS Kabupaten Mojokerto */
	char		institution[CONFIG_STR];	/* institution = Inspektorat Kabupaten Mojokerto */
	char		government[CONFIG_STR];		/* government = Pemerintah Kabupaten Mojokerto */
	char		site_url[CONFIG_STR];		/* url = https://wbs.mojokertokab.go.id */
	char		regulation[CONFIG_STR];		/* regulation = Peraturan Bupati Mojokerto Nomor 53 Tahun 2021 */
	char		regulation_prev[CONFIG_STR];	/* regulation_previous = Peraturan Bupati Mojokerto Nomor 21 Tahun 2019 */
	char		contact[CONFIG_STR];		/* contact = "" (optional postal/phone line shown in the footer) */

	/* [auth] */
	unsigned	argon2_ops;		/* argon2_ops = 3 (1..10): Argon2id passes */
	unsigned	argon2_mem_kib;		/* argon2_mem_kib = 262144 (8..4194304): Argon2id memory */
	unsigned	login_concurrency;	/* login_concurrency = 0 (0..64; 0: [server] workers): Argon2id runs at once */
	unsigned	session_idle;		/* session_idle = 900 seconds (60..86400) */
	unsigned	session_max;		/* session_max = 28800 seconds (300..604800) */
	unsigned	enrol_hours;		/* enrol_hours = 72 (1..720): life of an enrolment link */
	unsigned	password_min;		/* password_min = 12 (8..128): characters */
	int		totp_required;		/* no INI key: tests only may turn two-factor off */

	/* [reports] */
	char		categories[CONFIG_STR];	/* categories = korupsi,gratifikasi,... (codes; labels from po "category.CODE") */
	unsigned	max_file_mb;		/* max_file_mb = 100 (1..2048): per evidence file */
	unsigned	max_total_mb;		/* max_total_mb = 250 (1..4096): all files of one submission */
	unsigned	max_files;		/* max_files = 10 (1..50): files per submission */
	unsigned	max_report_files;	/* max_report_files = 50 (1..1000): a reporter's files per report */
	unsigned	max_report_mb;		/* max_report_mb = 1024 (1..65536): a reporter's evidence per report */
	char		upload_tmpdir[CONFIG_PATH];	/* upload_tmpdir = /dev/shm: a tmpfs for the metadata step */
	unsigned	staging_max_mb;		/* staging_max_mb = 1024 (16..1048576): uploads staged at once, all requests */
	int		remove_metadata;	/* remove_metadata = true: the box's default */
	unsigned	reports_per_minute;	/* reports_per_minute = 30 (1..10000): ceiling for everyone */
	unsigned	reports_per_source;	/* reports_per_source = 5 (1..1000): per source and hour */
	unsigned	pow_bits;		/* pow_bits = 16 (0..24): proof-of-work difficulty; 0 turns it off */
	unsigned	reporter_idle;		/* reporter_idle = 1800 seconds (60..86400) */
	unsigned	code_kdf_ops;		/* code_kdf_ops = 2 (1..10): access code Argon2id passes */
	unsigned	code_kdf_mem_kib;	/* code_kdf_mem_kib = 19456 (8..4194304): access code Argon2id memory */

	/* [deadlines] */
	unsigned	dl_acknowledge;		/* acknowledge_days = 3 (1..60): received */
	unsigned	dl_review;		/* review_days = 14 (1..365): review */
	unsigned	dl_investigation;	/* investigation_days = 60 (1..730): forwarded..reporting */
	unsigned	dl_update;		/* update_days = 90 (1..365): calendar days, follow-up */
	unsigned	dl_completion;		/* completion_days = 14 (1..365): a reporter asked to complete */
	char		holidays[CONFIG_PATH];	/* holidays = "" (empty: built-in conf/holidays.txt) */

	/* [log] */
	enum log_level	log_level;		/* level = info */
	int		log_journald;		/* journald = false: "<N>" prefixes */
};

/* Fills every field with its documented default. */
void	 config_defaults(struct wbs_config *);

/*
 * Reads path over the current values (call config_defaults first).
 * Returns 0, or -1 with err set to "PATH:LINE: reason" (or "PATH: reason"
 * when the file cannot be read).
 */
int	 config_load(struct wbs_config *, const char *path, char *err,
	    size_t errlen);

/*
 * Parses "ADDR:PORT" ("127.0.0.1:8080", "[::1]:8080") into the config.
 * Returns 0 or -1 (nothing changed).
 */
int	 config_set_listen(struct wbs_config *, const char *);

/* Writes the effective configuration as INI text to buf (for check-config). */
struct buf;
void	 config_dump(const struct wbs_config *, struct buf *);

#endif
