from . import world as w
from .rules import login, public, role, staff

SLUG = "temporary-protection-regularization"


def _briefing_args(status="agenda_published"):
    return lambda: [SLUG, w.briefing(status).pk]


ACCESS = {
    "committee_list": public(),
    "committee_detail": public(lambda: [SLUG]),
    "committee_follow": login(lambda: [SLUG], method="post"),
    "committee_ics": public(lambda: [SLUG]),
    "representative_designate": staff(lambda: [SLUG]),
    "briefing_create": role("coordinator", "cso_admin", lambda: [SLUG]),
    "briefing_detail": public(_briefing_args()),
    "briefing_agenda": role("coordinator", "cso_admin", _briefing_args("planned")),
    "suggestion_create": role("cso_admin", "coordinator_ca", _briefing_args()),
    "briefing_report": role("coordinator", "cso_admin", _briefing_args("report_published")),
    "briefing_document": public(
        lambda: [
            w.briefing_document().briefing.committee.slug,
            w.briefing_document().briefing_id,
            w.briefing_document().pk,
        ]
    ),
    "briefing_ics": public(_briefing_args()),
    "suggestion_endorse": role(
        "cso_member", "coordinator", lambda: [w.pending_suggestion().pk], method="post"
    ),
    "suggestion_decide": role(
        "coordinator", "cso_admin", lambda: [w.pending_suggestion().pk], method="post"
    ),
    "proposal_create": role("cso_admin", "coordinator", lambda: [SLUG]),
    # A committee-only proposal: its existence is private, even from anonymous readers.
    "proposal_detail": role(
        "cso_admin",
        "reviewer",
        lambda: [w.private_proposal().pk],
        denied_status=404,
        anonymous_status=404,
    ),
    "proposal_transition": role(
        "coordinator", "cso_admin", lambda: [w.public_proposal().pk], method="post"
    ),
    "proposal_attachment": public(
        lambda: [w.proposal_attachment().proposal_id, w.proposal_attachment().pk]
    ),
}
