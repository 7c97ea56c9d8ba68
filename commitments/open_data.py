"""The open-data dump: one CSV per entity plus a Frictionless data package descriptor."""

import csv
import io
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.csv_utils import safe_cell
from portal.models import Country, Pillar

from .enums import Publication
from .models import Commitment, CsoAssessment, DataPoint, Indicator, ProgressUpdate

DUMP_NAME = "declaration-portal-open-data.zip"
LANGS = [code for code, _name in settings.LANGUAGES]


def _translated_columns(field, description):
    return [(f"{field}_{code}", "string", description) for code in LANGS]


# entity → [(column, type, description)]; descriptions show on the open-data page.
COLUMNS = {
    "commitments": [
        ("id", "integer", _("Identifier of the commitment; its page is /commitments/<id>/.")),
        ("countries", "string", _("ISO 3166 codes of the committing countries, space-separated.")),
        ("pillar", "integer", _("Number of the declaration's pillar (1 to 4).")),
        ("action_package", "integer", _("Number of the action package (1 to 11), if any.")),
        ("original_language", "string", _("Language the text was written in.")),
        *_translated_columns("title", _("Title in that language; empty when not translated.")),
        *_translated_columns(
            "description", _("Description in that language; empty when not translated.")
        ),
        ("announced_on", "date", _("Date the commitment was announced.")),
        ("target_date", "date", _("Date by which it should be achieved, if set.")),
        ("status", "string", _("Status reported by the government.")),
        ("percent_complete", "integer", _("Progress in percent, if reported.")),
        ("publication", "string", _("Publication state: published or in consultation.")),
        ("source_url", "string", _("Link to the source document.")),
    ],
    "progress_updates": [
        ("id", "integer", _("Identifier of the progress update.")),
        ("commitment_id", "integer", _("The commitment it reports on.")),
        ("country", "string", _("ISO code of the reporting country.")),
        ("published_at", "datetime", _("When it was published (UTC).")),
        ("status", "string", _("Status reported by the government.")),
        ("percent_complete", "integer", _("Progress in percent, if reported.")),
        ("original_language", "string", _("Language the text was written in.")),
        *_translated_columns("text", _("Text in that language; empty when not translated.")),
        ("evidence_url", "string", _("Link to evidence.")),
    ],
    "assessments": [
        ("commitment_id", "integer", _("The commitment assessed.")),
        ("organisation", "string", _("Name of the civil-society organisation.")),
        ("rating", "string", _("Rating on the published civil-society scale.")),
        ("original_language", "string", _("Language the text was written in.")),
        *_translated_columns("text", _("Text in that language; empty when not translated.")),
        ("evidence_url", "string", _("Link to evidence.")),
        ("updated_at", "datetime", _("When the assessment was last written (UTC).")),
    ],
    "indicators": [
        ("code", "string", _("Short code of the indicator; its page is /indicators/<code>/.")),
        *_translated_columns("name", _("Name in that language; empty when not translated.")),
        ("kind", "string", _("Quantitative or qualitative.")),
        ("unit", "string", _("Unit of quantitative values.")),
        ("direction", "string", _("Whether higher or lower values are better.")),
        ("status", "string", _("Review status of the indicator.")),
        ("pillars", "string", _("Numbers of the linked pillars, space-separated.")),
    ],
    "data_points": [
        ("indicator", "string", _("Code of the indicator.")),
        ("country", "string", _("ISO code of the country.")),
        ("period_kind", "string", _("Year, quarter or date.")),
        ("period_start", "date", _("First day of the period.")),
        ("value", "number", _("Value of a quantitative indicator.")),
        ("rating", "integer", _("Rating of a qualitative indicator (1 to 5).")),
        ("reported_by", "string", _("Government or civil society.")),
        ("verification", "string", _("Verification status of the value.")),
        ("source", "string", _("Where the value comes from.")),
    ],
    "countries": [
        ("code", "string", _("ISO 3166 code of the country.")),
        *_translated_columns("name", _("Name in that language.")),
        ("endorsed_on", "date", _("Date the country endorsed the declaration.")),
    ],
    "pillars": [
        ("number", "integer", _("Number of the pillar (1 to 4).")),
        *_translated_columns("name", _("Name in that language.")),
    ],
}


def _rows(entity):
    public = Commitment.objects.exclude(publication=Publication.DRAFT)
    if entity == "commitments":
        for c in (
            public.prefetch_related("countries")
            .select_related("pillar", "action_package")
            .order_by("pk")
        ):
            row = {f: getattr(c, f) for f, _t, _d in COLUMNS[entity] if hasattr(c, f)}
            row["countries"] = " ".join(sorted(x.code for x in c.countries.all()))
            row["pillar"] = c.pillar.number
            row["action_package"] = c.action_package.number if c.action_package else None
            yield row
    elif entity == "progress_updates":
        qs = ProgressUpdate.objects.filter(commitment__in=public, published_at__isnull=False)
        for u in qs.select_related("country").order_by("pk"):
            row = {f: getattr(u, f, None) for f, _t, _d in COLUMNS[entity]}
            row["country"] = u.country.code
            yield row
    elif entity == "assessments":
        qs = CsoAssessment.objects.filter(commitment__in=public, hidden=False).select_related(
            "organisation"
        )
        for a in qs.order_by("pk"):
            row = {f: getattr(a, f, None) for f, _t, _d in COLUMNS[entity]}
            row["organisation"] = a.organisation.name
            yield row
    elif entity == "indicators":
        for i in Indicator.objects.prefetch_related("pillars").order_by("code"):
            row = {f: getattr(i, f, None) for f, _t, _d in COLUMNS[entity]}
            row["pillars"] = " ".join(str(p.number) for p in i.pillars.all())
            yield row
    elif entity == "data_points":
        qs = DataPoint.objects.select_related("indicator", "country").order_by("pk")
        for d in qs.iterator(chunk_size=2000):
            row = {f: getattr(d, f, None) for f, _t, _d in COLUMNS[entity]}
            row["indicator"] = d.indicator.code
            row["country"] = d.country.code
            yield row
    elif entity == "countries":
        for c in Country.objects.order_by("code"):
            yield {f: getattr(c, f, None) for f, _t, _d in COLUMNS[entity]}
    elif entity == "pillars":
        for p in Pillar.objects.order_by("number"):
            yield {f: getattr(p, f, None) for f, _t, _d in COLUMNS[entity]}


def dump_path():
    return Path(settings.MEDIA_ROOT) / "open-data" / DUMP_NAME


def build_dump():
    """Write the ZIP atomically (to a temporary name, then renamed) and return its path."""
    path = dump_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    resources = []
    with translation.override("en"):
        _write(tmp, resources)
    tmp.replace(path)
    return path


def _write(tmp, resources):
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entity, columns in COLUMNS.items():
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow([name for name, _t, _d in columns])
            for row in _rows(entity):
                writer.writerow([safe_cell(row.get(name)) for name, _t, _d in columns])
            archive.writestr(f"{entity}.csv", buffer.getvalue())
            resources.append(
                {
                    "name": entity.replace("_", "-"),
                    "path": f"{entity}.csv",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": {
                        "fields": [
                            {"name": name, "type": kind, "description": str(description)}
                            for name, kind, description in columns
                        ]
                    },
                }
            )
        descriptor = {
            "profile": "tabular-data-package",
            "name": "declaration-portal",
            "title": "Los Angeles Declaration on Migration and Protection – Declaration Portal",
            "created": timezone.now().isoformat(),
            "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
            "resources": resources,
        }
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
