"""A public page's first load (HTML and every stylesheet, script and image it links)
weighs under 100 KB compressed, on the full demo data."""

import gzip
import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024
ASSET = re.compile(rb'(?:href|src)="(/static/[^"?#]+)')


def _first_load_bytes(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content
    total = len(gzip.compress(html))
    for asset in sorted(set(ASSET.findall(html))):
        found = finders.find(asset.decode().removeprefix("/static/"))
        assert found, asset
        with open(found, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    return total


def test_main_public_pages_stay_under_100_kb(client, settings, tmp_path):
    from meetings.models import RegistrationCall
    from secretariat.models import WorkPlan

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    call = RegistrationCall.objects.filter(results_published_at__isnull=False).first()
    paths = [
        "/es/",
        "/es/tracker/",
        "/es/countries/CO/",
        "/es/meetings/",
        f"/es/meetings/{call.meeting.slug}/",
        "/es/meetings/national/",
        f"/es/calls/{call.pk}/",
        f"/es/calls/{call.pk}/report/",
        "/es/secretariat/",
        f"/es/work-plan/{WorkPlan.objects.first().slug}/",
        "/es/mechanisms/",
        "/es/good-practices/",
        "/es/search/?q=migra",
    ]
    weights = {path: _first_load_bytes(client, path) for path in paths}
    heavy = {path: weight for path, weight in weights.items() if weight >= BUDGET}
    assert not heavy, f"over {BUDGET} bytes compressed: {heavy}"
