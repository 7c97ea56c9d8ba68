from meetings.models import (
    Application,
    InvitationRequest,
    MeetingDocument,
    Participant,
    RegistrationCall,
)

from .rules import login, public, role, staff

HIGH_LEVEL = "high-level-meeting-2027"
REGIONAL = "regional-meeting-2027"


def regional_call():
    """The regional meeting's closed call, reviewed and published by selection_demo."""
    return (
        RegistrationCall.objects.filter(meeting__slug=REGIONAL, results_published_at__isnull=False)
        .order_by("-closes_at")
        .first()
    )


def regional_red_clamor():
    """Red Clamor Colombia's application to the regional call (cso_admin administers it)."""
    return Application.objects.get(call=regional_call(), organisation__slug="red-clamor-colombia")


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


def kolektif_participant():
    """A selected participant of Kolektif Fanm Migran Ayisyen (cso_member administers it)."""
    return Participant.objects.filter(
        application__organisation__slug="kolektif-fanm-migran-ayisyen",
        registration_code__isnull=False,
    ).first()


ACCESS = {
    "meeting_list": public(),
    "meeting_detail": public(lambda: [HIGH_LEVEL]),
    "meeting_ics": public(lambda: [HIGH_LEVEL]),
    "meeting_document": public(lambda: [MeetingDocument.objects.first().pk]),
    "national_meeting_grid": public(),
    "national_meeting_create": role("coordinator", "cso_admin", lambda: ["CO"]),
    "national_meeting_edit": role(
        "coordinator", "coordinator_ca", lambda: ["national-meeting-co-2026-08-10"]
    ),
    "invitation_request_create": role("cso_admin", "coordinator", lambda: ["CO"]),
    "invitation_request_list": role("coordinator", "cso_admin", lambda: ["CO"]),
    # Requests are known only to the country's coordinators and the secretariat.
    "invitation_request_answer": role(
        "coordinator",
        "cso_admin",
        lambda: [InvitationRequest.objects.filter(country__code="CO").first().pk],
        denied_status=404,
        method="post",
    ),
    "meeting_check_in": staff(lambda: [REGIONAL]),
    # A participant's ticket at the door: their organisation's members and staff only.
    "participant_qr": role(
        "cso_member", "reviewer", lambda: [kolektif_participant().pk], denied_status=404
    ),
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
    # The panel's work is private: non-members get 404.
    "call_panel": role("reviewer", "cso_admin", lambda: [regional_call().pk], denied_status=404),
    "application_review": role(
        "reviewer", "cso_admin", lambda: [regional_red_clamor().pk], denied_status=404
    ),
    "call_selection": staff(lambda: [regional_call().pk]),
    "call_override": staff(lambda: [regional_red_clamor().pk], method="post"),
    "call_publish_results": staff(lambda: [regional_call().pk], method="post"),
    "call_report": public(lambda: [regional_call().pk]),
    "call_report_csv": public(lambda: [regional_call().pk]),
}
