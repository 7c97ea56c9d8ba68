from portal.models import CountryCoordinator, Organisation, RegionalMechanism
from secretariat.models import (
    Document,
    DocumentFile,
    Flag,
    GlossaryTerm,
    GoodPractice,
    WorkPlanItem,
)

from . import world as w
from .rules import login, public, role, staff

PLAN = "plan-de-trabajo-conjunto-2026-2027"


def _file():
    return DocumentFile.objects.filter(document__is_published=True).first()


def _flagged():
    flag = Flag.objects.filter(status="open").first()
    kinds = {"comment": "comment", "csoassessment": "assessment", "proposal": "proposal"}
    return [kinds[flag.content_type.model], flag.object_id]


def _co_coordinator():
    return CountryCoordinator.objects.filter(
        country__code="CO", active=True, is_special_coordinator=True
    ).first()


def _practice(status):
    return GoodPractice.objects.filter(status=status).first()


ACCESS = {
    # Secretariat and work plan
    "secretariat": public(),
    "secretariat_document": public(lambda: [Document.objects.filter(is_published=True).first().pk]),
    "secretariat_document_file": public(lambda: [_file().document_id, _file().language]),
    "work_plan": public(ok=(200, 302)),
    "work_plan_detail": public(lambda: [PLAN]),
    # Public to read; only co-owners and responsible coordinators post notes (tested
    # in tests/secretariat/test_work_plan.py).
    "work_plan_item": public(
        lambda: [PLAN, WorkPlanItem.objects.get(work_plan__slug=PLAN, number="1").pk]
    ),
    "work_plan_export": public(lambda: [PLAN]),
    # Staff tools (two-factor required)
    "staff_home": staff(),
    "staff_verification_queue": staff(),
    "staff_verification_decide": staff(lambda: [w.unverified_org().slug], method="post"),
    "staff_moderation_queue": staff(),
    "staff_moderation_decide": staff(_flagged, method="post"),
    "flag_create": login(_flagged),
    "staff_overdue": staff(),
    "staff_translations": staff(),
    "staff_translation_gaps": staff(lambda: ["commitments.commitment", "qu"]),
    "staff_translation_edit": staff(lambda: ["commitments.commitment", w.co_commitment().pk, "qu"]),
    "glossary": public(),
    "staff_glossary": staff(),
    "staff_glossary_new": staff(),
    "staff_glossary_edit": staff(lambda: [GlossaryTerm.objects.first().slug]),
    # National coordination, mechanisms, good practices
    "coordinator_contact": login(lambda: ["CO", _co_coordinator().pk]),
    "dissemination_create": role("coordinator", "cso_admin", lambda: ["CO"]),
    "mechanism_list": public(),
    "mechanism_detail": public(lambda: [RegionalMechanism.objects.first().slug]),
    "organisation_mechanisms": role(
        "cso_admin",
        "cso_member",
        lambda: [Organisation.objects.get(slug="red-clamor-colombia").slug],
    ),
    "good_practice_list": public(),
    "good_practice_create": role("cso_admin", "public"),
    "good_practice_detail": public(lambda: [_practice("published").slug]),
    # Submitted practices are private until published: others get 404. The
    # submitting organisation's members reach the edit page (it redirects until the
    # practice is returned for changes).
    "good_practice_edit": role(
        "cso_member",
        "cso_admin",
        lambda: [_practice("submitted").slug],
        denied_status=404,
        ok=(200, 302),
    ),
    "good_practice_review": role(
        "staff", "cso_admin", lambda: [_practice("submitted").slug], denied_status=404
    ),
}
