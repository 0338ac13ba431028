/*
 * staff_audit.h: the auditor's page (staff_audit.c): the audit trail,
 * filtered and paged, newest first. Its route is in pages.c.
 */
#ifndef WBS_STAFF_AUDIT_H
#define WBS_STAFF_AUDIT_H

struct req;

/* GET /staff/audit?action=&actor=&object=&from=&to=&before= */
void	 staff_audit(struct req *);

#endif
