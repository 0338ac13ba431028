/*
 * mat2.h: metadata removal with mat2 (Debian package), run as a child
 * process without a shell, with a time limit.
 */
#ifndef WBS_MAT2_H
#define WBS_MAT2_H

/*
 * Cleans the file at path in place (mat2 --inplace). The path's
 * extension must match its type (mat2 chooses its parser by it).
 * Returns 0, or -1 when mat2 is missing, fails, or takes longer than
 * timeout seconds.
 */
int	 mat2_clean(const char *path, unsigned timeout);
/*
 * Forks the process that runs mat2 from now on (the sandboxed server
 * cannot): call while the process has one thread, before the server's
 * Landlock rules and seccomp filter. staging is the upload_tmpdir; the
 * broker works only there. 0 or -1 with err.
 */
int	 mat2_broker_start(const char *staging, char *err, size_t errlen);
/* 1 when the mat2 program can be run. */
int	 mat2_available(void);

#endif
