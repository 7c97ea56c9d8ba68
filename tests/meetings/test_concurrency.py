"""Two members of one organisation start its application at the same moment: one row.

Real threads on PostgreSQL; the database's partial unique constraint (one active
application per organisation and call) decides, not only the service's check.
"""

import pytest
from django.urls import reverse

from meetings.models import Application
from tests.committees.test_concurrency import (  # noqa: F401 (the fixture is used by name)
    HoldFirstInsert,
    _postgresql,
    cso_member,
    logged_in,
    post_together,
)
from tests.factories import RegistrationCallFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_organisation_applying_twice_at_once_applies_once():
    call = RegistrationCallFactory()
    first, organisation = cso_member()
    second, _same = cso_member(organisation)
    url = reverse("call_apply", args=[call.pk])
    data = {"organisation": organisation.pk}

    with HoldFirstInsert(Application) as hold:
        responses, errors = post_together(
            [(logged_in(first), url, data), (logged_in(second), url, data)]
        )

    assert not errors
    assert hold.waited == [True]
    assert len(hold.refused) == 1  # the second insert met the unique constraint
    application = Application.objects.get()
    assert application.organisation == organisation
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {
        reverse("application_edit", args=[application.pk])
    }
