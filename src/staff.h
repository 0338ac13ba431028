/*
 * staff.h: the back office's login, enrolment, account and recovery
 * pages (staff.c), its administration pages (staff_admin.c) and the
 * staff session API (api_staff.c). Their routes are in pages.c.
 */
#ifndef WBS_STAFF_H
#define WBS_STAFF_H

#include "form.h"

struct req;
struct tmpl_vars;

void	 staff_login_form(struct req *);
void	 staff_login(struct req *);
void	 staff_logout(struct req *);
void	 staff_dashboard(struct req *);
void	 staff_account(struct req *);
void	 staff_password(struct req *);
void	 staff_totp(struct req *);
void	 staff_totp_confirm(struct req *);
void	 staff_enrol_form(struct req *);
void	 staff_enrol(struct req *);
void	 staff_enrol_confirm(struct req *);
void	 staff_recover_form(struct req *);
void	 staff_recover(struct req *);
void	 staff_recover_confirm(struct req *);

void	 staff_users(struct req *);
void	 staff_user_create(struct req *);
void	 staff_user_disable(struct req *);
void	 staff_user_reset(struct req *);
void	 staff_units(struct req *);
void	 staff_unit_create(struct req *);

void	 staff_case(struct req *);
void	 staff_case_message(struct req *);
void	 staff_case_transition(struct req *);
void	 staff_case_assess(struct req *);
void	 staff_case_forward(struct req *);
/* Adds the reports the session's user holds a key for ("cases"). */
void	 staff_case_list(struct req *, struct tmpl_vars *);

void	 api_staff_login(struct req *);
void	 api_staff_logout(struct req *);
void	 api_staff_me(struct req *);

/* Form field lists, indexed by the F_* enums in staff.c / staff_admin.c. */
extern const struct form_field staff_login_fields[];
extern const size_t staff_login_nfields;
extern const struct form_field staff_csrf_fields[];
extern const size_t staff_csrf_nfields;
extern const struct form_field staff_password_fields[];
extern const size_t staff_password_nfields;
extern const struct form_field staff_reauth_fields[];
extern const size_t staff_reauth_nfields;
extern const struct form_field staff_confirm_fields[];
extern const size_t staff_confirm_nfields;
extern const struct form_field staff_enrol_fields[];
extern const size_t staff_enrol_nfields;
extern const struct form_field staff_recover_fields[];
extern const size_t staff_recover_nfields;
extern const struct form_field staff_recover_confirm_fields[];
extern const size_t staff_recover_confirm_nfields;
extern const struct form_field staff_user_fields[];
extern const size_t staff_user_nfields;
extern const struct form_field staff_assess_fields[];
extern const size_t staff_assess_nfields;
extern const struct form_field staff_forward_fields[];
extern const size_t staff_forward_nfields;
extern const struct form_field staff_transition_fields[];
extern const size_t staff_transition_nfields;
extern const struct form_field staff_message_fields[];
extern const size_t staff_message_nfields;
extern const struct form_field staff_unit_fields[];
extern const size_t staff_unit_nfields;

/* A page of the back office with the common and staff variables. */
struct tmpl_vars *staff_vars(struct req *, const char *title_key,
		    const char *active);
/* The login page again, 503: the worker pool could not take the login. */
void	 staff_login_busy(struct req *);

#endif
