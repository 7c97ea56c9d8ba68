import pytest
from django.core.management import call_command

from portal.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_covers_every_kind():
    call_command("seed_demo", verbosity=0)
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("seed_demo", verbosity=0)
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"cso", "academia", "government", "international", "secretariat"}
    leadership = {v for org in Organisation.objects.all() for v in org.leadership}
    assert leadership == {"indigenous", "refugee", "migrant", "black", "women"}
    assert Organisation.objects.filter(verified=False).exists()


def test_seed_demo_scale_multiplies_volume():
    call_command("seed_demo", verbosity=0)
    base = Organisation.objects.count()
    call_command("seed_demo", scale=3, verbosity=0)
    assert Organisation.objects.count() == base + 40
    call_command("seed_demo", scale=3, verbosity=0)
    assert Organisation.objects.count() == base + 40
