"""Demo data of the staff tools (called by ``secretariat.demo``): the glossary, a few
flags for the moderation queue and an organisation asked for more information.

Idempotent: glossary terms are looked up by slug, flags by person and object, and
the information request is only made while the organisation is still pending.
"""

import re
from pathlib import Path

from django.conf import settings

from portal.enums import CIVIL_SOCIETY_KINDS, VerificationStatus
from portal.models import Organisation

from . import moderation, staff_services
from .enums import FlagReason
from .models import Flag, GlossaryTerm

GLOSSARY_FILE = Path(settings.BASE_DIR) / "locale" / "GLOSSARY.md"
COLUMNS = ("en", "es", "pt", "fr", "ht", "qu")

# slug, the English cell in GLOSSARY.md, definition in English, definition in Spanish.
TERMS = [
    (
        "regularization",
        "regularization",
        "A procedure by which a state grants legal status to migrants in an irregular "
        "situation on its territory.",
        "Procedimiento por el que un Estado otorga un estatus legal a personas migrantes en "
        "situación irregular en su territorio.",
    ),
    (
        "temporary-protection",
        "temporary protection",
        "A temporary legal status granted to groups of people who cannot return safely to "
        "their country, without an individual asylum decision.",
        "Estatus legal temporal que se otorga a grupos de personas que no pueden volver con "
        "seguridad a su país, sin una decisión individual de asilo.",
    ),
    (
        "complementary-pathways",
        "complementary pathways",
        "Safe and regulated ways for refugees to reach a third country besides resettlement: "
        "work, study or family visas, humanitarian admission.",
        "Vías seguras y reguladas para que personas refugiadas lleguen a un tercer país "
        "además del reasentamiento: visas de trabajo, estudio o reunificación familiar, "
        "admisión humanitaria.",
    ),
    (
        "asylum",
        "asylum",
        "The protection a state grants on its territory to a person fleeing persecution or "
        "serious harm.",
        "La protección que un Estado otorga en su territorio a una persona que huye de la "
        "persecución o de daños graves.",
    ),
    (
        "refugee",
        "refugee",
        "A person outside their country who cannot return because of a well-founded fear of "
        "persecution, conflict or generalised violence.",
        "Persona fuera de su país que no puede regresar por un temor fundado de persecución, "
        "conflicto o violencia generalizada.",
    ),
    (
        "migrant",
        "migrant",
        "A person who moves away from their usual place of residence, within a country or "
        "across a border, for any reason.",
        "Persona que se traslada fuera de su lugar de residencia habitual, dentro de un país "
        "o a través de una frontera, por cualquier motivo.",
    ),
    (
        "commitment",
        "commitment",
        "A measure an endorsing state announced to implement the Los Angeles Declaration.",
        "Una medida que un Estado firmante anunció para implementar la Declaración de Los Ángeles.",
    ),
    (
        "action-package",
        "action package",
        "One of the declaration's themes under a pillar, followed by a committee of "
        "volunteer countries.",
        "Uno de los temas de la declaración bajo un pilar, seguido por un comité de países "
        "voluntarios.",
    ),
    (
        "special-coordinator",
        "special coordinator",
        "The government official each endorsing state names to coordinate its work on the "
        "declaration.",
        "La persona funcionaria que cada Estado firmante designa para coordinar su trabajo "
        "sobre la declaración.",
    ),
    (
        "registration-call",
        "registration call",
        "A public call in which civil-society organisations apply for places at a meeting, "
        "selected with published criteria.",
        "Convocatoria pública en la que las organizaciones de la sociedad civil solicitan "
        "plazas en una reunión, seleccionadas con criterios publicados.",
    ),
    (
        "quota",
        "quota",
        "A target number of selected organisations from a priority group, such as "
        "indigenous-led or refugee-led organisations.",
        "Un número meta de organizaciones seleccionadas de un grupo prioritario, como las "
        "lideradas por pueblos indígenas o por personas refugiadas.",
    ),
    (
        "technical-secretariat",
        "technical secretariat",
        "The body that supports the declaration's process, with civil society in its structure.",
        "El órgano que apoya el proceso de la declaración, con la sociedad civil en su estructura.",
    ),
    (
        "quarterly-national-meeting",
        "quarterly national meeting",
        "The meeting a country's special coordinator holds every quarter with local and "
        "national civil-society organisations.",
        "La reunión que la persona coordinadora especial de un país celebra cada trimestre "
        "con organizaciones de la sociedad civil locales y nacionales.",
    ),
]

INFO_REQUEST = (
    "Please send the organisation's registration document or, if it is not registered, "
    "a letter from two verified organisations that know its work."
)


def _plain(cell):
    """The English cell without its explanation in parentheses, in lower case."""
    return re.sub(r"\s*\(.*?\)", "", cell).strip().lower()


def glossary_rows(path=GLOSSARY_FILE):
    """{English term: {language: term}} from the table of ``locale/GLOSSARY.md``."""
    rows = {}
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != len(COLUMNS) or cells[0] == "English":
            continue
        rows[_plain(cells[0])] = dict(zip(COLUMNS, cells, strict=True))
    return rows


def seed_glossary(staff):
    rows = glossary_rows()
    existing = set(GlossaryTerm.objects.values_list("slug", flat=True))
    created = 0
    for slug, english, definition_en, definition_es in TERMS:
        if slug in existing or english not in rows:
            continue
        values = {f"term_{code}": text for code, text in rows[english].items()}
        values["term_en"] = english
        values["definition_en"] = definition_en
        values["definition_es"] = definition_es
        staff_services.glossary_term_save(by=staff, slug=slug, values=values)
        created += 1
    return created


def _flag_once(target, by, reason, note):
    kind = moderation.kind_of(target)
    if kind is None or not moderation.is_flaggable(target):
        return 0
    already = Flag.objects.filter(
        content_type__app_label=target._meta.app_label,
        content_type__model=target._meta.model_name,
        object_id=str(target.pk),
        flagged_by=by,
    ).exists()
    if already:
        return 0
    _flag, created = staff_services.content_flag(target=target, by=by, reason=reason, note=note)
    return int(created)


def seed_flags(people):
    flags = 0
    comment = moderation.KINDS["comment"].public().order_by("pk").first()
    if comment is not None:
        flags += _flag_once(
            comment,
            people["public"],
            FlagReason.OTHER,
            "This comment repeats a request already answered in the consultation.",
        )
    assessment = moderation.KINDS["assessment"].public().order_by("pk").first()
    if assessment is not None:
        for person, reason in (
            (people["public"], FlagReason.MISINFORMATION),
            (people["reviewer"], FlagReason.MISINFORMATION),
        ):
            flags += _flag_once(
                assessment, person, reason, "The figures quoted do not match the source."
            )
    return flags


def seed_info_request(staff):
    organisation = (
        Organisation.objects.filter(
            verified=False,
            verification_status=VerificationStatus.PENDING,
            kind__in=CIVIL_SOCIETY_KINDS,
        )
        .order_by("created_at", "pk")
        .first()
    )
    if (
        organisation is None
        or Organisation.objects.filter(
            verification_status=VerificationStatus.INFO_REQUESTED
        ).exists()
    ):
        return None
    staff_services.organisation_verification_decide(
        organisation=organisation,
        by=staff,
        decision=staff_services.VerificationDecision.REQUEST_INFO,
        note=INFO_REQUEST,
    )
    return organisation


def seed(*, people, scale=1, stdout=None):
    staff = people["staff"]
    terms = seed_glossary(staff)
    flags = seed_flags(people)
    asked = seed_info_request(staff)
    if stdout is not None:
        stdout.write(
            f"Staff tools: {terms} glossary terms, {flags} flags"
            + (f", information requested from {asked.name}." if asked else ".")
        )
