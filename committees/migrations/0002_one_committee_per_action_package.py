"""Every installation starts with one committee per action package."""

from django.db import migrations

LANGS = ("en", "es", "pt", "fr", "ht", "qu")


def forwards(apps, schema_editor):
    ActionPackage = apps.get_model("portal", "ActionPackage")
    Committee = apps.get_model("committees", "Committee")
    for package in ActionPackage.objects.all():
        committee, created = Committee.objects.get_or_create(
            action_package=package,
            defaults={
                "slug": package.slug,
                **{f"description_{c}": getattr(package, f"description_{c}", "") for c in LANGS},
                "description": package.description_en,
            },
        )
        if created:
            countries = {c.pk for c in package.lead_countries.all()}
            countries |= {c.pk for c in package.participating_countries.all()}
            committee.member_countries.set(countries)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0001_initial"),
        ("portal", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
