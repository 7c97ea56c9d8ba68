"""Demo written proposals (called from the committees demo by ``seed_demo``).

Idempotent: a proposal is looked up by its title. Proposals are submitted and moved
through their workflow with the services (so transitions, history and
notifications are real), then their dates are moved into the past so the demo
shows a responded, a closed and an overdue proposal.
"""

import uuid
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.enums import CIVIL_SOCIETY_KINDS
from portal.models import Country, Organisation
from portal.selectors import civil_society_organisations

from . import proposal_services as services
from .enums import CoordinatorRole, ProposalKind, ProposalStatus, ProposalVisibility
from .models import Committee, CommitteeCoordinator, Proposal, ProposalTransition

# Coordinators the proposals need, if the committees demo has not created them.
COORDINATORS = [
    ("temporary-protection-regularization", "coordinator", "CO"),
    ("investing-in-asylum", "coordinator_ca", "CA"),
    ("integration-host-communities", "coordinator", "CO"),
]

ACK = ProposalStatus.ACKNOWLEDGED
CONSIDERING = ProposalStatus.UNDER_CONSIDERATION

PROPOSALS = [
    {
        "title": "Documentos para niñas y niños venezolanos sin pasaporte",
        "committee": "temporary-protection-regularization",
        "organisation": "Red Clamor Colombia",
        "person": "cso_admin",
        "kind": ProposalKind.POLICY,
        "language": "es",
        "visibility": ProposalVisibility.PUBLIC,
        "submitted_days_ago": 80,
        "steps": [(ACK, 75, {}), (CONSIDERING, 60, {}), (ProposalStatus.RESPONDED, 20, {})],
        "response": (
            "El comité agradece la propuesta. Colombia y Ecuador aceptarán la partida de "
            "nacimiento apostillada como documento de identidad para el registro de niñas y "
            "niños venezolanos desde el próximo trimestre; la próxima sesión informativa "
            "presentará el avance."
        ),
        "text": (
            "Miles de niñas y niños venezolanos no pueden acceder a la regularización porque "
            "no tienen pasaporte. Proponemos aceptar la partida de nacimiento, con o sin "
            "apostilla, como documento suficiente para el registro.\n\n"
            "Adjuntamos los casos documentados por la red en 2024."
        ),
        "attachment": "casos-documentados-2024.pdf",
    },
    {
        "title": "Barreras en el registro migratorio: datos de nuestras oficinas",
        "committee": "temporary-protection-regularization",
        "organisation": "Red Clamor Colombia",
        "person": "cso_admin",
        "kind": ProposalKind.EXPERTISE,
        "language": "es",
        "visibility": ProposalVisibility.COMMITTEE,
        "submitted_days_ago": 10,
        "steps": [(ACK, 8, {"note": "Recibido; se revisará con las autoridades migratorias."})],
        "text": (
            "Compartimos con el comité, de forma reservada, los datos de atención de nuestras "
            "oficinas sobre las citas de registro canceladas y los cobros irregulares."
        ),
    },
    {
        "title": "Rekonesans diplòm ak sètifika pou migran ayisyen",
        "committee": "integration-host-communities",
        "organisation": "Kolektif Fanm Migran Ayisyen",
        "person": "cso_member",
        "kind": ProposalKind.RECOMMENDATION,
        "language": "ht",
        "visibility": ProposalVisibility.PUBLIC,
        "submitted_days_ago": 95,
        "steps": [(ACK, 88, {})],
        "text": (
            "Anpil fanm ayisyen nan Chili gen diplòm enfimyè oswa pwofesè men yo pa ka travay "
            "nan metye yo. Nou rekòmande yon pwosedi senp ak san frè pou rekonèt diplòm yo."
        ),
    },
    {
        "title": "Accès à l'asile pour les femmes haïtiennes aux frontières",
        "committee": "investing-in-asylum",
        "organisation": "Kolektif Fanm Migran Ayisyen",
        "person": "cso_member",
        "kind": ProposalKind.POLICY,
        "language": "fr",
        "visibility": ProposalVisibility.PUBLIC,
        "submitted_days_ago": 50,
        "steps": [
            (
                ProposalStatus.CLOSED,
                40,
                {
                    "reason": (
                        "La proposition porte sur la régularisation temporaire plutôt que sur "
                        "l'asile : le comité l'a transmise au comité de protection temporaire "
                        "et régularisation, qui l'examinera à sa prochaine séance."
                    )
                },
            )
        ],
        "text": (
            "Nous proposons des guichets d'information sur l'asile, en créole, aux principaux "
            "points de passage frontaliers, avec un accompagnement spécifique pour les femmes."
        ),
    },
    {
        "title": "Metodologia para medir o acesso ao refúgio no Cone Sul",
        "committee": "investing-in-asylum",
        "organisation": "Rede Sem Fronteiras Brasil",
        "person": "representative",
        "kind": ProposalKind.EXPERTISE,
        "language": "pt",
        "visibility": ProposalVisibility.PUBLIC,
        "submitted_days_ago": 25,
        "steps": [(ACK, 22, {}), (CONSIDERING, 15, {})],
        "text": (
            "Oferecemos ao comitê a metodologia da nossa pesquisa regional sobre o tempo de "
            "espera das solicitações de refúgio, para que os países a usem nos seus relatórios."
        ),
    },
    {
        "title": "Recomendações para a integração local de pessoas refugiadas",
        "committee": "integration-host-communities",
        "organisation": "Rede Sem Fronteiras Brasil",
        "person": "representative",
        "kind": ProposalKind.RECOMMENDATION,
        "language": "pt",
        "visibility": ProposalVisibility.PUBLIC,
        "submitted_days_ago": 3,
        "steps": [],
        "text": (
            "Recomendamos que os municípios de acolhida incluam as pessoas refugiadas nos "
            "programas locais de emprego e moradia, com apoio dos fundos do paquete de ação."
        ),
    },
]


def _pdf(text):
    """A small, valid one-page PDF saying ``text`` (ASCII)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _coordinators(people, committees):
    countries = {c.code: c for c in Country.objects.all()}
    for slug, key, code in COORDINATORS:
        committee = committees.get(slug)
        if committee is None or key not in people or code not in countries:
            continue
        if committee.coordinators.filter(active=True).exists():
            continue
        CommitteeCoordinator.objects.get_or_create(
            committee=committee,
            user=people[key],
            defaults={"country": countries[code], "role": CoordinatorRole.LEAD},
        )


def _answerer(committee, people):
    coordinator = (
        committee.coordinators.filter(active=True, user__is_active=True)
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return coordinator.user if coordinator else people["staff"]


def _backdate(proposal, days_ago, steps, now):
    """Move a proposal's dates ``days_ago`` into the past, and its transitions to match."""
    submitted_at = now - timedelta(days=days_ago)
    Proposal.objects.filter(pk=proposal.pk).update(
        submitted_at=submitted_at,
        response_due=timezone.localdate(submitted_at)
        + timedelta(days=proposal.committee.proposal_response_days),
    )
    transitions = list(proposal.transitions.order_by("at", "pk"))
    ProposalTransition.objects.filter(pk=transitions[0].pk).update(at=submitted_at)
    for transition, (status, step_days_ago, _fields) in zip(transitions[1:], steps, strict=False):
        at = now - timedelta(days=step_days_ago)
        ProposalTransition.objects.filter(pk=transition.pk).update(at=at)
        if status == ProposalStatus.RESPONDED:
            Proposal.objects.filter(pk=proposal.pk).update(responded_at=at)


def seed(*, people, scale, stdout):
    committees = {c.slug: c for c in Committee.objects.select_related("action_package")}
    _coordinators(people, committees)
    organisations = {
        o.name: o for o in Organisation.objects.filter(verified=True, kind__in=CIVIL_SOCIETY_KINDS)
    }
    existing = set(
        Proposal.objects.filter(title__in=[p["title"] for p in PROPOSALS]).values_list(
            "title", flat=True
        )
    )
    now = timezone.now()
    created = 0
    for spec in PROPOSALS:
        committee = committees.get(spec["committee"])
        organisation = organisations.get(spec["organisation"])
        author = people.get(spec["person"])
        if spec["title"] in existing or None in (committee, organisation, author):
            continue
        if not civil_society_organisations(author).filter(pk=organisation.pk).exists():
            continue
        attachments = []
        if spec.get("attachment"):
            attachments.append(
                SimpleUploadedFile(
                    spec["attachment"], _pdf(spec["title"].encode("ascii", "ignore").decode())
                )
            )
        proposal, _new = services.proposal_submit(
            committee=committee,
            organisation=organisation,
            by=author,
            kind=spec["kind"],
            title=spec["title"],
            text=spec["text"],
            language=spec["language"],
            visibility=spec["visibility"],
            submission_key=uuid.uuid4(),
            attachments=attachments,
        )
        answerer = _answerer(committee, people)
        for status, _days, fields in spec["steps"]:
            if status == ProposalStatus.RESPONDED:
                fields = {**fields, "response": spec["response"]}
            services.proposal_transition(proposal=proposal, by=answerer, to_status=status, **fields)
        _backdate(proposal, spec["submitted_days_ago"], spec["steps"], now)
        created += 1
    added = _synthetic(scale, committees, organisations, people, now)
    stdout.write(f"Proposals: {created} demo proposals and {added} synthetic ones added.")


def _synthetic(scale, committees, organisations, people, now):
    """Public proposals for volume: 10 per unit of scale beyond the first."""
    wanted = 10 * (scale - 1) if scale > 1 else 0
    if not wanted or not committees or not organisations:
        return 0
    titles = [f"Demo proposal {i:05d}" for i in range(wanted)]
    existing = set(Proposal.objects.filter(title__in=titles).values_list("title", flat=True))
    committee_list = sorted(committees.values(), key=lambda c: c.slug)
    organisation_list = sorted(organisations.values(), key=lambda o: o.name)
    batch = []
    for i, title in enumerate(titles):
        if title in existing:
            continue
        committee = committee_list[i % len(committee_list)]
        submitted_at = now - timedelta(days=(i * 7) % 120)
        batch.append(
            Proposal(
                committee=committee,
                organisation=organisation_list[i % len(organisation_list)],
                kind=ProposalKind.values[i % len(ProposalKind.values)],
                title=title,
                text="Propuesta de demostración para pruebas de volumen.",
                language="es",
                status=ProposalStatus.SUBMITTED,
                submitted_at=submitted_at,
                response_due=timezone.localdate(submitted_at)
                + timedelta(days=committee.proposal_response_days),
            )
        )
    Proposal.objects.bulk_create(batch, batch_size=500)
    transitions = [
        ProposalTransition(
            proposal=proposal,
            from_status="",
            to_status=ProposalStatus.SUBMITTED,
            at=proposal.submitted_at,
        )
        for proposal in Proposal.objects.filter(title__in=[p.title for p in batch])
    ]
    ProposalTransition.objects.bulk_create(transitions, batch_size=500)
    return len(batch)
