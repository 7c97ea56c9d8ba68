"""Organisations verified before the verification queue existed are marked verified."""

from django.db import migrations


def forwards(apps, schema_editor):
    Organisation = apps.get_model("portal", "Organisation")
    Organisation.objects.filter(verified=True).update(verification_status="verified")


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_historicalorganisation_verification_note_and_more")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
