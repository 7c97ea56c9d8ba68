"""Realistic demo data for every feature, built through the services.

Idempotent: records are looked up by natural keys (email, organisation name), so
running it twice creates nothing new. ``--scale N`` multiplies volumes.
"""

import importlib
import random

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from portal import services
from portal.enums import Focus, Leadership, Level, MembershipRole, OrganisationKind
from portal.models import Country, Membership, Organisation, User

FEATURE_APPS = ("commitments", "committees", "meetings", "secretariat")

# A fixed TOTP secret so demo staff can add it to an authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"  # noqa: S105 (public demo value)

ORGANISATIONS = [
    # name, acronym, kind, level, countries, focus, leadership, language, description
    (
        "Red Clamor Colombia",
        "",
        "cso",
        "national",
        ["CO"],
        ["advocacy", "service_provider"],
        ["migrant"],
        "es",
        "Red de organizaciones que acompaña a personas migrantes y refugiadas venezolanas en "
        "Colombia con orientación legal y psicosocial.",
    ),
    (
        "Coordinadora de Mujeres Migrantes del Perú",
        "COMUMIP",
        "cso",
        "local",
        ["PE"],
        ["service_provider"],
        ["women", "migrant"],
        "es",
        "Organización de base de mujeres migrantes en Lima que ofrece acogida, orientación "
        "laboral y acompañamiento frente a la violencia de género.",
    ),
    (
        "Groupe d'Appui aux Rapatriés et Réfugiés",
        "GARR",
        "cso",
        "national",
        ["HT"],
        ["service_provider", "advocacy"],
        [],
        "fr",
        "Organisation haïtienne qui accompagne les personnes rapatriées et déplacées et défend "
        "leurs droits à la frontière haïtiano-dominicaine.",
    ),
    (
        "Rede Sem Fronteiras Brasil",
        "",
        "cso",
        "regional",
        ["BR", "PY", "UY"],
        ["advocacy", "research"],
        [],
        "pt",
        "Rede de organizações que trabalha com migração e refúgio no Cone Sul, com pesquisa e "
        "incidência em políticas públicas.",
    ),
    (
        "Consejo Indígena Maya Kaqchikel de Migración",
        "CIMKM",
        "cso",
        "local",
        ["GT"],
        ["service_provider", "advocacy"],
        ["indigenous"],
        "es",
        "Consejo comunitario que acompaña a familias indígenas de retorno y a quienes migran "
        "desde el altiplano guatemalteco.",
    ),
    (
        "Refugiados Unidos por Costa Rica",
        "",
        "cso",
        "national",
        ["CR"],
        ["service_provider"],
        ["refugee"],
        "es",
        "Organización fundada y dirigida por personas refugiadas nicaragüenses que ofrece "
        "orientación sobre el sistema de asilo.",
    ),
    (
        "Black Immigrant Alliance of the Americas",
        "BIAA",
        "cso",
        "regional",
        ["US", "JM", "BB"],
        ["advocacy", "research"],
        ["black", "migrant"],
        "en",
        "A regional alliance of Black-led migrant organisations working against anti-Black "
        "xenophobia in migration systems.",
    ),
    (
        "Centro de Derechos Humanos Fray Matías de Córdova",
        "",
        "cso",
        "local",
        ["MX"],
        ["service_provider", "advocacy"],
        [],
        "es",
        "Centro de derechos humanos en la frontera sur de México que documenta y acompaña "
        "casos de personas migrantes.",
    ),
    (
        "Kolektif Fanm Migran Ayisyen",
        "",
        "cso",
        "local",
        ["HT", "CL"],
        ["service_provider"],
        ["women", "migrant", "black"],
        "ht",
        "Kolektif fanm ayisyen ki ede migran nan Chili ak Ayiti jwenn papye, travay ak sipò.",
    ),
    (
        "Observatorio Regional de Movilidad Humana",
        "ORMH",
        "academia",
        "regional",
        ["EC", "CO", "PE"],
        ["research"],
        [],
        "es",
        "Centro universitario que produce datos y análisis sobre movilidad humana en la región "
        "andina.",
    ),
    (
        "Canadian Council for Refugees",
        "CCR",
        "cso",
        "national",
        ["CA"],
        ["advocacy", "research"],
        [],
        "en",
        "A national umbrella organisation committed to the rights and protection of refugees "
        "and other vulnerable migrants in Canada.",
    ),
    (
        "Ministerio de Relaciones Exteriores de Colombia",
        "",
        "government",
        "national",
        ["CO"],
        [],
        [],
        "es",
        "Cancillería de Colombia, país que ejerce la presidencia rotativa en 2025.",
    ),
    (
        "Secretaría de Relaciones Exteriores de México",
        "SRE",
        "government",
        "national",
        ["MX"],
        [],
        [],
        "es",
        "Cancillería mexicana, líder del paquete de acción sobre movilidad laboral.",
    ),
    (
        "Government of Canada – IRCC",
        "IRCC",
        "government",
        "national",
        ["CA"],
        [],
        [],
        "en",
        "Immigration, Refugees and Citizenship Canada, lead of the asylum and resettlement "
        "action packages.",
    ),
    (
        "International Organization for Migration",
        "IOM",
        "international",
        "regional",
        ["CO", "EC", "PE", "CL", "MX"],
        ["research"],
        [],
        "en",
        "The United Nations agency for migration.",
    ),
    (
        "Pan American Development Foundation",
        "PADF",
        "secretariat",
        "regional",
        ["US", "CO", "HT"],
        [],
        [],
        "en",
        "Runs the technical secretariat of the declaration together with the OAS since "
        "September 2024.",
    ),
]

FIRST_NAMES = [
    "Ana",
    "Luis",
    "Marie",
    "Jean",
    "Camila",
    "João",
    "Rosa",
    "Carlos",
    "Yolanda",
    "Pierre",
    "Lucía",
    "Diego",
    "Fabiola",
    "Wilson",
    "Inés",
    "Mateo",
]
LAST_NAMES = [
    "Quispe",
    "Pérez",
    "Joseph",
    "Silva",
    "Mamani",
    "Rodríguez",
    "Baptiste",
    "Gómez",
    "Santos",
    "Huamán",
    "Louis",
    "Herrera",
]


class Command(BaseCommand):
    help = "Create demo data (idempotent). --scale N multiplies volumes for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when users already exist."
        )

    def handle(self, *args, scale, if_empty, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        password = settings.PORTAL_DEMO_PASSWORD
        rng = random.Random(2022)
        with transaction.atomic():
            people = self._people(password)
            self._organisations(people, rng)
            self._extra_organisations(scale, rng)
            # Each feature app seeds its own data through its services.
            for app in FEATURE_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed(people=people, scale=scale, stdout=self.stdout)
        self._report(password)

    # --- people -------------------------------------------------------------------

    def _user(self, email, full_name, language, password, *, staff=False):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name,
                preferred_language=language,
                is_staff=staff,
                is_superuser=staff,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _people(self, password):
        people = {
            "staff": self._user(
                "staff@demo.portal", "Sofía Secretaría", "es", password, staff=True
            ),
            "cso_admin": self._user("cso-admin@demo.portal", "Ana Quispe", "es", password),
            "cso_member": self._user("cso-member@demo.portal", "Jean Baptiste", "ht", password),
            "applicant": self._user("applicant@demo.portal", "Rosa Mamani", "qu", password),
            "coordinator": self._user("coordinator@demo.portal", "Carlos Herrera", "es", password),
            "coordinator_ca": self._user(
                "coordinator-ca@demo.portal", "Marie Tremblay", "fr", password
            ),
            "reviewer": self._user("reviewer@demo.portal", "João Santos", "pt", password),
            "representative": self._user(
                "representative@demo.portal", "Lucía Gómez", "es", password
            ),
            "public": self._user("member@demo.portal", "Mateo Silva", "en", password),
        }
        if not Authenticator.objects.filter(
            user=people["staff"], type=Authenticator.Type.TOTP
        ).exists():
            TOTP.activate(people["staff"], DEMO_TOTP_SECRET)
        return people

    # --- organisations --------------------------------------------------------------

    def _organisations(self, people, rng):
        countries = {c.code: c for c in Country.objects.all()}
        admins = {
            "Red Clamor Colombia": "cso_admin",
            "Kolektif Fanm Migran Ayisyen": "cso_member",
            "Coordinadora de Mujeres Migrantes del Perú": "applicant",
            "Ministerio de Relaciones Exteriores de Colombia": "coordinator",
            "Government of Canada – IRCC": "coordinator_ca",
            "Observatorio Regional de Movilidad Humana": "reviewer",
            "Rede Sem Fronteiras Brasil": "representative",
            "Pan American Development Foundation": "staff",
        }
        for index, row in enumerate(ORGANISATIONS):
            name, acronym, kind, level, codes, focus, leadership, lang, description = row
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is None:
                owner = people[admins.get(name, "staff")]
                organisation = services.organisation_create(
                    by=owner,
                    countries=[countries[c] for c in codes if c in countries],
                    name=name,
                    acronym=acronym,
                    kind=kind,
                    level=level,
                    focus=focus,
                    leadership=leadership,
                    original_language=lang,
                    **{f"description_{lang}": description},
                )
                # Most are verified; a few wait in the secretariat's queue.
                if index % 5 != 4:
                    services.organisation_verify(organisation=organisation, by=people["staff"])
        red_clamor = Organisation.objects.get(name="Red Clamor Colombia")
        Membership.objects.get_or_create(
            user=people["public"],
            organisation=red_clamor,
            defaults={"role": MembershipRole.MEMBER},
        )
        Membership.objects.get_or_create(
            user=people["cso_member"],
            organisation=red_clamor,
            defaults={"role": MembershipRole.MEMBER, "accepted": True},
        )

    def _extra_organisations(self, scale, rng):
        """Synthetic organisations for volume: 20 per unit of scale beyond the first."""
        wanted = 20 * (scale - 1) if scale > 1 else 0
        if not wanted:
            return
        countries = list(Country.objects.all())
        existing = set(
            Organisation.objects.filter(name__startswith="Demo ").values_list("name", flat=True)
        )
        kinds = [OrganisationKind.CSO] * 6 + [OrganisationKind.ACADEMIA]
        batch = []
        for i in range(wanted):
            prefix = ("Red", "Centro", "Fundación", "Colectivo", "Kolektif")[i % 5]
            name = f"Demo {prefix} {i:05d}"
            if name in existing:
                continue
            verified = rng.random() < 0.8
            batch.append(
                Organisation(
                    name=name,
                    slug=f"demo-{i:05d}",
                    kind=rng.choice(kinds),
                    level=rng.choice(Level.values),
                    focus=rng.sample(Focus.values, rng.randint(1, 2)),
                    leadership=rng.sample(Leadership.values, rng.randint(0, 2)),
                    verified=verified,
                    verification_status="verified" if verified else "pending",
                    original_language="es",
                    description_es="Organización de demostración para pruebas de volumen.",
                )
            )
        Organisation.objects.bulk_create(batch, batch_size=500)
        through = Organisation.countries.through
        links = [
            through(organisation_id=org.pk, country_id=rng.choice(countries).pk)
            for org in Organisation.objects.filter(name__in=[o.name for o in batch])
        ]
        through.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)

    def _report(self, password):
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Every demo account uses the password: {password}")
        for user in User.objects.filter(email__endswith="@demo.portal").order_by("email"):
            self.stdout.write(f"  {user.email:32} {user.full_name}")
        self.stdout.write(
            f"Staff two-factor secret (add it to an authenticator app): {DEMO_TOTP_SECRET}"
        )
