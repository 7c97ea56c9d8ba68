"""Every catalogue is complete: no missing, fuzzy or placeholder-breaking entry."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.conftest import LANGUAGE_CODES

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def catalogues():
    main, *extra = settings.LOCALE_PATHS
    for lang in LANGUAGE_CODES:
        yield lang, Path(main) / lang / "LC_MESSAGES" / "django.po"
    # Third-party strings for the languages Django and allauth lack.
    for locale_path in extra:
        for lang in ("pt", "ht", "qu"):
            yield lang, Path(locale_path) / lang / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("lang,path", list(catalogues()), ids=lambda v: str(v))
def test_catalogue_complete(lang, path):
    assert path.exists(), f"{path} is missing"
    po = polib.pofile(str(path))
    assert len(po) > 50
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{lang}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy[:10]}"
    for entry in po.translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            for text in entry.msgstr_plural.values():
                assert sorted(PLACEHOLDER.findall(text)) in (
                    expected,
                    sorted(PLACEHOLDER.findall(entry.msgid_plural)),
                ), (lang, entry.msgid)
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == expected, (lang, entry.msgid)


def test_glossary_exists():
    glossary = Path(settings.BASE_DIR) / "locale" / "GLOSSARY.md"
    text = glossary.read_text()
    for term in ["commitment", "action package", "special coordinator", "regularization"]:
        assert term in text.lower()
