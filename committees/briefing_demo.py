"""Demo briefings: a past one with its report, an upcoming one with suggestions, a late one.

Called by ``seed_demo`` after ``committees.demo.seed`` (coordinators and representatives
exist by then; a missing coordinator is added here). Idempotent: a briefing is found by
its committee and Spanish title, and an existing one is left as it is. Everything is
written through the briefing services; only the past dates of a past briefing's
publications are set afterwards, since the services stamp the present.
"""

from datetime import time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import Country
from portal.selectors import civil_society_organisations

from . import briefing_services as services
from .enums import AgendaSource, CoordinatorRole
from .models import AgendaSuggestion, Briefing, Committee, CommitteeCoordinator

COMMITTEES = [
    ("temporary-protection-regularization", "America/Bogota", "CO"),
    ("investing-in-asylum", "America/Toronto", "CA"),
    ("labor-mobility", "America/Mexico_City", "MX"),
]

PAST = {
    "es": "Sesión informativa del primer semestre",
    "en": "First-half briefing",
    "fr": "Séance d'information du premier semestre",
    "pt": "Sessão informativa do primeiro semestre",
}
UPCOMING = {
    "es": "Sesión informativa del segundo semestre",
    "en": "Second-half briefing",
    "fr": "Séance d'information du second semestre",
    "pt": "Sessão informativa do segundo semestre",
}
LATE = {
    "es": "Sesión extraordinaria con la sociedad civil",
    "en": "Extraordinary briefing with civil society",
}

REPORT = {
    "es": (
        "Los países miembros presentaron el avance de sus compromisos. Las organizaciones de "
        "la sociedad civil pidieron datos desagregados por género y edad y plazos claros para "
        "las respuestas a sus propuestas escritas. La próxima sesión revisará esos pedidos."
    ),
    "en": (
        "Member countries presented the progress of their commitments. Civil-society "
        "organisations asked for data broken down by gender and age and for clear dates for "
        "the answers to their written proposals. The next briefing will review those requests."
    ),
}

SUGGESTIONS = [
    (
        "Acceso a documentos para niñas, niños y adolescentes",
        "Muchos menores no acompañados siguen sin documentos; pedimos que el comité informe "
        "qué medidas específicas existen y cuántos casos se resolvieron.",
    ),
    (
        "Presentación de un estudio regional de costos",
        "Queremos presentar nuestro estudio durante toda la sesión.",
    ),
    (
        "Participación de organizaciones lideradas por personas migrantes",
        "Proponemos un espacio fijo en cada sesión para organizaciones lideradas por "
        "personas migrantes y refugiadas.",
    ),
]
DECLINE_REASON = (
    "La sesión dura dos horas y no permite una presentación completa; invitamos a enviar el "
    "estudio como propuesta escrita, que el comité responderá."
)
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _coordinator(committee, people, country_code):
    row = (
        committee.coordinators.filter(active=True)
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    if row is not None:
        return row.user
    country = Country.objects.filter(code=country_code).first() or Country.objects.first()
    row, _created = CommitteeCoordinator.objects.get_or_create(
        committee=committee,
        user=people["coordinator"],
        defaults={"country": country, "role": CoordinatorRole.LEAD},
    )
    return row.user


def _create(committee, coordinator, titles, *, days, zone, **fields):
    day = timezone.localdate() + timedelta(days=days)
    briefing = services.briefing_create(
        committee=committee,
        by=coordinator,
        title=titles["es"],
        language="es",
        starts_at=services.local_to_utc(day, time(10, 0), zone),
        time_zone=zone,
        **fields,
    )
    Briefing.objects.filter(pk=briefing.pk).update(
        **{f"title_{code}": text for code, text in titles.items() if code != "es"}
    )
    briefing.refresh_from_db()
    return briefing


def _agenda(briefing, coordinator):
    commitments = list(
        services.agenda_commitment_choices(briefing).order_by("-announced_on", "pk")[:2]
    )
    services.agenda_item_add(
        briefing=briefing,
        by=coordinator,
        title="Avance de los compromisos de los países miembros",
        language="es",
        description="Cada país presenta su último informe de avance.",
        commitments=commitments,
    )
    services.agenda_item_add(
        briefing=briefing,
        by=coordinator,
        title="Respuestas a las propuestas escritas de la sociedad civil",
        language="es",
        source=AgendaSource.SECRETARIAT,
    )


def _past(committee, coordinator, zone):
    briefing = _create(
        committee, coordinator, PAST, days=-45, zone=zone, place="Cancillería, sala 3"
    )
    _agenda(briefing, coordinator)
    services.briefing_publish_agenda(briefing=briefing, by=coordinator)
    services.briefing_publish_report(
        briefing=briefing,
        by=coordinator,
        text=REPORT["es"],
        language="es",
        files=[ContentFile(MINIMAL_PDF, name="acta-de-la-sesion.pdf")],
    )
    services.briefing_publish_report(
        briefing=briefing, by=coordinator, text=REPORT["en"], language="en"
    )
    # The services stamp "now"; a past briefing's agenda and report are dated in the past.
    Briefing.objects.filter(pk=briefing.pk).update(
        agenda_published_at=briefing.starts_at - timedelta(days=35),
        report_published_at=briefing.starts_at + timedelta(days=7),
    )
    return briefing


def _suggesters(people):
    """An (author, organisation) and an (endorser, organisation) pair, or None.

    The endorser belongs neither to the author's organisation nor the author to the
    endorser's, as endorsing one's own organisation's topic is not allowed.
    """
    candidates = []
    for key in ("cso_admin", "cso_member", "representative", "applicant", "reviewer"):
        person = people.get(key)
        if person is None:
            continue
        member_of = set(
            person.memberships.filter(accepted=True).values_list("organisation_id", flat=True)
        )
        for organisation in civil_society_organisations(person):
            candidates.append((person, organisation, member_of))
    for author, organisation, author_orgs in candidates:
        for endorser, endorser_org, endorser_orgs in candidates:
            if organisation.pk not in endorser_orgs and endorser_org.pk not in author_orgs:
                return (author, organisation), (endorser, endorser_org)
    return None


def _upcoming(committee, coordinator, zone, people):
    briefing = _create(
        committee,
        coordinator,
        UPCOMING,
        days=75,
        zone=zone,
        place="Ciudad de Panamá",
        online_url="https://meet.example.org/declaration-briefing",
    )
    _agenda(briefing, coordinator)
    pairs = _suggesters(people)
    if pairs is not None:
        (author, organisation), (endorser, endorser_org) = pairs
        accepted, _c = services.suggestion_create(
            briefing=briefing,
            organisation=organisation,
            by=author,
            title=SUGGESTIONS[0][0],
            rationale=SUGGESTIONS[0][1],
        )
        services.suggestion_endorse(suggestion=accepted, organisation=endorser_org, by=endorser)
        declined, _c = services.suggestion_create(
            briefing=briefing,
            organisation=endorser_org,
            by=endorser,
            title=SUGGESTIONS[1][0],
            rationale=SUGGESTIONS[1][1],
        )
        pending, _c = services.suggestion_create(
            briefing=briefing,
            organisation=organisation,
            by=author,
            title=SUGGESTIONS[2][0],
            rationale=SUGGESTIONS[2][1],
        )
        services.suggestion_endorse(suggestion=pending, organisation=endorser_org, by=endorser)
        services.suggestion_decide(suggestion=accepted, by=coordinator, accept=True)
        services.suggestion_decide(
            suggestion=declined, by=coordinator, accept=False, reason=DECLINE_REASON
        )
    services.briefing_publish_agenda(briefing=briefing, by=coordinator)
    return briefing


def seed(*, people, scale, stdout):
    committees = {c.slug: c for c in Committee.objects.select_related("action_package")}
    created = 0
    for index, (slug, zone, country_code) in enumerate(COMMITTEES):
        committee = committees.get(slug)
        if committee is None:
            continue
        coordinator = _coordinator(committee, people, country_code)
        existing = set(
            Briefing.objects.filter(committee=committee).values_list("title_es", flat=True)
        )
        if PAST["es"] not in existing:
            _past(committee, coordinator, zone)
            created += 1
        if UPCOMING["es"] not in existing:
            _upcoming(committee, coordinator, zone, people)
            created += 1
        if index == 0 and LATE["es"] not in existing:
            # Its agenda was due 30 days before, so it is already shown late.
            _create(committee, coordinator, LATE, days=10, zone=zone, place="Quito")
            created += 1
    suggestions = AgendaSuggestion.objects.filter(briefing__committee__slug__in=committees).count()
    stdout.write(f"Briefings: {created} added ({suggestions} suggested topics in all).")
    return created
