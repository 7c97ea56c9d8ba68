"""Demo monitoring indicators and their values (called from ``commitments.demo``).

Indicators are proposed and adopted through the services, and the named values are
recorded by the people who would record them (a country's coordinator, a member of
a verified organisation, or the secretariat). Idempotent: indicators are found by
code and values by their unique key. ``scale`` N > 1 adds synthetic indicators with
quarterly values until there are about 240 × N values (some 20,000 at N = 84).

The figures are illustrative, not official statistics; their sources say so.
"""

import datetime
import math
import random
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from portal.models import Country, CountryCoordinator, Organisation, Pillar

from . import indicators as ind
from .enums import (
    Direction,
    IndicatorKind,
    IndicatorStatus,
    PeriodKind,
    Publication,
    Reporter,
    Verification,
)
from .models import Commitment, DataPoint, Indicator

YEARS = [2022, 2023, 2024, 2025]

# Who reports civil-society values for a country: (organisation name, person key).
# A person key of "staff" means the secretariat enters the organisation's figures.
CSO_REPORTERS = {
    "CO": ("Red Clamor Colombia", "cso_admin"),
    "PE": ("Coordinadora de Mujeres Migrantes del Perú", "applicant"),
    "HT": ("Kolektif Fanm Migran Ayisyen", "cso_member"),
    "CL": ("Kolektif Fanm Migran Ayisyen", "cso_member"),
    "BR": ("Rede Sem Fronteiras Brasil", "representative"),
    "MX": ("Centro de Derechos Humanos Fray Matías de Córdova", "staff"),
    "CR": ("Refugiados Unidos por Costa Rica", "staff"),
    "CA": ("Canadian Council for Refugees", "staff"),
    "US": ("Black Immigrant Alliance of the Americas", "staff"),
}
GOVERNMENT_REPORTERS = {"CO": "coordinator", "CA": "coordinator_ca"}

INDICATORS = [
    {
        "code": "temporary-protection",
        "status": IndicatorStatus.ADOPTED,
        "proposed_by": ("Red Clamor Colombia", "cso_admin"),
        "kind": IndicatorKind.QUANTITATIVE,
        "unit": "persons",
        "direction": Direction.HIGHER_IS_BETTER,
        "pillars": [1],
        "commitments_es": [
            "Estatuto Temporal de Protección para Migrantes Venezolanos",
            "Proceso de regularización extraordinaria para personas venezolanas",
        ],
        "name": {
            "es": "Personas a las que se otorgó protección temporal o regularización",
            "en": "Number of people granted temporary protection or regularization",
            "pt": "Pessoas que receberam proteção temporária ou regularização",
            "fr": "Personnes ayant obtenu une protection temporaire ou une régularisation",
        },
        "methodology": {
            "es": "Número de personas que recibieron en el año un permiso de protección "
            "temporal, una visa de excepción o una regularización migratoria. El gobierno "
            "informa los permisos emitidos; la sociedad civil, los permisos efectivamente "
            "entregados según sus registros de atención.",
            "en": "Number of people who received, during the year, a temporary protection "
            "permit, an exceptional visa or a regularization. Governments report permits "
            "issued; civil society reports permits actually delivered, from its case records.",
        },
        "period": PeriodKind.YEAR,
        "government": {
            "CO": [1_450_000, 520_000, 310_000, 180_000],
            "EC": [12_000, 96_000, 83_000, 41_000],
            "PE": [110_000, 180_000, 240_000, 150_000],
            "BR": [48_000, 62_000, 71_000, 77_000],
            "CR": [2_500, 110_000, 150_000, 160_000],
            "MX": [58_000, 74_000, 80_000, 65_000],
            "CL": [38_000, 30_000, 25_000, 32_000],
        },
        "civil_society": {
            "CO": [1_100_000, 480_000, 260_000, 120_000],
            "PE": [90_000, 150_000, 170_000, 100_000],
            "BR": [45_000, 58_000, 60_000, 64_000],
            "CR": [2_000, 85_000, 120_000, 125_000],
            "MX": [40_000, 52_000, 50_000, 38_000],
            "CL": [30_000, 22_000, 18_000, 20_000],
        },
    },
    {
        "code": "asylum-decision-time",
        "status": IndicatorStatus.ADOPTED,
        "proposed_by": ("Canadian Council for Refugees", "staff"),
        "kind": IndicatorKind.QUANTITATIVE,
        "unit": "days",
        "direction": Direction.LOWER_IS_BETTER,
        "pillars": [2],
        "commitments_es": [],
        "commitments_en": ["Support asylum capacity in Costa Rica and Mexico"],
        "name": {
            "es": "Tiempo promedio de decisión de las solicitudes de asilo",
            "en": "Average asylum decision time",
            "pt": "Tempo médio de decisão dos pedidos de refúgio",
            "fr": "Délai moyen de décision sur les demandes d'asile",
        },
        "methodology": {
            "es": "Días entre la presentación de la solicitud y la decisión en primera "
            "instancia, promedio de las decisiones del trimestre.",
            "en": "Days between the filing of a claim and the first-instance decision, "
            "averaged over the decisions of the quarter.",
        },
        "period": PeriodKind.QUARTER,
        # (first quarter, last quarter): values run between the two with some noise.
        "government": {
            "MX": (120, 95),
            "CR": (410, 300),
            "BR": (540, 420),
            "CA": (600, 680),
            "PE": (700, 650),
            "CO": (450, 380),
        },
        "civil_society": {
            "MX": (150, 140),
            "CR": (480, 420),
            "BR": (600, 560),
            "CA": (650, 760),
        },
    },
    {
        "code": "migrant-health-access",
        "status": IndicatorStatus.ADOPTED,
        "proposed_by": ("Red Clamor Colombia", "cso_admin"),
        "kind": IndicatorKind.QUALITATIVE,
        "unit": "",
        "direction": Direction.HIGHER_IS_BETTER,
        "pillars": [1],
        "commitments_es": [],
        "name": {
            "es": "Acceso de las personas migrantes a los servicios públicos de salud",
            "en": "Access of migrants to public health services",
            "pt": "Acesso de pessoas migrantes aos serviços públicos de saúde",
            "fr": "Accès des personnes migrantes aux services publics de santé",
        },
        "methodology": {
            "es": "Valoración de 1 (muy deficiente) a 5 (muy buena) del acceso real a la "
            "atención primaria, urgencias y vacunación, sin importar la situación "
            "migratoria. Se justifica cada valoración con evidencia.",
            "en": "Rating from 1 (very poor) to 5 (very good) of actual access to primary "
            "care, emergencies and vaccination regardless of migration status, each rating "
            "justified with evidence.",
        },
        "period": PeriodKind.YEAR,
        "government": {
            "CO": [3, 4, 4, 4],
            "PE": [3, 3, 3, 4],
            "CL": [4, 4, 3, 3],
            "BR": [4, 4, 5, 5],
            "HT": [1, 1, 1, 1],
            "MX": [3, 3, 3, 3],
            "EC": [3, 3, 4, 4],
        },
        "civil_society": {
            "CO": [2, 3, 3, 2],
            "PE": [2, 2, 2, 3],
            "CL": [3, 3, 2, 2],
            "BR": [4, 4, 4, 4],
            "HT": [1, 1, 1, 1],
            "MX": [2, 2, 2, 2],
        },
    },
    {
        "code": "labour-mobility-visas",
        "status": IndicatorStatus.ADOPTED,
        "proposed_by": (None, "staff"),
        "kind": IndicatorKind.QUANTITATIVE,
        "unit": "persons",
        "direction": Direction.HIGHER_IS_BETTER,
        "pillars": [2],
        "commitments_es": ["Ampliar programas de movilidad laboral temporal"],
        "commitments_en": ["Expand temporary work visas for nationals of the region"],
        "name": {
            "es": "Visas de trabajo y permisos de movilidad laboral para nacionales de la región",
            "en": "Work visas and labour mobility permits issued to nationals of the region",
            "pt": "Vistos de trabalho e autorizações de mobilidade laboral para nacionais "
            "da região",
        },
        "methodology": {
            "es": "Visas de trabajo temporal y permisos de movilidad laboral emitidos en el "
            "año a nacionales de otros países que respaldan la declaración.",
            "en": "Temporary work visas and labour mobility permits issued in the year to "
            "nationals of other endorsing countries.",
        },
        "period": PeriodKind.YEAR,
        "government": {
            "US": [20_000, 65_000, 64_716, 70_000],
            "CA": [60_000, 72_000, 80_000, 75_000],
            "MX": [15_000, 22_000, 30_000, 34_000],
        },
        "civil_society": {"US": [18_000, 50_000, 52_000, 55_000]},
    },
    {
        "code": "returnee-reintegration",
        "status": IndicatorStatus.ADOPTED,
        "proposed_by": (None, "staff"),
        "kind": IndicatorKind.QUANTITATIVE,
        "unit": "%",
        "direction": Direction.HIGHER_IS_BETTER,
        "pillars": [3],
        "commitments_es": [],
        "name": {
            "es": "Personas retornadas recibidas con apoyo de reintegración",
            "en": "Returned persons received with reintegration support",
            "fr": "Personnes rapatriées accueillies avec un appui à la réintégration",
        },
        "methodology": {
            "es": "Porcentaje de personas retornadas que recibieron, en los tres meses "
            "siguientes, apoyo psicosocial, documentación o inserción laboral.",
            "en": "Share of returned persons who received psychosocial support, documents or "
            "job placement within three months of their return.",
        },
        "period": PeriodKind.YEAR,
        "government": {
            "GT": [22, 28, 35, 38],
            "HN": [18, 24, 30, 33],
            "SV": [30, 33, 36, 40],
            "HT": [5, 6, 4, 3],
        },
        "civil_society": {"HT": [3, 4, 3, 2]},
    },
    {
        "code": "emergency-response-activation",
        "status": IndicatorStatus.ADOPTED,
        "proposed_by": ("Refugiados Unidos por Costa Rica", "staff"),
        "kind": IndicatorKind.QUANTITATIVE,
        "unit": "days",
        "direction": Direction.LOWER_IS_BETTER,
        "pillars": [4],
        "commitments_es": [],
        "name": {
            "es": "Días para activar una respuesta humanitaria coordinada ante llegadas masivas",
            "en": "Days to activate a coordinated humanitarian response to mass arrivals",
            "pt": "Dias para ativar uma resposta humanitária coordenada a chegadas em massa",
        },
        "methodology": {
            "es": "Días entre el primer aviso de una llegada masiva a una frontera y la "
            "activación del plan conjunto de autoridades, agencias y sociedad civil.",
            "en": "Days between the first alert of a mass arrival at a border and the "
            "activation of the joint plan of authorities, agencies and civil society.",
        },
        "period": PeriodKind.YEAR,
        "government": {
            "PA": [12, 9, 7, 6],
            "CR": [15, 12, 10, 10],
            "CL": [20, 18, 14, 15],
            "PE": [18, 16, 14, 12],
        },
        "civil_society": {"CR": [20, 16, 14, 13], "PE": [25, 21, 18, 16]},
    },
    {
        "code": "xenophobia-response",
        "status": IndicatorStatus.UNDER_REVIEW,
        "proposed_by": ("Coordinadora de Mujeres Migrantes del Perú", "applicant"),
        "kind": IndicatorKind.QUALITATIVE,
        "unit": "",
        "direction": Direction.HIGHER_IS_BETTER,
        "pillars": [1],
        "commitments_es": ["Campaña nacional contra la xenofobia"],
        "name": {
            "es": "Respuesta pública a la xenofobia y la discriminación",
            "en": "Public response to xenophobia and discrimination",
        },
        "methodology": {
            "es": "Valoración de las campañas, protocolos de denuncia y sanciones frente a "
            "discursos y actos xenófobos, a partir de casos documentados.",
        },
        "period": PeriodKind.YEAR,
        "government": {},
        "civil_society": {},
    },
    {
        "code": "missing-migrants",
        "status": IndicatorStatus.PROPOSED,
        "proposed_by": ("Red Clamor Colombia", "cso_admin"),
        "kind": IndicatorKind.QUANTITATIVE,
        "unit": "persons",
        "direction": Direction.LOWER_IS_BETTER,
        "pillars": [3, 4],
        "commitments_es": [],
        "name": {
            "es": "Personas migrantes desaparecidas o fallecidas en tránsito",
            "en": "Migrants reported missing or dead in transit",
        },
        "methodology": {
            "es": "Casos documentados por organizaciones y autoridades forenses, por país "
            "donde ocurrieron.",
        },
        "period": PeriodKind.YEAR,
        "government": {},
        "civil_society": {},
    },
]


def seed(*, people, scale, stdout):
    """Create the demo indicators and values once; more with ``scale``."""
    countries = {c.code: c for c in Country.objects.all()}
    for code, key in GOVERNMENT_REPORTERS.items():
        if key in people and code in countries:
            CountryCoordinator.objects.get_or_create(user=people[key], country=countries[code])
    organisations = {o.name: o for o in Organisation.objects.all() if o.verified}
    created = 0
    for spec in INDICATORS:
        indicator = _indicator(spec, people, organisations)
        created += _values(spec, indicator, people, countries, organisations)
    added = _bulk(scale, countries, organisations)
    stdout.write(f"Indicators: {created} values recorded, {added} synthetic values added.")


def _indicator(spec, people, organisations):
    indicator = Indicator.objects.filter(code=spec["code"]).first()
    if indicator is not None:
        return indicator
    org_name, person = spec["proposed_by"]
    organisation = organisations.get(org_name) if org_name else None
    by = people[person] if organisation is not None and person in people else people["staff"]
    if organisation is not None and not ind.is_verified_cso_member(by, organisation):
        by = people["staff"]
    commitments = list(
        Commitment.objects.exclude(publication=Publication.DRAFT).filter(
            title_es__in=spec.get("commitments_es", [])
        )
    ) + list(
        Commitment.objects.exclude(publication=Publication.DRAFT).filter(
            title_en__in=spec.get("commitments_en", [])
        )
    )
    language = "es"
    indicator = ind.indicator_propose(
        by=by,
        organisation=organisation,
        code=spec["code"],
        name=spec["name"][language],
        methodology=spec["methodology"].get(language, ""),
        language=language,
        kind=spec["kind"],
        unit=spec["unit"],
        direction=spec["direction"],
        pillars=list(Pillar.objects.filter(number__in=spec["pillars"])),
        commitments=commitments,
    )
    # The secretariat's translators add the other languages.
    for code, text in spec["name"].items():
        setattr(indicator, f"name_{code}", text)
    for code, text in spec["methodology"].items():
        setattr(indicator, f"methodology_{code}", text)
    indicator.save()
    if spec["status"] != IndicatorStatus.PROPOSED:
        ind.indicator_set_status(indicator=indicator, by=people["staff"], status=spec["status"])
    return indicator


def _periods(spec):
    if spec["period"] == PeriodKind.QUARTER:
        return [datetime.date(y, m, 1) for y in YEARS for m in (1, 4, 7, 10)]
    return [datetime.date(y, 1, 1) for y in YEARS]


def _series(spec, figures, periods, rng):
    if isinstance(figures, tuple):
        first, last = figures
        steps = max(1, len(periods) - 1)
        return [
            round(first + (last - first) * i / steps + rng.uniform(-0.06, 0.06) * first)
            for i in range(len(periods))
        ]
    return list(figures)


def _values(spec, indicator, people, countries, organisations):
    if indicator.status != IndicatorStatus.ADOPTED:
        return 0
    today = timezone.localdate()
    periods = _periods(spec)
    existing = set(
        indicator.data_points.values_list("country__code", "period_start", "reported_by")
    )
    rng = random.Random(spec["code"])  # noqa: S311 (illustrative figures, not secrets)
    created = 0
    qualitative = spec["kind"] == IndicatorKind.QUALITATIVE
    for reporter in (Reporter.GOVERNMENT, Reporter.CIVIL_SOCIETY):
        for code, figures in spec[reporter].items():
            country = countries.get(code)
            if country is None:
                continue
            organisation = None
            if reporter == Reporter.GOVERNMENT:
                by = people.get(GOVERNMENT_REPORTERS.get(code, "staff"), people["staff"])
                source = f"Official figures of {country.name_en} (demo data)"
            else:
                org_name, person = CSO_REPORTERS.get(code, (None, None))
                organisation = organisations.get(org_name)
                if organisation is None:
                    continue
                by = people.get(person, people["staff"])
                if not ind.is_verified_cso_member(by, organisation):
                    by = people["staff"]
                source = f"{organisation.name}, case records (demo data)"
            for period_start, figure in zip(
                periods, _series(spec, figures, periods, rng), strict=True
            ):
                if (code, period_start, reporter) in existing or period_start > today:
                    continue
                by_staff = by == people["staff"]
                ind.data_point_record(
                    indicator=indicator,
                    by=by,
                    country=country,
                    period_kind=spec["period"],
                    period_start=period_start,
                    reported_by=reporter,
                    value=None if qualitative else Decimal(figure),
                    rating=figure if qualitative else None,
                    text=_explanation(spec, reporter, figure),
                    source=source,
                    organisation=organisation,
                    verification=(
                        Verification.VERIFIED if by_staff and period_start.year <= 2023 else None
                    ),
                )
                created += 1
    # One government figure civil society contests, to show the state.
    if spec["code"] == "temporary-protection" and created:
        point = indicator.data_points.filter(
            country__code="CO", reported_by=Reporter.GOVERNMENT, period_start__year=2025
        ).first()
        if point:
            ind.data_point_set_verification(
                point=point, by=people["staff"], verification=Verification.DISPUTED
            )
    return created


def _explanation(spec, reporter, figure):
    if spec["kind"] != IndicatorKind.QUALITATIVE:
        return ""
    if reporter == Reporter.GOVERNMENT:
        return "Valoración del ministerio según la cobertura de la red pública."
    if figure <= 2:
        return "Las organizaciones documentan negaciones de atención a personas sin documentos."
    return "La atención de urgencias funciona; persisten barreras en la atención primaria."


def _bulk(scale, countries, organisations):
    """Synthetic adopted indicators with quarterly values, for benchmarks."""
    wanted = 240 * scale if scale > 1 else 0
    have = DataPoint.objects.exclude(indicator__code__startswith="demo-bulk-").count()
    per_indicator = len(countries) * 16 * 2
    count = math.ceil(max(0, wanted - have) / per_indicator) if per_indicator else 0
    if not count:
        return 0
    pillars = list(Pillar.objects.order_by("number"))
    Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"demo-bulk-{i:03d}",
                name_en=f"[demo] Synthetic indicator {i:03d}",
                name_es=f"[demo] Indicador sintético {i:03d}",
                methodology_en="Synthetic values for load testing.",
                original_language="en",
                kind=IndicatorKind.QUANTITATIVE,
                unit="persons",
                direction=Direction.HIGHER_IS_BETTER if i % 2 else Direction.LOWER_IS_BETTER,
                status=IndicatorStatus.ADOPTED,
            )
            for i in range(count)
        ],
        ignore_conflicts=True,
    )
    synthetic = list(
        Indicator.objects.filter(code__startswith="demo-bulk-").order_by("code")[:count]
    )
    through = Indicator.pillars.through
    through.objects.bulk_create(
        [
            through(indicator_id=indicator.pk, pillar_id=pillars[n % len(pillars)].pk)
            for n, indicator in enumerate(synthetic)
        ],
        ignore_conflicts=True,
    )
    cso = organisations.get("Red Clamor Colombia")
    quarters = [datetime.date(y, m, 1) for y in YEARS for m in (1, 4, 7, 10)]
    before = DataPoint.objects.count()
    full = set(
        DataPoint.objects.filter(indicator__in=synthetic)
        .order_by()
        .values("indicator_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=per_indicator)
        .values_list("indicator_id", flat=True)
    )
    for indicator in synthetic:
        if indicator.pk in full:
            continue
        rng = random.Random(indicator.code)  # noqa: S311 (illustrative figures, not secrets)
        batch = []
        for country in countries.values():
            base = rng.randint(100, 5000)
            for reporter in (Reporter.GOVERNMENT, Reporter.CIVIL_SOCIETY):
                for q, start in enumerate(quarters):
                    batch.append(
                        DataPoint(
                            indicator=indicator,
                            country=country,
                            period_kind=PeriodKind.QUARTER,
                            period_start=start,
                            value=Decimal(round(base * (1 + 0.03 * q) * rng.uniform(0.9, 1.1))),
                            reported_by=reporter,
                            organisation=cso if reporter == Reporter.CIVIL_SOCIETY else None,
                            source="Synthetic demo data",
                        )
                    )
        DataPoint.objects.bulk_create(batch, batch_size=1000, ignore_conflicts=True)
    return DataPoint.objects.count() - before
