"""Demo commitments, progress updates and assessments (called by ``seed_demo``)."""

import datetime
import uuid

from portal.models import ActionPackage, Country, CountryCoordinator, Organisation, Pillar, User

from . import services
from .enums import CsoRating, GovernmentStatus, Publication
from .models import Commitment

COMMITMENTS = [
    # countries, package, status, percent, publication, language, title, description
    (
        ["CO"],
        2,
        "in_progress",
        70,
        "published",
        "es",
        "Estatuto Temporal de Protección para Migrantes Venezolanos",
        "Regularizar durante diez años a las personas venezolanas en Colombia y darles acceso a "
        "salud, educación y trabajo formal.",
    ),
    (
        ["CO"],
        1,
        "announced",
        None,
        "published",
        "es",
        "Integración socioeconómica de población migrante en ciudades receptoras",
        "Programas de empleo y emprendimiento con gobiernos locales en diez ciudades.",
    ),
    (
        ["CA"],
        7,
        "achieved",
        100,
        "published",
        "en",
        "Resettle 4,000 refugees from the Americas by 2028",
        "Canada will welcome up to 4,000 additional refugees from the Americas through "
        "resettlement.",
    ),
    (
        ["CA"],
        6,
        "in_progress",
        40,
        "published",
        "en",
        "Support asylum capacity in Costa Rica and Mexico",
        "Funding and technical assistance for asylum systems in partner countries.",
    ),
    (
        ["MX"],
        5,
        "in_progress",
        35,
        "published",
        "es",
        "Ampliar programas de movilidad laboral temporal",
        "Ampliar los programas de trabajadores temporales con Centroamérica.",
    ),
    (
        ["US"],
        5,
        "in_progress",
        50,
        "published",
        "en",
        "Expand temporary work visas for nationals of the region",
        "Make additional H-2B visas available for nationals of northern Central America and Haiti.",
    ),
    (
        ["EC"],
        2,
        "stalled",
        20,
        "published",
        "es",
        "Proceso de regularización extraordinaria para personas venezolanas",
        "Registro migratorio y visas de residencia temporal de excepción.",
    ),
    (
        ["PE"],
        4,
        "announced",
        None,
        "published",
        "es",
        "Campaña nacional contra la xenofobia",
        "Campaña de comunicación en medios y escuelas para prevenir la discriminación.",
    ),
    (
        ["CL", "PE"],
        9,
        "in_progress",
        25,
        "published",
        "es",
        "Gestión coordinada de la frontera Chile–Perú",
        "Protocolo binacional de atención humanitaria en el paso fronterizo de Chacalluta.",
    ),
    (
        ["HT"],
        8,
        "announced",
        None,
        "published",
        "fr",
        "Faciliter la réunification familiale des Haïtiens à l'étranger",
        "Délivrance accélérée de documents d'identité et d'état civil dans les consulats.",
    ),
    (
        ["BR"],
        1,
        "in_progress",
        60,
        "consultation",
        "pt",
        "Interiorização voluntária de refugiados e migrantes",
        "Ampliar a Operação Acolhida com apoio a municípios que recebem pessoas interiorizadas.",
    ),
    (
        ["GT"],
        11,
        "announced",
        None,
        "draft",
        "es",
        "Centros de atención a personas retornadas",
        "Borrador: ampliar los centros de recepción y reintegración de personas retornadas.",
    ),
]

ASSESSMENTS = {
    0: (
        "Red Clamor Colombia",
        CsoRating.PARTIAL,
        "El estatuto avanzó, pero muchas personas siguen esperando el permiso físico.",
    ),
    4: (
        "Centro de Derechos Humanos Fray Matías de Córdova",
        CsoRating.INSUFFICIENT,
        "Los cupos no llegan a quienes más los necesitan en la frontera sur.",
    ),
    2: (
        "Canadian Council for Refugees",
        CsoRating.ON_TRACK,
        "Arrivals are on track, though processing times remain long.",
    ),
}


def seed(*, people, scale, stdout):
    """Create the demo commitments once; more with ``scale`` for benchmarks."""
    countries = {c.code: c for c in Country.objects.all()}
    packages = {p.number: p for p in ActionPackage.objects.select_related("pillar")}
    for user_key, code in (("coordinator", "CO"), ("coordinator_ca", "CA")):
        CountryCoordinator.objects.get_or_create(user=people[user_key], country=countries[code])
    first = COMMITMENTS[0]
    if not Commitment.objects.filter(**{f"title_{first[5]}": first[6]}).exists():
        _named(people, countries, packages)
    _bulk(scale, countries, packages)
    seed_monitoring(people=people)
    from .indicator_demo import seed as seed_indicators

    seed_indicators(people=people, scale=scale, stdout=stdout)


def _named(people, countries, packages):
    created = []
    for index, row in enumerate(COMMITMENTS):
        codes, number, status, percent, publication, lang, title, description = row
        package = packages[number]
        commitment = Commitment.objects.create(
            pillar=package.pillar,
            action_package=package,
            original_language=lang,
            announced_on=datetime.date(2022, 6, 10) + datetime.timedelta(days=40 * index),
            target_date=datetime.date(2026, 12, 31) + datetime.timedelta(days=60 * index),
            status=GovernmentStatus.ANNOUNCED,
            publication=publication,
            source_url="https://www.state.gov/los-angeles-declaration-on-migration-and-protection/",
            **{f"title_{lang}": title, f"description_{lang}": description},
        )
        commitment.countries.set([countries[c] for c in codes])
        created.append(commitment)
        if status != GovernmentStatus.ANNOUNCED and publication != Publication.DRAFT:
            author = (
                people["coordinator"]
                if "CO" in codes
                else User.objects.get(email="staff@demo.portal")
            )
            services.progress_update_publish(
                commitment=commitment,
                by=author,
                country=countries[codes[0]],
                text={
                    "es": "Se avanzó en la implementación según el plan anual.",
                    "en": "Implementation advanced according to the annual plan.",
                    "pt": "A implementação avançou de acordo com o plano anual.",
                    "fr": "La mise en œuvre a progressé selon le plan annuel.",
                }.get(lang, "Implementation advanced."),
                status=status,
                language=lang,
                percent_complete=percent,
                submission_key=uuid.uuid4(),
            )
    for index, (org_name, rating, text) in ASSESSMENTS.items():
        organisation = Organisation.objects.get(name=org_name)
        author = organisation.memberships.filter(accepted=True).first().user
        services.assessment_save(
            commitment=created[index],
            organisation=organisation,
            by=author,
            rating=rating,
            text=text,
            language="en" if org_name.startswith("Canadian") else "es",
        )


def _bulk(scale, countries, packages):
    """Synthetic published commitments for volume: 12 per unit of scale beyond one."""
    wanted = 12 * (scale - 1)
    existing = Commitment.objects.filter(title_en__startswith="[demo]").count()
    if wanted <= existing:
        return
    codes = sorted(countries)
    numbers = sorted(packages)
    statuses = GovernmentStatus.values
    pillars = {p.number: p for p in Pillar.objects.all()}
    batch = [
        Commitment(
            pillar=pillars[packages[numbers[i % len(numbers)]].pillar.number],
            action_package=packages[numbers[i % len(numbers)]],
            title_en=f"[demo] Commitment {i:05d} on {packages[numbers[i % len(numbers)]].name_en}",
            title_es=f"[demo] Compromiso {i:05d}",
            original_language="en",
            announced_on=datetime.date(2022, 6, 10) + datetime.timedelta(days=i % 1500),
            status=statuses[i % len(statuses)],
            percent_complete=(i * 7) % 101,
            publication=Publication.PUBLISHED,
        )
        for i in range(existing, wanted)
    ]
    Commitment.objects.bulk_create(batch, batch_size=500)
    through = Commitment.countries.through
    links = [
        through(commitment_id=c.pk, country_id=countries[codes[c.pk % len(codes)]].pk)
        for c in Commitment.objects.filter(title_en__startswith="[demo]").only("pk")
    ]
    through.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)


def seed_monitoring(*, people):
    """A reporting round, milestones and an open consultation on the demo data."""
    import datetime as dt

    from django.utils import timezone

    from .models import Consultation, Milestone, ReportingRound

    today = timezone.localdate()
    ReportingRound.objects.get_or_create(
        name_en="First semester 2026",
        defaults={
            "name_es": "Primer semestre de 2026",
            "opens_on": dt.date(2026, 1, 1),
            "deadline": dt.date(2026, 6, 30),
        },
    )
    ReportingRound.objects.get_or_create(
        name_en="Second semester 2026",
        defaults={
            "name_es": "Segundo semestre de 2026",
            "opens_on": dt.date(2026, 7, 1),
            "deadline": today + dt.timedelta(days=14),
        },
    )
    first = Commitment.objects.filter(title_es=COMMITMENTS[0][6]).first()
    if first and not first.milestones.exists():
        for title_es, title_en, due, weight, done in [
            ("Decreto publicado", "Decree published", dt.date(2022, 3, 1), 1, True),
            (
                "Registro biométrico abierto",
                "Biometric registry opened",
                dt.date(2022, 6, 1),
                2,
                True,
            ),
            (
                "Un millón de permisos entregados",
                "One million permits delivered",
                dt.date(2023, 12, 31),
                3,
                True,
            ),
            (
                "Acceso a seguridad social",
                "Access to social security",
                dt.date(2025, 12, 31),
                2,
                False,
            ),
        ]:
            Milestone.objects.create(
                commitment=first,
                title_es=title_es,
                title_en=title_en,
                due_date=due,
                weight=weight,
                done_on=due if done else None,
            )
    draft = Commitment.objects.filter(title_es=COMMITMENTS[-1][6]).first()
    if draft and not draft.consultations.exists():
        now = timezone.now()
        consultation = Consultation.objects.create(
            commitment=draft,
            opens_at=now - dt.timedelta(days=3),
            closes_at=now + dt.timedelta(days=27),
            opened_by=people["staff"],
        )
        draft.publication = Publication.CONSULTATION
        draft.save(update_fields=["publication"])
        consultation.comments.create(
            author=people["cso_member"],
            text="Pedimos que los centros tengan intérpretes de idiomas mayas.",
        )
