"""Demo national dissemination, mechanism participations and good practices.

Called by ``secretariat.demo`` (from ``seed_demo``). Idempotent: dissemination
records are keyed on country, date and title by their service; participations on
organisation and mechanism; good practices on their title in the original language.
Everything goes through the services, so permissions, history and notifications are real.
"""

from datetime import timedelta

from django.utils import timezone

from commitments.enums import Publication
from commitments.models import Commitment
from meetings.enums import MeetingKind
from meetings.models import Meeting
from portal.models import Country, Organisation, RegionalMechanism
from portal.selectors import civil_society_organisations

from . import national_services as services
from .enums import DisseminationChannel
from .models import GoodPractice, WorkPlanItem

# country, person (None: staff), days ago, channel, title, description, audience, languages
DISSEMINATION = [
    (
        "CO",
        "coordinator",
        100,
        DisseminationChannel.EVENT,
        "Taller con organizaciones de Cúcuta sobre los compromisos de Colombia",
        "Presentamos los compromisos de Colombia en la Declaración y el calendario de informes "
        "a 35 organizaciones de la sociedad civil de Norte de Santander.",
        "Organizaciones locales y nacionales de la sociedad civil, alcaldía de Cúcuta",
        ["es"],
    ),
    (
        "CO",
        "coordinator",
        200,
        DisseminationChannel.DOCUMENT,
        "Cartilla «La Declaración de Los Ángeles en palabras sencillas»",
        "Cartilla de 12 páginas distribuida en los puntos de atención a personas migrantes, "
        "con una versión en wayuunaiki para La Guajira.",
        "Personas migrantes y refugiadas, comunidades de acogida",
        ["es", "guc"],
    ),
    (
        "EC",
        None,
        45,
        DisseminationChannel.MEDIA,
        "Programa de radio comunitaria sobre regularización",
        "Serie de tres programas en radios comunitarias de Imbabura y Sucumbíos sobre el "
        "proceso de regularización y los compromisos del Ecuador, en español y kichwa.",
        "Oyentes de radios comunitarias de la frontera norte",
        ["es", "qu"],
    ),
    (
        "MX",
        None,
        60,
        DisseminationChannel.MEETING,
        "Reunión con albergues de la frontera sur sobre los compromisos de México",
        "La coordinación especial presentó a 20 albergues y casas de migrantes de Chiapas y "
        "Tabasco los compromisos de México y recogió sus preocupaciones.",
        "Albergues y organizaciones de la frontera sur",
        ["es"],
    ),
    (
        "BR",
        None,
        30,
        DisseminationChannel.ONLINE,
        "Página sobre a Declaração de Los Angeles no portal do governo",
        "Publicação dos compromissos do Brasil e dos relatórios de progresso, com resumo em "
        "espanhol, inglês e francês para as comunidades migrantes.",
        "Público em geral e comunidades migrantes",
        ["pt", "es", "en", "fr"],
    ),
]

# organisation, mechanism slug, from, to, role, listed
PARTICIPATIONS = [
    ("Red Clamor Colombia", "quito-process", 2019, None, "Observadora de la sociedad civil", True),
    ("Red Clamor Colombia", "cartagena-40", 2023, 2024, "Consultas subregionales", True),
    (
        "Rede Sem Fronteiras Brasil",
        "south-american-conference-on-migration",
        2012,
        None,
        "Rede de organizações da sociedade civil",
        True,
    ),
    ("Rede Sem Fronteiras Brasil", "mercosur", 2016, None, "Foro consultivo", False),
    (
        "Black Immigrant Alliance of the Americas",
        "caricom",
        2021,
        None,
        "Civil-society partner",
        True,
    ),
    (
        "Canadian Council for Refugees",
        "regional-conference-on-migration",
        2005,
        None,
        "Regional Network of Civil Organizations for Migration",
        False,
    ),
    (
        "Coordinadora de Mujeres Migrantes del Perú",
        "quito-process",
        2021,
        None,
        "Capítulo de sociedad civil",
        True,
    ),
    (
        "Refugiados Unidos por Costa Rica",
        "mirps",
        2019,
        None,
        "Mesa de sociedad civil del MIRPS",
        True,
    ),
]

# Commitments of these countries are linked to the mechanism (a few each).
MECHANISM_COUNTRIES = {
    "quito-process": ["CO", "EC", "PE"],
    "mirps": ["MX", "GT", "CR", "PA"],
    "south-american-conference-on-migration": ["BR", "AR", "CL"],
    "mercosur": ["BR", "AR", "UY", "PY"],
    "regional-conference-on-migration": ["CA", "US", "MX"],
    "caricom": ["JM", "BB", "HT"],
}

PRACTICES = [
    {
        "person": "cso_admin",
        "organisation": "Red Clamor Colombia",
        "country": "CO",
        "mechanism": "quito-process",
        "language": "es",
        "title": {
            "es": "Brigadas móviles de registro en la frontera",
            "en": "Mobile registration brigades at the border",
            "pt": "Brigadas móveis de registro na fronteira",
        },
        "summary": {
            "es": "Equipos mixtos de Migración Colombia y organizaciones locales llevan el "
            "registro del Estatuto Temporal de Protección a veredas sin conexión a internet.",
            "en": "Joint teams of Migración Colombia and local organisations take registration "
            "for Temporary Protection Status to rural areas without internet access.",
            "pt": "Equipes mistas da Migración Colombia e de organizações locais levam o "
            "registro do Estatuto Temporário de Proteção a áreas rurais sem internet.",
        },
        "description": {
            "es": "Cada brigada recorre durante una semana los municipios de frontera con "
            "equipos portátiles de biometría. Las organizaciones locales convocan a las "
            "familias, acompañan a quienes no saben leer y hacen el seguimiento de los casos "
            "pendientes.\n\nEn 2024 las brigadas registraron a 18 000 personas que no habían "
            "podido hacerlo en línea.",
            "en": "Each brigade spends a week travelling through the border municipalities "
            "with portable biometric kits. Local organisations reach out to families, help "
            "those who cannot read and follow up pending cases.\n\nIn 2024 the brigades "
            "registered 18,000 people who had not managed to register online.",
        },
    },
    {
        "person": "representative",
        "organisation": "Rede Sem Fronteiras Brasil",
        "country": "BR",
        "mechanism": "south-american-conference-on-migration",
        "language": "pt",
        "title": {
            "pt": "Interiorização: acolhida e integração em municípios de todo o país",
            "es": "Interiorización: acogida e integración en municipios de todo el país",
            "en": "Relocation: reception and integration in municipalities across the country",
        },
        "summary": {
            "pt": "Pessoas venezuelanas que chegam a Roraima podem se mudar voluntariamente "
            "para outras cidades com emprego, moradia ou família à espera.",
            "es": "Las personas venezolanas que llegan a Roraima pueden trasladarse "
            "voluntariamente a otras ciudades con empleo, vivienda o familia esperándolas.",
            "en": "Venezuelans arriving in Roraima can move voluntarily to other cities where "
            "a job, housing or family awaits them.",
        },
        "description": {
            "pt": "A estratégia combina o governo federal, os municípios de destino e a "
            "sociedade civil, que acompanha as famílias nos primeiros meses.",
            "es": "La estrategia combina al gobierno federal, los municipios de destino y la "
            "sociedad civil, que acompaña a las familias durante los primeros meses.",
        },
    },
    {
        "person": "applicant",
        "organisation": "Coordinadora de Mujeres Migrantes del Perú",
        "country": "PE",
        "mechanism": "quito-process",
        "language": "es",
        "title": {
            "es": "Ventanilla única para mujeres migrantes sobrevivientes de violencia",
            "en": "One-stop desk for migrant women survivors of violence",
            "fr": "Guichet unique pour les femmes migrantes survivantes de violences",
        },
        "summary": {
            "es": "Un mismo lugar reúne orientación migratoria, denuncia y atención "
            "psicológica para mujeres migrantes en Lima Norte.",
            "en": "One place brings together migration advice, reporting and psychological "
            "support for migrant women in northern Lima.",
            "fr": "Un même lieu réunit conseil migratoire, dépôt de plainte et soutien "
            "psychologique pour les femmes migrantes du nord de Lima.",
        },
        "description": {
            "es": "La ventanilla funciona en un centro comunitario con turnos de la Defensoría, "
            "del Centro Emergencia Mujer y de la coordinadora. Las mujeres no tienen que contar "
            "su historia varias veces.",
        },
    },
    {
        "person": "staff",
        "organisation": None,
        "country": "HT",
        "mechanism": "caricom",
        "language": "fr",
        "title": {
            "fr": "Accueil des personnes rapatriées à la frontière",
            "es": "Acogida de personas repatriadas en la frontera",
            "en": "Reception of returnees at the border",
        },
        "summary": {
            "fr": "Des points d'accueil à Ouanaminthe et Belladère offrent eau, soins, "
            "documents et transport aux personnes rapatriées.",
            "es": "Puntos de acogida en Ouanaminthe y Belladère ofrecen agua, atención de "
            "salud, documentos y transporte a las personas repatriadas.",
            "en": "Reception points in Ouanaminthe and Belladère offer water, health care, "
            "documents and transport to returnees.",
        },
        "description": {
            "fr": "Les points d'accueil sont tenus par des organisations haïtiennes avec "
            "l'appui de l'Office national de la migration.",
        },
    },
]

AWAITING = {
    "person": "cso_member",
    "organisation": "Kolektif Fanm Migran Ayisyen",
    "country": "CL",
    "mechanism": "south-american-conference-on-migration",
    "language": "es",
    "title": {"es": "Clases de castellano para mujeres haitianas en Santiago"},
    "summary": {
        "es": "Clases gratuitas de castellano, con cuidado infantil, que abren el acceso al "
        "trabajo formal y a los servicios públicos.",
    },
    "description": {
        "es": "Las clases se dan los domingos en una parroquia de Estación Central, con "
        "profesoras voluntarias y materiales en creole y castellano.",
    },
}


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def seed(*, people, scale=1, stdout=None):
    countries = {c.code: c for c in Country.objects.all()}
    mechanisms = {m.slug: m for m in RegionalMechanism.objects.all()}
    _dissemination(people, countries)
    _participations(people, mechanisms)
    _link_mechanisms(countries, mechanisms)
    _practices(people, countries, mechanisms)
    _say(stdout, "National coordination, mechanisms and good practices ready.")


def _dissemination(people, countries):
    today = timezone.localdate()
    for code, person, days, channel, title, description, audience, languages in DISSEMINATION:
        if code not in countries:
            continue
        by = people[person] if person else people["staff"]
        if not by.has_perm("secretariat.record_dissemination", countries[code]):
            by = people["staff"]
        # Keyed on the title only, so running again on another day adds nothing.
        if countries[code].dissemination_records.filter(title=title).exists():
            continue
        services.dissemination_record(
            country=countries[code],
            by=by,
            held_on=today - timedelta(days=days),
            channel=channel,
            title=title,
            description=description,
            audience=audience,
            languages=languages,
        )


def _participations(people, mechanisms):
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[row[0] for row in PARTICIPATIONS])
    }
    for name, slug, from_year, to_year, role, listed in PARTICIPATIONS:
        if name not in organisations or slug not in mechanisms:
            continue
        services.mechanism_participation_save(
            organisation=organisations[name],
            by=people["staff"],
            mechanism=mechanisms[slug],
            from_year=from_year,
            to_year=to_year,
            role=role,
            listed=listed,
        )


def _public_commitments(codes, limit=3):
    ids = (
        Commitment.objects.exclude(publication=Publication.DRAFT)
        .filter(countries__code__in=codes)
        .order_by("announced_on", "pk")
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )
    return list(Commitment.objects.filter(pk__in=list(ids)))


def _link_mechanisms(countries, mechanisms):
    for slug, codes in MECHANISM_COUNTRIES.items():
        mechanism = mechanisms.get(slug)
        if mechanism is None:
            continue
        for commitment in _public_commitments(codes):
            commitment.mechanisms.add(mechanism)
    # Regional and high-level meetings are where the other processes come up.
    meetings = list(
        Meeting.objects.filter(is_published=True)
        .exclude(kind=MeetingKind.NATIONAL)
        .order_by("starts_at", "pk")[:3]
    )
    for meeting, slug in zip(
        meetings, ["quito-process", "un-network-on-migration-lac", "mirps"], strict=False
    ):
        if slug in mechanisms:
            meeting.mechanisms.add(mechanisms[slug])
    items = list(WorkPlanItem.objects.filter(work_plan__is_published=True).order_by("pk")[:2])
    for item, slug in zip(items, ["quito-process", "cartagena-40"], strict=False):
        if slug in mechanisms:
            item.mechanisms.add(mechanisms[slug])


def _submit(spec, people, countries, mechanisms):
    language = spec["language"]
    title = spec["title"][language]
    existing = GoodPractice.objects.filter(**{f"title_{language}": title}).first()
    if existing is not None:
        return existing, False
    by = people[spec["person"]]
    organisation = None
    if spec["organisation"]:
        theirs = civil_society_organisations(by)
        organisation = theirs.filter(name=spec["organisation"]).first() or theirs.first()
        if organisation is None:
            # Without the demo organisation, the secretariat documents the practice itself.
            by = people["staff"]
    country = countries.get(spec["country"])
    practice, created = services.good_practice_submit(
        by=by,
        language=language,
        title=title,
        summary=spec["summary"][language],
        description=spec["description"].get(language, ""),
        country=country,
        mechanism=mechanisms.get(spec["mechanism"]),
        commitments=_public_commitments([spec["country"]], limit=2) if country else [],
        organisation=organisation,
    )
    return practice, created


def _practices(people, countries, mechanisms):
    staff = people["staff"]
    for spec in PRACTICES:
        practice, created = _submit(spec, people, countries, mechanisms)
        if not created:
            continue
        # Translations the secretariat added before publishing.
        for field in ("title", "summary", "description"):
            for code, text in spec[field].items():
                setattr(practice, f"{field}_{code}", text)
        practice.save()
        services.good_practice_review(
            practice=practice, by=staff, publish=True, note="Gracias por compartirla."
        )
    _submit(AWAITING, people, countries, mechanisms)
