"""Public exports, downloads and the API never carry personal contact data.

The demo data set (every app's) is loaded once, then every public data endpoint is
read and searched for any person's email address or any coordinator's phone number.
"""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from committees.models import CommitteeCoordinator
from portal.models import User

pytestmark = pytest.mark.django_db

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _public_downloads(client):
    from commitments.api import ENDPOINTS
    from commitments.models import Indicator

    urls = [reverse("tracker_export_csv"), reverse("tracker_export_json")]
    for _prefix, _viewset, basename in ENDPOINTS:
        urls.append(reverse(f"api:{basename}-list") + "?page_size=500")
    urls += [reverse("indicator_data_csv", args=[i.code]) for i in Indicator.objects.all()[:20]]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, b"".join(response.streaming_content) if response.streaming else response.content
    response = client.get(reverse("open_data_download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for name in archive.namelist():
        yield f"open data: {name}", archive.read(name)


def test_no_email_or_phone_in_any_public_export_or_api(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    emails = {e.lower().encode() for e in User.objects.values_list("email", flat=True)}
    phones = {
        p.encode()
        for p in CommitteeCoordinator.objects.exclude(contact_phone="").values_list(
            "contact_phone", flat=True
        )
    }
    assert emails and phones, "the demo data must contain contact details to prove anything"
    checked = 0
    for where, body in _public_downloads(client):
        found = {m.lower() for m in EMAIL.findall(body)} & emails
        assert not found, f"{where} exposes {found}"
        assert not [p for p in phones if p in body], f"{where} exposes a phone number"
        checked += 1
    assert checked > 10
