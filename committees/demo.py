"""Demo data of the committee pages: coordinators, representatives, followers.

Called by ``seed_demo``. Idempotent: coordinators are looked up by (committee,
person), people by email, and a committee that already has a representative is
left alone. Briefings and proposals are seeded by their own modules.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from portal.enums import MembershipRole
from portal.models import Country, Membership, Organisation, User

from . import committee_services
from .enums import CoordinatorRole
from .models import Committee, CommitteeCoordinator

# Extra coordinators: email, name, language, country.
EXTRA_PEOPLE = {
    "coordinator_ec": ("coordinator-ec@demo.portal", "Inés Huamán", "es", "EC"),
    "coordinator_ht": ("coordinator-ht@demo.portal", "Pierre Louis", "ht", "HT"),
    "coordinator_cr": ("coordinator-cr@demo.portal", "Fabiola Rodríguez", "es", "CR"),
    "coordinator_mx": ("coordinator-mx@demo.portal", "Yolanda Santos", "es", "MX"),
    "coordinator_cl": ("coordinator-cl@demo.portal", "Camila Pérez", "es", "CL"),
    "representative_ca": ("representative-ca@demo.portal", "Wilson Joseph", "en", None),
}

# committee slug, person key, country code, role, contact phone.
COORDINATORS = [
    ("temporary-protection-regularization", "coordinator", "CO", "lead", "+57 601 555 0142"),
    ("temporary-protection-regularization", "coordinator_ec", "EC", "member", "+593 2 555 0198"),
    ("temporary-protection-regularization", "coordinator_ht", "HT", "member", "+509 2 555 0110"),
    ("investing-in-asylum", "coordinator_ca", "CA", "lead", "+1 613 555 0175"),
    ("investing-in-asylum", "coordinator_cr", "CR", "member", "+506 2 555 0133"),
    ("refugee-resettlement", "coordinator_ca", "CA", "lead", "+1 613 555 0175"),
    ("international-financing", "coordinator_ec", "EC", "lead", "+593 2 555 0198"),
    ("international-financing", "coordinator", "CO", "member", "+57 601 555 0142"),
    ("labor-mobility", "coordinator_mx", "MX", "lead", "+52 55 5555 0161"),
    ("integration-host-communities", "coordinator_cl", "CL", "lead", "+56 2 2555 0187"),
]

FOLLOWERS = {
    "temporary-protection-regularization": ["public", "cso_member", "cso_admin", "applicant"],
    "investing-in-asylum": ["cso_member", "reviewer"],
    "combatting-xenophobia": ["public"],
}


def _person(email, full_name, language):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=settings.PORTAL_DEMO_PASSWORD,
            full_name=full_name,
            preferred_language=language,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _member(user, organisation_name):
    organisation = Organisation.objects.filter(name=organisation_name).first()
    if organisation is not None:
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": MembershipRole.MEMBER, "accepted": True},
        )
    return organisation


def seed(*, people, scale, stdout):
    people = dict(people)
    for key, (email, name, language, _country) in EXTRA_PEOPLE.items():
        people[key] = _person(email, name, language)
    _member(people["coordinator_mx"], "Secretaría de Relaciones Exteriores de México")

    committees = {c.slug: c for c in Committee.objects.select_related("action_package")}
    countries = {c.code: c for c in Country.objects.all()}
    coordinators = 0
    for slug, key, code, role, phone in COORDINATORS:
        committee = committees.get(slug)
        if committee is None or code not in countries:
            continue
        _row, created = CommitteeCoordinator.objects.get_or_create(
            committee=committee,
            user=people[key],
            defaults={
                "country": countries[code],
                "role": CoordinatorRole(role),
                "contact_email": people[key].email,
                "contact_phone": phone,
            },
        )
        coordinators += created

    for slug, keys in FOLLOWERS.items():
        if slug in committees:
            committees[slug].followers.add(*[people[k] for k in keys])

    designated = _representatives(people, committees)
    stdout.write(f"Committees: {coordinators} coordinators and {designated} representatives added.")

    # Briefings and proposals build on the coordinators and representatives above.
    from . import briefing_demo, proposal_demo

    briefing_demo.seed(people=people, scale=scale, stdout=stdout)
    proposal_demo.seed(people=people, scale=scale, stdout=stdout)


def _designate(committee, user, organisation, start, end, staff):
    return committee_services.representative_designate(
        committee=committee,
        user=user,
        organisation=organisation,
        term_start=start,
        term_end=end,
        by=staff,
    )


def _representatives(people, committees):
    """Representatives through the service, so terms, history and emails are real."""
    today = timezone.localdate()
    staff = people["staff"]
    designated = 0
    protection = committees.get("temporary-protection-regularization")
    rede = Organisation.objects.filter(name="Rede Sem Fronteiras Brasil", verified=True).first()
    red_clamor = Organisation.objects.filter(name="Red Clamor Colombia", verified=True).first()
    if protection and rede and not protection.representatives.exists():
        # A finished first term, then the current representative.
        if red_clamor:
            _designate(
                protection,
                people["cso_admin"],
                red_clamor,
                today - timedelta(days=400),
                today - timedelta(days=30),
                staff,
            )
            designated += 1
        _member(people["representative"], rede.name)
        _designate(
            protection, people["representative"], rede, today - timedelta(days=30), None, staff
        )
        designated += 1
    asylum = committees.get("investing-in-asylum")
    if asylum and not asylum.representatives.exists():
        ccr = _member(people["representative_ca"], "Canadian Council for Refugees")
        if ccr is not None and ccr.verified:
            _designate(
                asylum,
                people["representative_ca"],
                ccr,
                today - timedelta(days=90),
                today + timedelta(days=640),
                staff,
            )
            designated += 1
    return designated
