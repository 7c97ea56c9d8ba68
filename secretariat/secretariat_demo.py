"""Demo secretariat seats, documents and the joint work plan (called by ``seed_demo``).

Idempotent: a seat is found by its role and holder's name, a document by its English
title, the plan by its slug and an item by its number; existing rows are left as
they are. Progress notes are posted through the service (so history and
notifications are real), then dated back, since the service stamps the present.
"""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.models import Country, CountryCoordinator, Organisation, RegionalMechanism

from .enums import DocumentKind, SeatRole, WorkPlanStatus
from .models import Document, DocumentFile, SecretariatSeat, WorkPlan, WorkPlanItem, WorkPlanNote
from .secretariat_services import work_plan_note_post

PLAN_SLUG = "plan-de-trabajo-conjunto-2026-2027"
MEETING_SLUG = "regional-meeting-2027"

CHOSEN_BY_CALL = {
    "es": (
        "Elegida por convocatoria pública: las organizaciones postularon, un panel de tres "
        "personas las evaluó con criterios publicados (experiencia, trabajo con personas "
        "afectadas, alcance regional) y se publicó el informe de la selección."
    ),
    "en": (
        "Chosen through a public call: organisations applied, a panel of three scored them "
        "against published criteria (expertise, work with affected people, regional reach) "
        "and the selection report was published."
    ),
    "pt": (
        "Escolhida por chamada pública: as organizações se candidataram, um painel de três "
        "pessoas as avaliou com critérios publicados (experiência, trabalho com pessoas "
        "afetadas, alcance regional) e o relatório da seleção foi publicado."
    ),
    "fr": (
        "Choisie par appel public : les organisations ont postulé, un jury de trois personnes "
        "les a notées selon des critères publiés (expertise, travail avec les personnes "
        "concernées, portée régionale) et le rapport de sélection a été publié."
    ),
}
CHOSEN_BY_NETWORK = {
    "es": (
        "Designada por las redes regionales de organizaciones afrodescendientes y migrantes "
        "en una asamblea abierta, con rotación cada dos años."
    ),
    "en": (
        "Designated by the regional networks of Afro-descendant and migrant organisations in "
        "an open assembly, rotating every two years."
    ),
    "pt": (
        "Designada pelas redes regionais de organizações afrodescendentes e migrantes em uma "
        "assembleia aberta, com rodízio a cada dois anos."
    ),
    "fr": (
        "Désignée par les réseaux régionaux d'organisations afrodescendantes et migrantes lors "
        "d'une assemblée ouverte, avec une rotation tous les deux ans."
    ),
}

# role, holder name, person key (or None), organisation, country, term (start, end) in
# days from today, how chosen, position
SEATS = [
    (SeatRole.CHAIR, "Carlos Herrera", "coordinator",
     "Ministerio de Relaciones Exteriores de Colombia", "CO", (-300, 430), None, 1),
    (SeatRole.GOVERNMENT, "Diego Santos", None,
     "Secretaría de Relaciones Exteriores de México", "MX", (-300, 430), None, 2),
    (SeatRole.GOVERNMENT, "Marie Tremblay", "coordinator_ca",
     "Government of Canada – IRCC", "CA", (-300, 430), None, 3),
    (SeatRole.GOVERNMENT, "Inés Huamán", None, None, "EC", (-300, 430), None, 4),
    (SeatRole.CIVIL_SOCIETY, "Ana Quispe", "cso_admin",
     "Red Clamor Colombia", "CO", (-300, 430), CHOSEN_BY_CALL, 5),
    (SeatRole.CIVIL_SOCIETY, "Wilson Joseph", None,
     "Black Immigrant Alliance of the Americas", "US", (-300, 430), CHOSEN_BY_NETWORK, 6),
    (SeatRole.INTERNATIONAL, "Fabiola Louis", None,
     "International Organization for Migration", None, (-300, None), None, 7),
    (SeatRole.STAFF, "Sofía Secretaría", "staff",
     "Pan American Development Foundation", None, (-500, None), None, 8),
    # A civil-society seat whose term ended: shown among the past seats.
    (SeatRole.CIVIL_SOCIETY, "Lucía Gómez", "representative",
     "Rede Sem Fronteiras Brasil", "BR", (-1030, -301), CHOSEN_BY_CALL, 9),
]  # fmt: skip

DOCUMENTS = [
    {
        "kind": DocumentKind.TERMS_OF_REFERENCE,
        "days_ago": 290,
        "title": {
            "en": "Terms of reference of the technical secretariat",
            "es": "Términos de referencia de la secretaría técnica",
            "pt": "Termos de referência da secretaria técnica",
            "fr": "Termes de référence du secrétariat technique",
        },
        "summary": {
            "en": "Mandate, seats and working methods of the secretariat, including its two "
            "civil-society seats chosen by public call.",
            "es": "Mandato, puestos y métodos de trabajo de la secretaría, incluidos sus dos "
            "puestos de la sociedad civil elegidos por convocatoria pública.",
        },
        "files": ["es", "en", "fr"],
    },
    {
        "kind": DocumentKind.DECISION,
        "days_ago": 200,
        "title": {
            "en": "Decision 2025-03: publishing the joint work plan's progress",
            "es": "Decisión 2025-03: publicación del avance del plan de trabajo conjunto",
            "pt": "Decisão 2025-03: publicação do andamento do plano de trabalho conjunto",
            "fr": "Décision 2025-03 : publication de l'avancement du plan de travail conjoint",
        },
        "summary": {
            "en": "Co-owners and responsible coordinators post progress notes on the portal; "
            "the secretariat reviews overdue actions every quarter.",
        },
        "files": ["es", "en"],
    },
    {
        "kind": DocumentKind.MINUTES,
        "days_ago": 45,
        "title": {
            "en": "Minutes of the secretariat's quarterly meeting",
            "es": "Acta de la reunión trimestral de la secretaría",
            "pt": "Ata da reunião trimestral da secretaria",
            "fr": "Procès-verbal de la réunion trimestrielle du secrétariat",
        },
        "summary": {
            "es": "Revisión de las acciones vencidas del plan de trabajo y de la agenda de la "
            "reunión regional.",
        },
        "files": ["es", "en", "pt"],
    },
]

PLAN = {
    "title": {
        "es": "Plan de trabajo conjunto 2026–2027",
        "en": "Joint work plan 2026–2027",
        "pt": "Plano de trabalho conjunto 2026–2027",
        "fr": "Plan de travail conjoint 2026–2027",
    },
    "description": {
        "es": "Acciones acordadas entre las personas coordinadoras especiales y la sociedad "
        "civil en la reunión regional. Cada acción tiene un país o instancia responsable y "
        "una organización de la sociedad civil que la co-lidera.",
        "en": "Actions agreed between the special coordinators and civil society at the "
        "regional meeting. Each action has a responsible country or body and a civil-society "
        "organisation that co-leads it.",
    },
    "adopted_days_ago": 120,
}

# number, action {lang: text}, country code or body, co-owner, due in days, status
# (when no note sets it), mechanisms, notes [(person, days ago, text, status)]
ITEMS = [
    (
        "1",
        {
            "es": "Publicar una guía sobre las vías de regularización para niñas y niños "
            "venezolanos sin pasaporte.",
            "en": "Publish a guide to regularization pathways for Venezuelan children without "
            "passports.",
            "pt": "Publicar um guia sobre as vias de regularização para crianças venezuelanas "
            "sem passaporte.",
        },
        "CO",
        "Red Clamor Colombia",
        -20,
        None,
        ["quito-process"],
        [
            (
                "cso_admin",
                70,
                "Entregamos a Migración Colombia el borrador de la guía con los casos "
                "documentados por la red.",
                WorkPlanStatus.IN_PROGRESS,
            ),
            (
                "coordinator",
                15,
                "La guía está en revisión jurídica; la publicación se retrasa hasta el próximo "
                "mes.",
                "",
            ),
        ],
    ),
    (
        "2",
        {
            "es": "Compartir cada trimestre datos anonimizados sobre solicitudes de asilo en "
            "la frontera norte.",
            "en": "Share anonymised data on asylum applications at the northern border every "
            "quarter.",
        },
        "EC",
        "Observatorio Regional de Movilidad Humana",
        45,
        WorkPlanStatus.NOT_STARTED,
        [],
        [],
    ),
    (
        "3",
        {
            "es": "Instalar puntos de información sobre asilo en los pasos de la frontera sur.",
            "en": "Set up information desks on asylum at the southern border crossings.",
            "fr": "Installer des points d'information sur l'asile aux passages de la frontière "
            "sud.",
        },
        "MX",
        "Centro de Derechos Humanos Fray Matías de Córdova",
        -10,
        WorkPlanStatus.BLOCKED,
        ["regional-conference-on-migration"],
        [],
    ),
    (
        "4",
        {
            "en": "Expand community sponsorship of refugees from the region.",
            "fr": "Élargir le parrainage communautaire de personnes réfugiées de la région.",
            "es": "Ampliar el patrocinio comunitario de personas refugiadas de la región.",
        },
        "CA",
        "Canadian Council for Refugees",
        120,
        None,
        [],
        [
            (
                "coordinator_ca",
                30,
                "Les premiers groupes de parrainage ont été formés à Montréal et à Toronto.",
                WorkPlanStatus.IN_PROGRESS,
            )
        ],
    ),
    (
        "5",
        {
            "es": "Capacitar al personal consular sobre violencia de género contra mujeres "
            "migrantes.",
            "en": "Train consular staff on gender-based violence against migrant women.",
        },
        "PE",
        "Coordinadora de Mujeres Migrantes del Perú",
        -60,
        None,
        [],
        [
            (
                "applicant",
                65,
                "Se capacitó a 120 funcionarias y funcionarios consulares en Lima, Santiago y "
                "Buenos Aires.",
                WorkPlanStatus.DONE,
            )
        ],
    ),
    (
        "6",
        {
            "es": "Traducir la información sobre retorno y reintegración al kaqchikel y al "
            "k'iche'.",
            "en": "Translate the information on return and reintegration into Kaqchikel and "
            "K'iche'.",
        },
        "GT",
        "Consejo Indígena Maya Kaqchikel de Migración",
        20,
        WorkPlanStatus.NOT_STARTED,
        [],
        [],
    ),
    (
        "7",
        {
            "es": "Reducir el tiempo de espera de las entrevistas de asilo.",
            "en": "Reduce the waiting time for asylum interviews.",
        },
        "CR",
        "Refugiados Unidos por Costa Rica",
        -5,
        WorkPlanStatus.IN_PROGRESS,
        ["mirps"],
        [],
    ),
    (
        "8",
        {
            "es": "Reconocer los diplomas profesionales de personas migrantes haitianas.",
            "en": "Recognise the professional diplomas of Haitian migrants.",
            "fr": "Reconnaître les diplômes professionnels des personnes migrantes haïtiennes.",
        },
        "CL",
        "Kolektif Fanm Migran Ayisyen",
        25,
        None,
        [],
        [
            (
                "cso_member",
                12,
                "Nou voye lis diplòm 40 fanm bay ministè edikasyon an.",
                WorkPlanStatus.IN_PROGRESS,
            )
        ],
    ),
    (
        "9",
        {
            "en": "Publish an annual report on anti-Black xenophobia in migration systems.",
            "es": "Publicar un informe anual sobre la xenofobia contra personas negras en los "
            "sistemas migratorios.",
        },
        "Technical secretariat",
        "Black Immigrant Alliance of the Americas",
        200,
        WorkPlanStatus.NOT_STARTED,
        [],
        [],
    ),
    (
        "10",
        {
            "pt": "Mapear as ações comuns com a Conferência Sul-Americana sobre Migrações.",
            "es": "Mapear las acciones comunes con la Conferencia Suramericana sobre Migraciones.",
            "en": "Map the actions shared with the South American Conference on Migration.",
        },
        "BR",
        "Rede Sem Fronteiras Brasil",
        -90,
        None,
        ["south-american-conference-on-migration"],
        [
            (
                "representative",
                95,
                "Mapeamento concluído e compartilhado com a secretaria técnica.",
                WorkPlanStatus.DONE,
            )
        ],
    ),
]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def pdf_bytes(title):
    """A small valid one-page PDF showing ``title`` (no PDF library needed)."""
    text = title.encode("cp1252", "replace")
    for char in (b"\\", b"(", b")"):
        text = text.replace(char, b"\\" + char)
    stream = b"BT /F1 16 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _translations(field, texts):
    return {f"{field}_{language}": text for language, text in texts.items()}


def _seats(people, organisations, countries, today):
    created = 0
    for role, name, person, organisation, code, term, how_chosen, position in SEATS:
        if SecretariatSeat.objects.filter(role=role, holder_name=name).exists():
            continue
        start, end = term
        seat = SecretariatSeat(
            role=role,
            holder_name=name,
            holder=people.get(person) if person else None,
            organisation=organisations.get(organisation),
            country=countries.get(code),
            term_start=today + timedelta(days=start),
            term_end=today + timedelta(days=end) if end is not None else None,
            position=position,
            **_translations("how_chosen", how_chosen or {}),
        )
        seat.full_clean()
        seat.save()
        created += 1
    return created


def _documents(people, today):
    created = 0
    for spec in DOCUMENTS:
        if Document.objects.filter(title_en=spec["title"]["en"]).exists():
            continue
        document = Document.objects.create(
            kind=spec["kind"],
            published_on=today - timedelta(days=spec["days_ago"]),
            created_by=people.get("staff"),
            **_translations("title", spec["title"]),
            **_translations("summary", spec["summary"]),
        )
        for language in spec["files"]:
            title = spec["title"].get(language, spec["title"]["en"])
            upload = ContentFile(pdf_bytes(title), name=f"{spec['kind']}-{language}.pdf")
            file = DocumentFile(document=document, language=language, file=upload)
            file.full_clean()
            file.save()
        created += 1
    return created


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _plan(today):
    from meetings.models import Meeting

    plan = WorkPlan.objects.filter(slug=PLAN_SLUG).first()
    if plan is not None:
        return plan, False
    plan = WorkPlan.objects.create(
        slug=PLAN_SLUG,
        meeting=Meeting.objects.filter(slug=MEETING_SLUG).first(),
        adopted_on=today - timedelta(days=PLAN["adopted_days_ago"]),
        **_translations("title", PLAN["title"]),
        **_translations("description", PLAN["description"]),
    )
    return plan, True


def _items(plan, people, organisations, countries, today):
    mechanisms = {m.slug: m for m in RegionalMechanism.objects.all()}
    created = notes = 0
    for position, spec in enumerate(ITEMS, start=1):
        number, action, party, co_owner, due_in, status, mechanism_slugs, item_notes = spec
        if WorkPlanItem.objects.filter(work_plan=plan, number=number).exists():
            continue
        country = countries.get(party)
        item = WorkPlanItem(
            work_plan=plan,
            number=number,
            position=position,
            responsible_country=country,
            responsible_body="" if country else party,
            co_owner=organisations.get(co_owner),
            due_date=today + timedelta(days=due_in),
            status=status or WorkPlanStatus.NOT_STARTED,
            **_translations("action", action),
        )
        item.full_clean()
        item.save()
        item.history.update(history_date=_moment(plan.adopted_on))
        item.mechanisms.set([mechanisms[s] for s in mechanism_slugs if s in mechanisms])
        created += 1
        for person, days_ago, text, new_status in item_notes:
            author = people.get(person)
            if author is None or not author.has_perm("secretariat.post_work_plan_note", item):
                continue
            posted_from = timezone.now()
            note, _created = work_plan_note_post(item=item, by=author, text=text, status=new_status)
            when = _moment(today - timedelta(days=days_ago))
            WorkPlanNote.objects.filter(pk=note.pk).update(created_at=when)
            item.history.filter(history_date__gte=posted_from).update(history_date=when)
            notes += 1
    return created, notes


def seed(*, people, scale=1, stdout=None):
    """Create the demo seats, documents and work plan once."""
    today = timezone.localdate()
    countries = {c.code: c for c in Country.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    # The notes' authors answer for their country's actions (the commitments demo
    # names them too; either may run first).
    for key, code in (("coordinator", "CO"), ("coordinator_ca", "CA")):
        if key in people and code in countries:
            CountryCoordinator.objects.get_or_create(user=people[key], country=countries[code])
    with transaction.atomic():
        seats = _seats(people, organisations, countries, today)
        documents = _documents(people, today)
        plan, _new = _plan(today)
        items, notes = _items(plan, people, organisations, countries, today)
    _say(
        stdout,
        f"Secretariat: {seats} seats, {documents} documents, {items} work-plan items and "
        f"{notes} progress notes added.",
    )
