/*
 * staff_files.h: evidence downloads for handlers (staff_files.c). The
 * route is in pages.c.
 */
#ifndef WBS_STAFF_FILES_H
#define WBS_STAFF_FILES_H

struct req;

/* GET /staff/laporan/:id/berkas/:fid: the decrypted file, streamed. */
void	 staff_file_download(struct req *);

#endif
