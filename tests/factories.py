import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from portal.enums import Level, MembershipRole, OrganisationKind
from portal.models import Country, Membership, Organisation, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", "a-strong-password-123")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Authenticator.objects.create(
                user=self, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.CSO
    level = Level.NATIONAL
    original_language = "es"
    description_es = "Una organización de la sociedad civil."

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            codes = extracted or ["CO"]
            self.countries.set(Country.objects.filter(code__in=codes))


class VerifiedOrganisationFactory(OrganisationFactory):
    verified = True
    verification_status = "verified"
    verified_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER
    accepted = True


def org_admin(organisation=None, **user_kwargs):
    """A user who administers ``organisation`` (created when not given)."""
    organisation = organisation or OrganisationFactory()
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return user


# --- Meetings -------------------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"
        skip_postgeneration_save = True

    kind = "high_level"
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    title_es = factory.Sequence(lambda n: f"Reunión {n}")
    description_en = "A meeting of the declaration's process."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=60))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timezone.timedelta(hours=8))
    time_zone = "America/Bogota"
    host_country = factory.LazyFunction(lambda: Country.objects.get(code="CO"))
    venue = "Bogotá"
    working_languages = ["es", "en"]


class RegistrationCallFactory(factory.django.DjangoModelFactory):
    """An open call (published, closing in 10 days) with two criteria and no quotas."""

    class Meta:
        model = "meetings.RegistrationCall"
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    kind = "participants"
    introduction_en = "Civil-society organisations may apply for a seat."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=5))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=10))
    review_deadline = factory.LazyAttribute(lambda o: o.closes_at + timezone.timedelta(days=10))
    seats = 3
    seats_per_organisation = 1
    min_reviews = 2
    data_policy_en = "Participants' names are published only with their consent."
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if create and extracted is not False:
            CriterionFactory(call=self, name_en="Expertise on the agenda", weight=2, position=1)
            CriterionFactory(call=self, name_en="Work with affected people", weight=1, position=2)

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create and extracted is not False:
            QuestionFactory(call=self, text_en="Why should your organisation take part?")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Criterion"

    call = factory.SubFactory(RegistrationCallFactory, criteria=False)
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    guide_en = "0: no evidence; 5: strong, documented evidence."
    weight = 1


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Question"

    call = factory.SubFactory(RegistrationCallFactory, questions=False)
    text_en = factory.Sequence(lambda n: f"Question {n}?")
    required = True


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Quota"

    call = factory.SubFactory(RegistrationCallFactory)
    group = "leadership:indigenous"
    target = 1


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application of a verified organisation, with one participant."""

    class Meta:
        model = "meetings.Application"
        skip_postgeneration_save = True

    call = factory.SubFactory(RegistrationCallFactory)
    organisation = factory.SubFactory(VerifiedOrganisationFactory)
    status = "submitted"
    answers = factory.LazyAttribute(
        lambda o: {str(q.pk): "We work with migrants every day." for q in o.call.questions.all()}
    )
    consent_given_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ParticipantFactory(application=self)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Participant"

    application = factory.SubFactory(ApplicationFactory, participants=False)
    full_name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")


class CountryCoordinatorFactory(factory.django.DjangoModelFactory):
    """An active special coordinator of Colombia (pass ``country`` for another)."""

    class Meta:
        model = "portal.CountryCoordinator"

    user = factory.SubFactory(UserFactory)
    country = factory.LazyFunction(lambda: Country.objects.get(code="CO"))
    is_special_coordinator = True
    active = True


# --- Secretariat ----------------------------------------------------------------------


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "secretariat.WorkPlan"

    slug = factory.Sequence(lambda n: f"work-plan-{n}")
    title_en = factory.Sequence(lambda n: f"Joint work plan {n}")
    title_es = factory.Sequence(lambda n: f"Plan de trabajo conjunto {n}")
    adopted_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=90))


class WorkPlanItemFactory(factory.django.DjangoModelFactory):
    """An item due in 60 days, Colombia responsible, with a verified co-owner organisation."""

    class Meta:
        model = "secretariat.WorkPlanItem"

    work_plan = factory.SubFactory(WorkPlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    action_en = factory.Sequence(lambda n: f"Hold a regional dialogue on regularization {n}")
    action_es = factory.Sequence(lambda n: f"Realizar un diálogo regional sobre regularización {n}")
    responsible_country = factory.LazyFunction(lambda: Country.objects.get(code="CO"))
    co_owner = factory.SubFactory(VerifiedOrganisationFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=60))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "secretariat.Document"

    kind = "decision"
    title_en = factory.Sequence(lambda n: f"Decision {n} of the technical secretariat")
    title_es = factory.Sequence(lambda n: f"Decisión {n} de la secretaría técnica")


class SecretariatSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "secretariat.SecretariatSeat"

    role = "civil_society"
    holder_name = factory.Sequence(lambda n: f"Seat holder {n}")
    organisation = factory.SubFactory(VerifiedOrganisationFactory)
    term_start = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=100))
    how_chosen_en = "Chosen through a public call with published criteria."


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    """A published good practice from Colombia."""

    class Meta:
        model = "secretariat.GoodPractice"

    slug = factory.Sequence(lambda n: f"good-practice-{n}")
    title_en = factory.Sequence(lambda n: f"Mobile registration brigades {n}")
    title_es = factory.Sequence(lambda n: f"Brigadas móviles de registro {n}")
    summary_en = "Registration brigades reach migrants in border towns."
    summary_es = "Brigadas de registro llegan a personas migrantes en zonas de frontera."
    country = factory.LazyFunction(lambda: Country.objects.get(code="CO"))
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
