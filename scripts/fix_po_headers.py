"""Give every catalogue of ours a complete header (makemessages leaves placeholders)."""

from pathlib import Path

import polib

PLURALS = {
    "en": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ht": "nplurals=2; plural=(n != 1);",
    "qu": "nplurals=2; plural=(n != 1);",
}

for lang, plural in PLURALS.items():
    path = Path("locale") / lang / "LC_MESSAGES" / "django.po"
    if not path.exists():
        continue
    po = polib.pofile(str(path), wrapwidth=0)
    po.header = "Declaration Portal interface strings. See locale/GLOSSARY.md for terms."
    po.metadata.update(
        {
            "Project-Id-Version": "declaration-portal",
            "Language": lang,
            "Language-Team": lang,
            "Last-Translator": "Declaration Portal team",
            "PO-Revision-Date": po.metadata.get("POT-Creation-Date", ""),
            "Plural-Forms": plural,
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    po.metadata_is_fuzzy = False
    if lang == "en":
        # English is the source language: its translation is the msgid itself.
        for entry in po:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
    po.save(str(path))
