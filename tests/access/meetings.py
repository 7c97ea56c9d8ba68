from meetings.models import Application, RegistrationCall

from .rules import login, public, role

HIGH_LEVEL = "high-level-meeting-2027"


def open_call():
    return RegistrationCall.objects.get(meeting__slug=HIGH_LEVEL, kind="participants")


def red_clamor_application():
    """Red Clamor Colombia's submitted application (cso_admin administers it)."""
    return Application.objects.get(
        call__meeting__slug=HIGH_LEVEL, organisation__slug="red-clamor-colombia"
    )


def applicant_draft():
    """The demo applicant's draft (Coordinadora de Mujeres Migrantes del Perú)."""
    return Application.objects.get(call__meeting__slug=HIGH_LEVEL, status="draft")


ACCESS = {
    "call_list": public(),
    "call_detail": public(lambda: [open_call().pk]),
    # Members of an eligible organisation; others get 403 (the call page says why).
    "call_apply": role("cso_admin", "coordinator", lambda: [open_call().pk]),
    # Applications are private: the wrong person gets 404.
    "application_detail": role(
        "cso_admin", "applicant", lambda: [red_clamor_application().pk], denied_status=404
    ),
    "application_edit": role(
        "cso_admin", "applicant", lambda: [red_clamor_application().pk], denied_status=404
    ),
    "application_submit": role(
        "applicant", "cso_admin", lambda: [applicant_draft().pk], denied_status=404, method="post"
    ),
    "application_withdraw": role(
        "cso_admin", "applicant", lambda: [red_clamor_application().pk], denied_status=404
    ),
    "application_attachment": role(
        "cso_admin",
        "applicant",
        lambda: [
            red_clamor_application().pk,
            red_clamor_application().attachments.get().pk,
        ],
        denied_status=404,
    ),
    "my_applications": login(),
}
