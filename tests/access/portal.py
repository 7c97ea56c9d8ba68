from . import world as w
from .rules import login, public, role, staff

ACCESS = {
    "healthz": public(),
    "readyz": public(),
    "home": public(),
    "search": public(),
    "country_list": public(),
    "organisation_list": public(),
    "organisation_detail": public(lambda: [w.person_org().slug]),
    "dashboard": login(),
    "profile": login(),
    "my_data": login(),
    "my_data_download": login(),
    "account_delete": login(),
    "organisation_create": login(),
    "organisation_edit": role("cso_admin", "public", lambda: [w.person_org().slug]),
    "organisation_join": login(lambda: [w.person_org().slug], allowed="reviewer", method="post"),
    "membership_decide": role(
        "cso_admin",
        "cso_member",
        lambda: [w.pending_membership().organisation.slug, w.pending_membership().pk],
        method="post",
    ),
    "organisation_verify": staff(lambda: [w.unverified_org().slug], method="post"),
    "audit_log": staff(),
}
