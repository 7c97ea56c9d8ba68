"""Demo registration calls and applications (called by ``meetings.demo`` after the meetings).

Idempotent: a call is looked up by its meeting and kind, an application by its call
and organisation. Open calls get their applications through the services (so
drafts, submissions and notifications are real); the closed call's applications are
written directly, with dates in the past, for the selection demo to review.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from portal.enums import CIVIL_SOCIETY_KINDS, MembershipRole
from portal.models import Membership, Organisation

from . import call_services as services
from .enums import ApplicationStatus, CallKind, QuotaGroup
from .models import (
    Application,
    Criterion,
    Meeting,
    Participant,
    Question,
    Quota,
    RegistrationCall,
)

LANGS = ("en", "es", "pt", "fr")
# A minimal valid PDF for the demo attachment.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)

DATA_POLICY = {
    "en": (
        "We use the data in your application only to select the participants of this meeting "
        "and to organise their participation. The review panel reads the application; the "
        "technical secretariat sees the participants' contact details. The public report shows "
        "organisations' names, groups, levels and countries, never people's names. A "
        "participant's name is published only if they agree. Applications are deleted two "
        "years after the meeting; write to the secretariat to see, correct or delete your data "
        "sooner."
    ),
    "es": (
        "Usamos los datos de su solicitud solo para seleccionar a quienes participan en esta "
        "reunión y organizar su participación. El panel de revisión lee la solicitud; la "
        "secretaría técnica ve los datos de contacto de las personas participantes. El informe "
        "público muestra nombres de organizaciones, grupos, niveles y países, nunca nombres de "
        "personas. El nombre de una persona participante solo se publica si lo acepta. Las "
        "solicitudes se eliminan dos años después de la reunión; escriba a la secretaría para "
        "ver, corregir o eliminar sus datos antes."
    ),
    "pt": (
        "Usamos os dados da sua candidatura apenas para selecionar as pessoas participantes "
        "desta reunião e organizar a sua participação. O painel de avaliação lê a candidatura; "
        "a secretaria técnica vê os contatos das pessoas participantes. O relatório público "
        "mostra nomes de organizações, grupos, níveis e países, nunca nomes de pessoas. O nome "
        "de uma pessoa participante só é publicado se ela concordar. As candidaturas são "
        "apagadas dois anos após a reunião; escreva à secretaria para ver, corrigir ou apagar "
        "seus dados antes."
    ),
    "fr": (
        "Nous utilisons les données de votre candidature uniquement pour sélectionner les "
        "participants à cette réunion et organiser leur participation. Le panel d'évaluation "
        "lit la candidature ; le secrétariat technique voit les coordonnées des participants. "
        "Le rapport public indique les noms des organisations, leurs groupes, niveaux et pays, "
        "jamais les noms des personnes. Le nom d'un participant n'est publié qu'avec son "
        "accord. Les candidatures sont supprimées deux ans après la réunion ; écrivez au "
        "secrétariat pour consulter, corriger ou supprimer vos données plus tôt."
    ),
}

CRITERIA = {
    "expertise": {
        "name": {
            "en": "Expertise on the meeting's agenda",
            "es": "Conocimiento de la agenda de la reunión",
            "pt": "Conhecimento da agenda da reunião",
            "fr": "Expertise sur l'ordre du jour de la réunion",
        },
        "guide": {
            "en": (
                "0: no relevant work shown. 1–2: general work on migration, not on the agenda's "
                "topics. 3: documented work on at least one agenda topic. 4–5: recognised "
                "expertise (publications, programmes, cases) on several agenda topics."
            ),
            "es": (
                "0: no muestra trabajo pertinente. 1–2: trabajo general sobre migración, no "
                "sobre los temas de la agenda. 3: trabajo documentado sobre al menos un tema de "
                "la agenda. 4–5: experiencia reconocida (publicaciones, programas, casos) en "
                "varios temas de la agenda."
            ),
            "pt": (
                "0: nenhum trabalho pertinente demonstrado. 1–2: trabalho geral sobre migração, "
                "não sobre os temas da agenda. 3: trabalho documentado sobre pelo menos um tema "
                "da agenda. 4–5: experiência reconhecida (publicações, programas, casos) em "
                "vários temas da agenda."
            ),
            "fr": (
                "0 : aucun travail pertinent démontré. 1–2 : travail général sur la migration, "
                "pas sur les thèmes de l'ordre du jour. 3 : travail documenté sur au moins un "
                "thème. 4–5 : expertise reconnue (publications, programmes, dossiers) sur "
                "plusieurs thèmes."
            ),
        },
    },
    "ground": {
        "name": {
            "en": "On-the-ground work with affected people",
            "es": "Trabajo en terreno con personas afectadas",
            "pt": "Trabalho de campo com pessoas afetadas",
            "fr": "Travail de terrain avec les personnes concernées",
        },
        "guide": {
            "en": (
                "0: no direct work with migrants, refugees or displaced people. 1–2: occasional "
                "activities. 3: regular services or accompaniment. 4–5: sustained work led by "
                "or with affected people, with figures on the people reached."
            ),
            "es": (
                "0: no trabaja directamente con personas migrantes, refugiadas o desplazadas. "
                "1–2: actividades ocasionales. 3: servicios o acompañamiento regulares. 4–5: "
                "trabajo sostenido liderado por o con personas afectadas, con cifras de "
                "personas atendidas."
            ),
            "pt": (
                "0: nenhum trabalho direto com pessoas migrantes, refugiadas ou deslocadas. "
                "1–2: atividades ocasionais. 3: serviços ou acompanhamento regulares. 4–5: "
                "trabalho contínuo liderado por ou com pessoas afetadas, com números de pessoas "
                "atendidas."
            ),
            "fr": (
                "0 : aucun travail direct avec des personnes migrantes, réfugiées ou déplacées. "
                "1–2 : activités ponctuelles. 3 : services ou accompagnement réguliers. 4–5 : "
                "travail durable mené par ou avec les personnes concernées, avec le nombre de "
                "personnes atteintes."
            ),
        },
    },
    "diversity": {
        "name": {
            "en": "Diversity of level and country",
            "es": "Diversidad de nivel y país",
            "pt": "Diversidade de nível e país",
            "fr": "Diversité de niveau et de pays",
        },
        "guide": {
            "en": (
                "What the organisation adds to the delegation's diversity. 0–1: its level and "
                "country are already well represented among applicants. 3: it adds a level "
                "(local, national, regional) or a country. 5: it adds both, or a sub-region "
                "with few applicants."
            ),
            "es": (
                "Lo que la organización aporta a la diversidad de la delegación. 0–1: su nivel "
                "y su país ya están bien representados entre las solicitudes. 3: aporta un "
                "nivel (local, nacional, regional) o un país. 5: aporta ambos, o una subregión "
                "con pocas solicitudes."
            ),
            "pt": (
                "O que a organização acrescenta à diversidade da delegação. 0–1: seu nível e seu "
                "país já estão bem representados entre as candidaturas. 3: acrescenta um nível "
                "(local, nacional, regional) ou um país. 5: acrescenta ambos, ou uma sub-região "
                "com poucas candidaturas."
            ),
            "fr": (
                "Ce que l'organisation apporte à la diversité de la délégation. 0–1 : son niveau "
                "et son pays sont déjà bien représentés parmi les candidatures. 3 : elle ajoute "
                "un niveau (local, national, régional) ou un pays. 5 : elle ajoute les deux, ou "
                "une sous-région peu représentée."
            ),
        },
    },
    "continuity": {
        "name": {
            "en": "Continuity with other regional mechanisms",
            "es": "Continuidad con otros mecanismos regionales",
            "pt": "Continuidade com outros mecanismos regionais",
            "fr": "Continuité avec d'autres mécanismes régionaux",
        },
        "guide": {
            "en": (
                "0: no link with regional processes. 3: takes part in one regional mechanism "
                "(such as the Quito Process, the MIRPS or the Regional Conference on "
                "Migration). 5: an active role in several, and a commitment to report back to "
                "them."
            ),
            "es": (
                "0: sin vínculo con procesos regionales. 3: participa en un mecanismo regional "
                "(como el Proceso de Quito, el MIRPS o la Conferencia Regional sobre "
                "Migración). 5: papel activo en varios, y compromiso de informarles de los "
                "resultados."
            ),
            "pt": (
                "0: sem vínculo com processos regionais. 3: participa de um mecanismo regional "
                "(como o Processo de Quito, o MIRPS ou a Conferência Regional sobre Migração). "
                "5: papel ativo em vários, e compromisso de informá-los dos resultados."
            ),
            "fr": (
                "0 : aucun lien avec les processus régionaux. 3 : participe à un mécanisme "
                "régional (comme le Processus de Quito, le MIRPS ou la Conférence régionale sur "
                "les migrations). 5 : rôle actif dans plusieurs, et engagement à leur rendre "
                "compte."
            ),
        },
    },
}

QUESTIONS = {
    "work": {
        "text": {
            "en": "What does your organisation do with and for people on the move, and where?",
            "es": "¿Qué hace su organización con y para las personas en movilidad, y dónde?",
            "pt": "O que a sua organização faz com e para as pessoas em mobilidade, e onde?",
            "fr": "Que fait votre organisation avec et pour les personnes en mobilité, et où ?",
        },
        "help_text": {
            "en": "Name the places, the people you work with and, if you can, how many.",
            "es": "Indique los lugares, las personas con quienes trabaja y, si puede, cuántas.",
            "pt": "Indique os lugares, as pessoas com quem trabalha e, se possível, quantas.",
            "fr": "Indiquez les lieux, les personnes avec qui vous travaillez et, si possible, "
            "combien.",
        },
    },
    "contribution": {
        "text": {
            "en": "What would your organisation bring to the agenda, and how will you share "
            "the results?",
            "es": "¿Qué aportaría su organización a la agenda y cómo compartirá los resultados?",
            "pt": "O que a sua organização traria para a agenda e como compartilhará os "
            "resultados?",
            "fr": "Qu'apporterait votre organisation à l'ordre du jour, et comment en "
            "partagerez-vous les résultats ?",
        },
        "help_text": {},
    },
    "observe": {
        "text": {
            "en": "Why does your organisation wish to observe this meeting?",
            "es": "¿Por qué desea su organización observar esta reunión?",
            "pt": "Por que a sua organização deseja observar esta reunião?",
            "fr": "Pourquoi votre organisation souhaite-t-elle observer cette réunion ?",
        },
        "help_text": {},
    },
}

INTRODUCTIONS = {
    "high_level": {
        "en": (
            "Twelve seats at the high-level meeting are reserved for civil society. Any "
            "verified civil-society organisation or university working in an endorsing country "
            "may apply, naming one person. An independent panel scores the applications against "
            "the criteria below; the quotas make sure that indigenous-led, migrant-led, local "
            "and host-country organisations are at the table."
        ),
        "es": (
            "Doce lugares en la reunión de alto nivel están reservados para la sociedad civil. "
            "Puede postular cualquier organización de la sociedad civil o universidad verificada "
            "que trabaje en un país que respalda la Declaración, indicando a una persona. Un "
            "panel independiente puntúa las solicitudes según los criterios publicados abajo; "
            "las cuotas aseguran la presencia de organizaciones lideradas por personas indígenas "
            "y migrantes, locales y del país anfitrión."
        ),
        "pt": (
            "Doze lugares na reunião de alto nível estão reservados à sociedade civil. Pode "
            "candidatar-se qualquer organização da sociedade civil ou universidade verificada "
            "que atue num país que endossa a Declaração, indicando uma pessoa. Um painel "
            "independente pontua as candidaturas segundo os critérios abaixo; as cotas garantem "
            "a presença de organizações lideradas por pessoas indígenas e migrantes, locais e do "
            "país anfitrião."
        ),
        "fr": (
            "Douze places à la réunion de haut niveau sont réservées à la société civile. Toute "
            "organisation de la société civile ou université vérifiée travaillant dans un pays "
            "signataire peut se porter candidate, en désignant une personne. Un panel "
            "indépendant note les candidatures selon les critères ci-dessous ; les quotas "
            "garantissent la présence d'organisations dirigées par des personnes autochtones et "
            "migrantes, locales et du pays hôte."
        ),
    },
    "observers": {
        "en": (
            "Four observer seats at the special coordinators' meeting are open to civil "
            "society. National organisations of the host country have priority: at least two "
            "seats go to them when they apply."
        ),
        "es": (
            "Cuatro lugares de observación en la reunión de coordinadores especiales están "
            "abiertos a la sociedad civil. Las organizaciones nacionales del país anfitrión "
            "tienen prioridad: al menos dos lugares son para ellas si postulan."
        ),
        "pt": (
            "Quatro lugares de observação na reunião de coordenadores especiais estão abertos à "
            "sociedade civil. As organizações nacionais do país anfitrião têm prioridade: pelo "
            "menos dois lugares são delas se se candidatarem."
        ),
        "fr": (
            "Quatre places d'observateur à la réunion des coordinateurs spéciaux sont ouvertes "
            "à la société civile. Les organisations nationales du pays hôte sont prioritaires : "
            "au moins deux places leur reviennent si elles se portent candidates."
        ),
    },
    "regional": {
        "en": (
            "Civil-society seats at the regional meeting of special coordinators with civil "
            "society, which prepares the joint work plan for the coming year."
        ),
        "es": (
            "Lugares para la sociedad civil en la reunión regional de coordinadores especiales "
            "con la sociedad civil, que prepara el plan de trabajo conjunto del próximo año."
        ),
        "pt": (
            "Lugares para a sociedade civil na reunião regional de coordenadores especiais com a "
            "sociedade civil, que prepara o plano de trabalho conjunto do próximo ano."
        ),
        "fr": (
            "Places pour la société civile à la réunion régionale des coordinateurs spéciaux "
            "avec la société civile, qui prépare le plan de travail conjoint de l'année à venir."
        ),
    },
}

ANSWERS = [
    (
        "Acompañamos a familias venezolanas en la frontera con orientación legal, apoyo "
        "psicosocial y albergue temporal; en 2025 atendimos a unas 3.200 personas."
    ),
    (
        "We run legal clinics and community outreach for asylum seekers in three cities and "
        "publish a yearly report on access to protection."
    ),
    (
        "Nous accompagnons les personnes rapatriées à la frontière haïtiano-dominicaine : "
        "accueil, documentation et suivi des cas de violations des droits."
    ),
    (
        "Trabalhamos com pesquisa e incidência sobre refúgio no Cone Sul, em parceria com "
        "coletivos de pessoas migrantes."
    ),
]
CONTRIBUTIONS = [
    (
        "Traeremos datos de nuestras oficinas sobre regularización y compartiremos los "
        "resultados con la red en un taller abierto."
    ),
    (
        "We will bring evidence from our casework and report back to the Regional Conference on "
        "Migration's civil-society network."
    ),
]

# Organisations that apply to the open high-level call (name, submitted?).
HIGH_LEVEL_APPLICANTS = [
    ("Red Clamor Colombia", True),
    ("Kolektif Fanm Migran Ayisyen", True),
    ("Rede Sem Fronteiras Brasil", True),
    ("Groupe d'Appui aux Rapatriés et Réfugiés", True),
    ("Black Immigrant Alliance of the Americas", True),
    ("Refugiados Unidos por Costa Rica", True),
]
APPLICANT_ORGANISATION = "Coordinadora de Mujeres Migrantes del Perú"


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _translated(field, texts):
    return {f"{field}_{code}": texts[code] for code in LANGS if code in texts}


def _admin_of(organisation):
    membership = (
        Membership.objects.filter(
            organisation=organisation, accepted=True, role=MembershipRole.ADMIN
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _call(meeting, kind, *, staff, **fields):
    """The meeting's call of ``kind``, created with ``fields`` if missing: (call, created)."""
    call = RegistrationCall.objects.filter(meeting=meeting, kind=kind).first()
    if call is not None:
        return call, False
    call = RegistrationCall(meeting=meeting, kind=kind, **fields)
    call._history_user = staff
    call.full_clean()
    call.save()
    return call, True


def _add_method(call, *, staff, criteria, questions, quotas):
    for position, (key, weight) in enumerate(criteria, start=1):
        criterion = Criterion(
            call=call,
            weight=weight,
            position=position,
            **_translated("name", CRITERIA[key]["name"]),
            **_translated("guide", CRITERIA[key]["guide"]),
        )
        criterion._history_user = staff
        criterion.save()
    for position, key in enumerate(questions, start=1):
        question = Question(
            call=call,
            position=position,
            max_length=1500,
            **_translated("text", QUESTIONS[key]["text"]),
            **_translated("help_text", QUESTIONS[key]["help_text"]),
        )
        question._history_user = staff
        question.save()
    for group, target in quotas:
        quota = Quota(call=call, group=group, target=target)
        quota._history_user = staff
        quota.save()


def _answers(call, index, *, complete=True):
    questions = list(call.questions.order_by("position", "pk"))
    answers = {}
    for number, question in enumerate(questions):
        if not complete and number > 0:
            break
        pool = ANSWERS if number == 0 else CONTRIBUTIONS
        answers[str(question.pk)] = pool[index % len(pool)]
    return answers


def _participant(organisation, index):
    first = ("Lucía", "Jean", "Ana", "Marcos", "Yolanda", "Pierre", "Beatriz", "Kevin")
    last = ("Pérez", "Joseph", "Silva", "Cárdenas", "Mendoza", "Louis", "Rocha", "Campbell")
    name = f"{first[index % len(first)]} {last[(index * 3) % len(last)]}"
    return {
        "full_name": name,
        "position": "Coordinación de programas" if index % 2 else "Director",
        "email": f"participant-{organisation.slug}@example.org",
        "consent_listed": index % 3 != 0,
    }


def _high_level(meeting, people, stdout):
    now = timezone.now()
    staff = people["staff"]
    call, created = _call(
        meeting,
        CallKind.PARTICIPANTS,
        staff=staff,
        opens_at=now - timedelta(days=4),
        closes_at=now + timedelta(days=12),
        review_deadline=now + timedelta(days=26),
        seats=12,
        seats_per_organisation=1,
        waitlist_size=6,
        min_reviews=2,
        published_at=now - timedelta(days=6),
        **_translated("introduction", INTRODUCTIONS["high_level"]),
        **_translated("data_policy", DATA_POLICY),
    )
    if created:
        # Published with continuity weighted 2, corrected to 1 before any application:
        # the correction shows in the method's public history.
        _add_method(
            call,
            staff=staff,
            criteria=[("expertise", 3), ("ground", 3), ("diversity", 2), ("continuity", 2)],
            questions=["work", "contribution"],
            quotas=[
                (QuotaGroup.INDIGENOUS, 1),
                (QuotaGroup.MIGRANT, 2),
                (QuotaGroup.LOCAL, 2),
                (QuotaGroup.HOST_COUNTRY, 2),
            ],
        )
        continuity = call.criteria.get(position=4)
        continuity.weight = 1
        continuity._history_user = staff
        continuity._change_reason = "Weight corrected before the call opened"
        continuity.save()
        call.panel.add(*[p for p in (people.get("reviewer"), staff) if p is not None])
    for index, (name, submit) in enumerate(HIGH_LEVEL_APPLICANTS):
        organisation = Organisation.objects.filter(name=name, verified=True).first()
        if organisation is None:
            continue
        _apply(call, organisation, index=index, submit=submit)
    applicant_org = Organisation.objects.filter(name=APPLICANT_ORGANISATION).first()
    if applicant_org is not None and people.get("applicant") is not None:
        _apply(call, applicant_org, index=7, submit=False, by=people["applicant"])
    _say(stdout, f"  Open call for {meeting.slug}: {call.applications.count()} applications.")
    return call


def _apply(call, organisation, *, index, submit, by=None):
    """Start, fill and (optionally) submit the organisation's application via the services."""
    if call.applications.filter(organisation=organisation).exists():
        return
    by = by or _admin_of(organisation)
    if by is None or services.eligibility_problem(call=call, organisation=organisation):
        return
    application = services.application_start(call=call, organisation=organisation, by=by)
    services.application_save(
        application=application,
        by=by,
        answers=_answers(call, index, complete=submit),
        participants=[_participant(organisation, index)],
        consent=submit,
    )
    if index == 0:
        services.application_attach(
            application=application,
            by=by,
            title="Informe anual 2025",
            file=SimpleUploadedFile("informe-anual-2025.pdf", DEMO_PDF),
        )
    if submit:
        services.application_submit(application=application, by=by)


def _observers(meeting, people, stdout):
    now = timezone.now()
    call, created = _call(
        meeting,
        CallKind.OBSERVERS,
        staff=people["staff"],
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=19),
        review_deadline=now + timedelta(days=26),
        seats=4,
        seats_per_organisation=1,
        waitlist_size=4,
        min_reviews=2,
        published_at=now,
        **_translated("introduction", INTRODUCTIONS["observers"]),
        **_translated("data_policy", DATA_POLICY),
    )
    if created:
        _add_method(
            call,
            staff=people["staff"],
            criteria=[("expertise", 2), ("ground", 1)],
            questions=["observe"],
            quotas=[(QuotaGroup.HOST_COUNTRY_NATIONAL, 2)],
        )
    _say(stdout, f"  Observer call for {meeting.slug}: opens on {call.opens_at:%Y-%m-%d}.")


def _regional_closed(meeting, people, scale, stdout):
    now = timezone.now()
    closes_at = now - timedelta(days=10)
    call, created = _call(
        meeting,
        CallKind.PARTICIPANTS,
        staff=people["staff"],
        opens_at=now - timedelta(days=40),
        closes_at=closes_at,
        review_deadline=now + timedelta(days=5),
        seats=6,
        seats_per_organisation=1,
        waitlist_size=4,
        min_reviews=2,
        published_at=now - timedelta(days=45),
        **_translated("introduction", INTRODUCTIONS["regional"]),
        **_translated("data_policy", DATA_POLICY),
    )
    if created:
        _add_method(
            call,
            staff=people["staff"],
            criteria=[("expertise", 3), ("ground", 3), ("diversity", 2)],
            questions=["work", "contribution"],
            quotas=[
                (QuotaGroup.LOCAL, 2),
                (QuotaGroup.INDIGENOUS, 1),
                (QuotaGroup.HOST_COUNTRY, 1),
            ],
        )
        call.panel.add(*[p for p in (people.get("reviewer"), people["staff"]) if p is not None])
    wanted = 15
    organisations = (
        Organisation.objects.filter(kind__in=CIVIL_SOCIETY_KINDS, verified=True)
        .exclude(applications__call=call)
        .order_by("name")
    )
    existing = call.applications.count()
    for index, organisation in enumerate(organisations[: max(wanted - existing, 0)]):
        number = existing + index
        # Submitted at different moments of the call, so ties have an order.
        submitted_at = call.opens_at + timedelta(days=2 + number % 25, hours=number)
        submitted_at = min(submitted_at, closes_at - timedelta(hours=1))
        application = Application.objects.create(
            call=call,
            organisation=organisation,
            status=ApplicationStatus.SUBMITTED,
            answers=_answers(call, number),
            consent_given_at=submitted_at,
            created_by=_admin_of(organisation),
            submitted_by=_admin_of(organisation),
            submitted_at=submitted_at,
        )
        # auto_now_add ignores a given value: move the creation into the call's window.
        Application.objects.filter(pk=application.pk).update(
            created_at=submitted_at - timedelta(hours=2)
        )
        Participant.objects.create(application=application, **_participant(organisation, number))
    _say(
        stdout,
        f"  Closed call for {meeting.slug}: {call.applications.count()} submitted applications.",
    )


def seed(*, people, scale=1, stdout=None):
    """Seed the demo calls; meetings come from the meetings demo (skipped if missing)."""
    meetings = {
        m.slug: m
        for m in Meeting.objects.filter(
            slug__in=[
                "high-level-meeting-2027",
                "special-coordinators-2027",
                "regional-meeting-2027",
            ]
        )
    }
    with transaction.atomic():
        if "high-level-meeting-2027" in meetings:
            _high_level(meetings["high-level-meeting-2027"], people, stdout)
        else:
            _say(stdout, "  No meeting high-level-meeting-2027: its call was not seeded.")
        if "special-coordinators-2027" in meetings:
            _observers(meetings["special-coordinators-2027"], people, stdout)
        else:
            _say(
                stdout, "  No meeting special-coordinators-2027: its observer call was not seeded."
            )
        if "regional-meeting-2027" in meetings:
            _regional_closed(meetings["regional-meeting-2027"], people, scale, stdout)
        else:
            _say(stdout, "  No meeting regional-meeting-2027: its closed call was not seeded.")
