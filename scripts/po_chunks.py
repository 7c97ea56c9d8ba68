"""Split the untranslated or fuzzy entries of each catalogue into JSON chunks, and merge
translated chunks back (a translation workflow for parallel translators).

    python scripts/po_chunks.py export DIR [--size N]   # DIR/<lang>_<k>.json
    python scripts/po_chunks.py import DIR               # reads DIR/<lang>_<k>.out.json
"""

import json
import sys
from pathlib import Path

import polib

LANGS = ["es", "pt", "fr", "ht", "qu"]


def _pending(po):
    return [e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def export(directory, size):
    directory.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        po = polib.pofile(f"locale/{lang}/LC_MESSAGES/django.po", wrapwidth=0)
        items = [
            {
                "context": e.msgctxt or "",
                "msgid": e.msgid,
                "msgid_plural": e.msgid_plural or "",
                "where": " ".join(f for f, _ in e.occurrences)[:200],
                "previous_translation": (e.msgstr or "") if "fuzzy" in e.flags else "",
            }
            for e in _pending(po)
        ]
        for k in range(0, len(items), size):
            path = directory / f"{lang}_{k // size:02d}.json"
            path.write_text(json.dumps(items[k : k + size], ensure_ascii=False, indent=1))
        print(lang, len(items))


def import_(directory):
    for lang in LANGS:
        path = f"locale/{lang}/LC_MESSAGES/django.po"
        po = polib.pofile(path, wrapwidth=0)
        index = {(e.msgctxt or "", e.msgid): e for e in po}
        done = 0
        for chunk in sorted(directory.glob(f"{lang}_*.out.json")):
            translated = json.loads(chunk.read_text())
            source = json.loads(Path(str(chunk).replace(".out.json", ".json")).read_text())
            if translated and not isinstance(translated[0], dict):
                # A plain list of translations, in the order of the source chunk.
                if len(translated) != len(source):
                    print(f"{chunk}: {len(translated)} translations for {len(source)} items")
                    continue
                translated = [
                    {**s, "translation": t} for s, t in zip(source, translated, strict=True)
                ]
            for item in translated:
                entry = index.get((item.get("context", ""), item["msgid"]))
                if entry is None:
                    continue
                if entry.msgid_plural:
                    forms = item["translation"]
                    if isinstance(forms, str):
                        forms = [forms, forms]
                    entry.msgstr_plural = dict(enumerate(forms))
                else:
                    entry.msgstr = item["translation"]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                entry.previous_msgctxt = None
                done += 1
        po.save(path)
        print(lang, done, "merged;", len(_pending(po)), "still pending")


if __name__ == "__main__":
    command, directory = sys.argv[1], Path(sys.argv[2])
    if command == "export":
        size = int(sys.argv[4]) if len(sys.argv) > 4 else 150
        export(directory, size)
    else:
        import_(directory)
