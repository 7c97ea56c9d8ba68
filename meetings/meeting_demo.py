"""Demo meetings: a past and an upcoming high-level meeting, a regional meeting, a
special coordinators' meeting, quarterly national meetings and an invitation request.

Called by ``meetings.demo.seed`` before the calls and selection demos (the call demo
attaches its calls to ``high-level-meeting-2027``). Idempotent: meetings are found by
slug, national meetings by country and date (the service returns the existing record),
and the invitation request by organisation and country. Haitian Creole and Quechua
texts are left empty, so the pages show the not-yet-translated fallback.
"""

from datetime import time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from committees.briefing_services import local_to_utc
from portal.enums import CIVIL_SOCIETY_KINDS
from portal.models import Country, CountryCoordinator, Organisation

from . import meeting_services as services
from .enums import DocumentKind, MeetingFormat, MeetingKind, MeetingStatus
from .meeting_selectors import Quarter, quarters_between
from .models import InvitationRequest, Meeting, MeetingDocument

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PAST_HIGH_LEVEL = {
    "slug": "high-level-meeting-guatemala",
    "kind": MeetingKind.HIGH_LEVEL,
    "host": "GT",
    "days": -150,
    "length_days": 2,
    "zone": "America/Guatemala",
    "venue": "Ciudad de Guatemala",
    "format": MeetingFormat.IN_PERSON,
    "status": MeetingStatus.HELD,
    "languages": ["es", "en", "fr", "pt"],
    "title": {
        "es": "Reunión de alto nivel de la Declaración de Los Ángeles – Guatemala",
        "en": "High-level meeting of the Los Angeles Declaration – Guatemala",
        "pt": "Reunião de alto nível da Declaração de Los Angeles – Guatemala",
        "fr": "Réunion de haut niveau de la Déclaration de Los Angeles – Guatemala",
    },
    "description": {
        "es": "Los países que respaldan la Declaración revisaron el avance de sus compromisos "
        "con organizaciones de la sociedad civil seleccionadas por convocatoria pública.",
        "en": "The endorsing countries reviewed the progress of their commitments with "
        "civil-society organisations selected through a public call.",
        "pt": "Os países que endossam a Declaração revisaram o andamento de seus compromissos "
        "com organizações da sociedade civil selecionadas por chamada pública.",
        "fr": "Les pays qui soutiennent la Déclaration ont examiné l'avancement de leurs "
        "engagements avec des organisations de la société civile choisies par appel public.",
    },
    "agenda": {
        "es": "1. Apertura y palabras de la presidencia pro tempore.\n"
        "2. Informe de los comités de paquetes de acción.\n"
        "3. Diálogo con la sociedad civil sobre regularización y protección.\n"
        "4. Acuerdos y próximos pasos.",
        "en": "1. Opening and remarks by the pro tempore presidency.\n"
        "2. Report of the action-package committees.\n"
        "3. Dialogue with civil society on regularization and protection.\n"
        "4. Agreements and next steps.",
    },
    "minutes": {
        "es": "Los países presentaron sus avances en regularización y acceso al asilo.\n\n"
        "La sociedad civil pidió datos desagregados y plazos claros; la presidencia se "
        "comprometió a publicar un calendario de seguimiento antes de la próxima reunión.",
        "en": "Countries presented their progress on regularization and access to asylum.\n\n"
        "Civil society asked for disaggregated data and clear timelines; the presidency "
        "committed to publish a follow-up calendar before the next meeting.",
    },
}

UPCOMING = [
    {
        "slug": "high-level-meeting-2027",
        "kind": MeetingKind.HIGH_LEVEL,
        "host": "CO",
        "days": 60,
        "length_days": 2,
        "zone": "America/Bogota",
        "venue": "Bogotá, Centro de Convenciones Ágora",
        "online_url": "https://meet.example.org/high-level-2027",
        "format": MeetingFormat.HYBRID,
        "status": MeetingStatus.SCHEDULED,
        "languages": ["es", "en", "fr", "pt"],
        "title": {
            "es": "Reunión de alto nivel 2027 – Bogotá",
            "en": "High-level meeting 2027 – Bogotá",
            "pt": "Reunião de alto nível 2027 – Bogotá",
            "fr": "Réunion de haut niveau 2027 – Bogotá",
        },
        "description": {
            "es": "Reunión anual de los países que respaldan la Declaración. Las "
            "organizaciones de la sociedad civil obtienen sus lugares por convocatoria "
            "pública con criterios publicados.",
            "en": "Yearly meeting of the endorsing countries. Civil-society organisations "
            "take their seats through a public call with published criteria.",
            "pt": "Reunião anual dos países que endossam a Declaração. As organizações da "
            "sociedade civil obtêm seus lugares por chamada pública com critérios publicados.",
            "fr": "Réunion annuelle des pays qui soutiennent la Déclaration. Les organisations "
            "de la société civile obtiennent leurs places par un appel public aux critères "
            "publiés.",
        },
        "agenda": {
            "es": "1. Balance de compromisos por pilar.\n2. Diálogo con la sociedad civil.\n"
            "3. Plan de trabajo del año.",
            "en": "1. Review of commitments by pillar.\n2. Dialogue with civil society.\n"
            "3. The year's work plan.",
        },
    },
    {
        "slug": "regional-meeting-2027",
        "kind": MeetingKind.REGIONAL,
        "host": "PA",
        "days": 100,
        "length_days": 1,
        "zone": "America/Panama",
        "venue": "Ciudad de Panamá",
        "online_url": "https://meet.example.org/regional-2027",
        "format": MeetingFormat.HYBRID,
        "status": MeetingStatus.SCHEDULED,
        "languages": ["es", "en", "fr", "pt", "ht"],
        "title": {
            "es": "Reunión regional de coordinadores especiales con la sociedad civil",
            "en": "Regional meeting of special coordinators with civil society",
            "pt": "Reunião regional de coordenadores especiais com a sociedade civil",
            "fr": "Réunion régionale des coordonnateurs spéciaux avec la société civile",
        },
        "description": {
            "es": "Coordinadores especiales y organizaciones de la sociedad civil acuerdan el "
            "plan de trabajo conjunto del año.",
            "en": "Special coordinators and civil-society organisations agree on the year's "
            "joint work plan.",
            "pt": "Coordenadores especiais e organizações da sociedade civil acordam o plano de "
            "trabalho conjunto do ano.",
            "fr": "Les coordonnateurs spéciaux et les organisations de la société civile "
            "conviennent du plan de travail conjoint de l'année.",
        },
    },
    {
        "slug": "special-coordinators-2027",
        "kind": MeetingKind.COORDINATORS,
        "host": "EC",
        "days": 45,
        "length_days": 1,
        "zone": "America/Guayaquil",
        "venue": "Quito",
        "format": MeetingFormat.IN_PERSON,
        "status": MeetingStatus.SCHEDULED,
        "languages": ["es", "en"],
        "title": {
            "es": "Reunión de coordinadores especiales – Quito",
            "en": "Special coordinators' meeting – Quito",
            "pt": "Reunião de coordenadores especiais – Quito",
            "fr": "Réunion des coordonnateurs spéciaux – Quito",
        },
        "description": {
            "es": "Reunión de coordinadores especiales con asientos de observación para "
            "organizaciones de la sociedad civil, con prioridad para las nacionales de Ecuador.",
            "en": "Meeting of the special coordinators with observer seats for civil-society "
            "organisations, with priority for national organisations of Ecuador.",
            "pt": "Reunião dos coordenadores especiais com assentos de observação para "
            "organizações da sociedade civil, com prioridade para as nacionais do Equador.",
            "fr": "Réunion des coordonnateurs spéciaux avec des places d'observation pour les "
            "organisations de la société civile, en priorité nationales de l'Équateur.",
        },
    },
]

# Country code, the demo person who records (None: the secretariat), language, quarters
# back from the current one that had a meeting.
NATIONAL = [
    ("CO", "coordinator", "es", (1, 2, 3, 5, 6, 7)),
    ("CA", "coordinator_ca", "fr", (1, 3, 5)),
    ("MX", None, "es", (1, 2, 4)),
    ("EC", None, "es", (2, 6)),
    ("PE", None, "es", (1,)),
]
SUMMARIES = {
    "es": (
        "Reunión trimestral del coordinador especial con organizaciones locales y nacionales.",
        "Demoras en la emisión de permisos de trabajo; falta de información en las fronteras.",
        "El coordinador enviará un informe de tiempos de trámite antes de la próxima reunión.",
    ),
    "fr": (
        "Réunion trimestrielle du coordonnateur spécial avec des organisations locales et "
        "nationales.",
        "Délais de traitement des demandes d'asile ; accès aux services de santé.",
        "Le coordonnateur transmettra les délais de traitement avant la prochaine réunion.",
    ),
}


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _texts(field, values):
    return {f"{field}_{code}": text for code, text in values.items()}


def _meeting(spec, *, staff, countries):
    existing = Meeting.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    day = timezone.localdate() + timedelta(days=spec["days"])
    starts_at = local_to_utc(day, time(9, 0), spec["zone"])
    ends_at = local_to_utc(day + timedelta(days=spec["length_days"] - 1), time(17, 0), spec["zone"])
    fields = {
        **_texts("title", spec["title"]),
        **_texts("description", spec.get("description", {})),
        **_texts("agenda", spec.get("agenda", {})),
        **_texts("minutes", spec.get("minutes", {})),
    }
    return services.meeting_create(
        by=staff,
        slug=spec["slug"],
        kind=spec["kind"],
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=spec["zone"],
        host_country=countries.get(spec["host"]),
        format=spec["format"],
        venue=spec.get("venue", ""),
        online_url=spec.get("online_url", ""),
        working_languages=spec["languages"],
        status=spec["status"],
        **fields,
    )


def _document(meeting, staff):
    if meeting.documents.exists():
        return
    document = MeetingDocument(
        meeting=meeting,
        kind=DocumentKind.AGENDA,
        language="es",
        title_es="Agenda anotada",
        title_en="Annotated agenda",
        uploaded_by=staff,
    )
    document.file.save("agenda.pdf", ContentFile(MINIMAL_PDF), save=False)
    document.save()


def _recorder(people, key, country):
    """The demo person who records ``country``'s meetings, made its special coordinator."""
    if key is None:
        return people["staff"]
    user = people[key]
    row, _created = CountryCoordinator.objects.get_or_create(
        user=user,
        country=country,
        defaults={"is_special_coordinator": True, "active": True},
    )
    if not (row.is_special_coordinator and row.active):
        return people["staff"]
    return user


def _national_meetings(people, countries, scale):
    current = Quarter.of(timezone.localdate())
    past = quarters_between(Quarter(2022, 2), current)[:-1]
    plan = list(NATIONAL)
    if scale > 1:
        # Volume: every other country, every second quarter.
        listed = {code for code, *_rest in NATIONAL}
        plan += [
            (code, None, "es", tuple(range(1, len(past) + 1, 2)))
            for code in sorted(countries)
            if code not in listed
        ]
    created = 0
    for code, key, language, quarters_back in plan:
        country = countries.get(code)
        if country is None:
            continue
        by = _recorder(people, key, country)
        organisations = list(
            Organisation.objects.filter(countries=country, kind__in=CIVIL_SOCIETY_KINDS).order_by(
                "-verified", "name"
            )[:3]
        )
        summary, concerns, follow_ups = SUMMARIES[language]
        zone = services.country_time_zone(country)
        for back in quarters_back:
            if back > len(past):
                continue
            quarter = past[-back]
            day = quarter.start + timedelta(days=40)
            _record, was_created = services.national_meeting_record(
                country=country,
                by=by,
                starts_at=local_to_utc(day, time(10, 0), zone),
                ends_at=local_to_utc(day, time(13, 0), zone),
                time_zone=zone,
                format=MeetingFormat.HYBRID,
                venue=_capital(country),
                online_url="https://meet.example.org/national",
                summary=summary,
                language=language,
                organisations=organisations,
                concerns_raised=concerns,
                follow_ups=follow_ups,
                status=MeetingStatus.HELD,
            )
            created += was_created
    return created


def _capital(country):
    return {
        "CO": "Bogotá",
        "CA": "Ottawa",
        "MX": "Ciudad de México",
        "EC": "Quito",
        "PE": "Lima",
    }.get(country.code, country.name)


def _invitation_request(people, countries):
    country = countries.get("CO")
    organisation = Organisation.objects.filter(name="Red Clamor Colombia").first()
    if country is None or organisation is None:
        return
    if InvitationRequest.objects.filter(country=country, organisation=organisation).exists():
        return
    user = people["cso_admin"]
    if not services.invitation_organisations(user, country).filter(pk=organisation.pk).exists():
        return
    services.invitation_request_create(
        country=country,
        organisation=organisation,
        by=user,
        message=(
            "Acompañamos a personas migrantes venezolanas en ocho departamentos y queremos "
            "llevar sus preocupaciones a las reuniones nacionales."
        ),
    )


def seed(*, people, scale=1, stdout=None):
    staff = people["staff"]
    countries = {country.code: country for country in Country.objects.all()}
    past = _meeting(PAST_HIGH_LEVEL, staff=staff, countries=countries)
    _document(past, staff)
    for spec in UPCOMING:
        _meeting(spec, staff=staff, countries=countries)
    created = _national_meetings(people, countries, scale)
    _invitation_request(people, countries)
    _say(stdout, f"Meetings: {Meeting.objects.count()} ({created} national meetings recorded now).")
