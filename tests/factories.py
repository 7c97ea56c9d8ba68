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
