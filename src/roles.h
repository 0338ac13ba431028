/*
 * roles.h: the staff roles, as bits. The route table lists the roles
 * that may call each route; accounts hold a set of them; the domain and
 * the store need them without the HTTP layer's route table.
 */
#ifndef WBS_ROLES_H
#define WBS_ROLES_H

/* A route with roles == ROLE_PUBLIC is open to all. */
#define ROLE_PUBLIC		0u
#define ROLE_REPORTER		(1u << 0)
#define ROLE_ADMIN		(1u << 1)
#define ROLE_REVIEWER		(1u << 2)
#define ROLE_INVESTIGATOR	(1u << 3)
#define ROLE_CUSTODIAN		(1u << 4)
#define ROLE_AUDITOR		(1u << 5)
#define ROLE_STAFF		(ROLE_ADMIN | ROLE_REVIEWER | ROLE_INVESTIGATOR | \
				 ROLE_CUSTODIAN | ROLE_AUDITOR)

#endif
