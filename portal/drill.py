"""Checks the restore drill (scripts/restore_drill.sh) runs against a restored database."""

import json

from django.apps import apps
from django.core.files.storage import default_storage
from django.test import Client

# Tables whose row counts must survive a backup and restore unchanged.
COUNTED = [
    "portal.User",
    "portal.Organisation",
    "portal.Membership",
    "commitments.Commitment",
    "commitments.ProgressUpdate",
    "committees.Proposal",
    "meetings.Meeting",
    "meetings.Application",
    "secretariat.WorkPlanItem",
]
PAGES = ["/healthz", "/readyz", "/es/", "/en/tracker/", "/fr/countries/"]


def counts():
    """Row counts of the counted tables, as JSON."""
    return json.dumps({label: apps.get_model(label).objects.count() for label in COUNTED})


def smoke_check(*, expected):
    """Fail loudly unless the restored data match the source and the pages answer."""
    restored = json.loads(counts())
    wanted = json.loads(expected)
    if restored != wanted:
        raise SystemExit(f"Row counts differ after restore: {wanted} → {restored}")
    if not default_storage.exists("drill/check.txt"):
        raise SystemExit("The uploaded file did not survive the restore.")
    client = Client(SERVER_NAME="localhost")
    for path in PAGES:
        status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status} after the restore.")
    print(f"Restored: {restored}; pages answer: {', '.join(PAGES)}")
