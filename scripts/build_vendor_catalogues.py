"""Build locale_extra/<lang>/LC_MESSAGES/django.po for Django and allauth strings.

Django ships no catalogue for Haitian Creole (ht) or Quechua (qu), allauth none for
Quechua, and Django's `pt` is European Portuguese. This script collects the vendor
strings that our pages actually show (form errors, password validators, date names,
allauth's account and MFA pages) and writes one extra catalogue per language:

* the source msgids (with msgctxt and plural forms) come from the vendors' Spanish
  catalogues, kept only where the string is used in the parts of Django / allauth
  listed in DJANGO_PATHS / ALLAUTH_PATHS below;
* a translation already in the existing locale_extra file is always kept, so
  re-running the script never loses work;
* then `--merge FILE.json` translations (hand-made; see merge_json for the format);
* then a trustworthy upstream translation where one exists: Django's and allauth's
  pt_BR catalogues for `pt`, allauth's own `ht` catalogue for `ht`.

Anything still empty is left empty and reported; `--check` fails while any entry is
empty, fuzzy, or does not keep its msgid's placeholders.

Usage (from the project root, with the virtualenv's python):
    python scripts/build_vendor_catalogues.py [--merge qu=/path/qu.json ...] [--check]
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import allauth
import django
import polib

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "locale_extra"
DJANGO_DIR = Path(django.__file__).resolve().parent
ALLAUTH_DIR = Path(allauth.__file__).resolve().parent

LANGS = {
    "pt": "nplurals=2; plural=(n > 1);",
    "ht": "nplurals=2; plural=(n != 1);",
    "qu": "nplurals=2; plural=(n != 1);",
}

# Django source files (relative to the django package) whose strings we need.
# A trailing "/" means "everything below". conf/global_settings.py (about 100
# language names) is deliberately left out.
DJANGO_PATHS = (
    "forms/",
    "core/validators.py",
    "core/paginator.py",
    "contrib/auth/password_validation.py",
    "contrib/auth/forms.py",
    "contrib/auth/validators.py",
    "db/models/fields/__init__.py",
    "db/models/fields/related.py",
    "db/models/base.py",
    "utils/dates.py",
    "utils/dateformat.py",
    "utils/timesince.py",
    "utils/text.py",
    "utils/translation/",
    "template/defaultfilters.py",
    "views/csrf.py",
)
DJANGO_CATALOGUES = ("conf/locale", "contrib/auth/locale")

# allauth references (relative to the allauth package) that we keep; socialaccount,
# idp and headless are not used by the portal.
ALLAUTH_PATHS = (
    "account/",
    "mfa/",
    "core/",
    "usersessions/",
    "templates/account/",
    "templates/mfa/",
    "templates/allauth/",
    "templates/usersessions/",
)

# Upstream catalogues trusted for a mechanical copy, per target language.
UPSTREAM = {
    "pt": [
        DJANGO_DIR / "conf/locale/pt_BR/LC_MESSAGES/django.po",
        DJANGO_DIR / "contrib/auth/locale/pt_BR/LC_MESSAGES/django.po",
        ALLAUTH_DIR / "locale/pt_BR/LC_MESSAGES/django.po",
    ],
    "ht": [ALLAUTH_DIR / "locale/ht/LC_MESSAGES/django.po"],
    "qu": [],
}

# gettext functions as Django's makemessages knows them: name -> (context, singular,
# plural) argument positions.
GETTEXT_FUNCS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}

PLACEHOLDER_RE = re.compile(
    r"%\((?P<named>\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"  # %(name)s
    r"|%(?P<plain>[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])"  # %s, %d
    r"|(?P<brace>\{\w*\})"  # {name}
)
TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")


def key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def in_paths(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in prefixes)


def load_catalogue(po_path: Path) -> list[polib.POEntry]:
    """Entries of a catalogue: the .po if present, otherwise the compiled .mo."""
    if po_path.exists():
        return [e for e in polib.pofile(str(po_path)) if not e.obsolete]
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists():
        return [e for e in polib.mofile(str(mo_path)) if e.msgid]
    return []


# --- Django ----------------------------------------------------------------------


def _const_str(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def django_source_strings() -> dict[tuple[str, str], tuple[str, list[tuple[str, str]]]]:
    """(msgctxt, msgid) -> (msgid_plural, occurrences) found in DJANGO_PATHS.

    Django's shipped catalogues carry no `#:` references, so the places where each
    string is used are found by reading the source, as makemessages does.
    """
    found: dict[tuple[str, str], tuple[str, list[tuple[str, str]]]] = {}
    for py in sorted(DJANGO_DIR.rglob("*.py")):
        rel = py.relative_to(DJANGO_DIR).as_posix()
        if not in_paths(rel, DJANGO_PATHS):
            continue
        tree = ast.parse(py.read_text(encoding="utf-8"), filename=str(py))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else None
            )
            if name not in GETTEXT_FUNCS:
                continue
            ctx_i, sing_i, plural_i = GETTEXT_FUNCS[name]
            args = node.args
            needed = max(i for i in (ctx_i, sing_i, plural_i) if i is not None)
            if len(args) <= needed:
                continue
            msgid = _const_str(args[sing_i])
            ctx = _const_str(args[ctx_i]) if ctx_i is not None else ""
            plural = _const_str(args[plural_i]) if plural_i is not None else ""
            if not msgid or ctx is None or plural is None:
                continue
            k = (ctx, msgid)
            occ = ("django/" + rel, str(node.lineno))
            if k in found:
                found[k][1].append(occ)
            else:
                found[k] = (plural, [occ])
    return found


def collect_django() -> dict[tuple[str, str], polib.POEntry]:
    wanted = django_source_strings()
    result: dict[tuple[str, str], polib.POEntry] = {}
    for cat in DJANGO_CATALOGUES:
        for src in load_catalogue(DJANGO_DIR / cat / "es/LC_MESSAGES/django.po"):
            k = key(src)
            if src.occurrences:  # a distribution that kept the references
                occs = [
                    (f"django/{f}", ln) for f, ln in src.occurrences if in_paths(f, DJANGO_PATHS)
                ]
                if not occs:
                    continue
            elif k in wanted:
                occs = wanted[k][1]
            else:
                continue
            if k not in result:
                result[k] = polib.POEntry(
                    msgctxt=src.msgctxt or None,
                    msgid=src.msgid,
                    msgid_plural=src.msgid_plural or "",
                    occurrences=occs,
                    flags=[f for f in src.flags if f.endswith("-format")],
                )
    return result


# --- allauth ---------------------------------------------------------------------


def collect_allauth() -> dict[tuple[str, str], polib.POEntry]:
    result: dict[tuple[str, str], polib.POEntry] = {}
    for src in load_catalogue(ALLAUTH_DIR / "locale/es/LC_MESSAGES/django.po"):
        occs = [(f"allauth/{f}", ln) for f, ln in src.occurrences if in_paths(f, ALLAUTH_PATHS)]
        if not occs:
            continue
        result[key(src)] = polib.POEntry(
            msgctxt=src.msgctxt or None,
            msgid=src.msgid,
            msgid_plural=src.msgid_plural or "",
            occurrences=occs,
            flags=[f for f in src.flags if f.endswith("-format")],
        )
    return result


def collect_sources() -> dict[tuple[str, str], polib.POEntry]:
    merged = collect_django()
    for k, entry in collect_allauth().items():
        if k in merged:
            merged[k].occurrences.extend(entry.occurrences)
            for flag in entry.flags:
                if flag not in merged[k].flags:
                    merged[k].flags.append(flag)
        else:
            merged[k] = entry
    return merged


# --- translations ----------------------------------------------------------------


def is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def translation_of(entry: polib.POEntry) -> str | list[str] | None:
    if "fuzzy" in entry.flags or not is_translated(entry):
        return None
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return entry.msgstr


def existing_translations(path: Path) -> dict[tuple[str, str], str | list[str]]:
    if not path.exists():
        return {}
    out = {}
    for e in polib.pofile(str(path)):
        t = None if e.obsolete else translation_of(e)
        if t is not None:
            out[key(e)] = t
    return out


def upstream_translations(lang: str) -> dict[tuple[str, str], str | list[str]]:
    out: dict[tuple[str, str], str | list[str]] = {}
    for path in UPSTREAM[lang]:
        for e in load_catalogue(path):
            t = translation_of(e)
            if t is not None:
                out.setdefault(key(e), t)
    return out


def merge_json(path: Path) -> dict[tuple[str, str], str | list[str]]:
    """Hand translations: a JSON list of {"msgctxt"?, "msgid", "msgstr"} objects, where
    msgstr is a string, or a list of strings (one per plural form) for plural entries.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(item.get("msgctxt") or "", item["msgid"]): item["msgstr"] for item in data}


def apply(entry: polib.POEntry, t: str | list[str], nplurals: int) -> bool:
    """Set the translation; False if it does not fit the entry's shape."""
    if entry.msgid_plural:
        if isinstance(t, str):
            return False
        forms = list(t)[:nplurals]
        forms += [forms[-1]] * (nplurals - len(forms))  # e.g. 3 forms upstream -> 2
        if not all(forms):
            return False
        entry.msgstr_plural = dict(enumerate(forms))
        return True
    if not isinstance(t, str) or not t:
        return False
    entry.msgstr = t
    return True


# --- checks ----------------------------------------------------------------------


def placeholders(text: str) -> list[str]:
    out = []
    for m in PLACEHOLDER_RE.finditer(text.replace("%%", "")):
        if m.group("named"):
            out.append(f"%({m.group('named')})")
        elif m.group("plain"):
            out.append("%" + m.group("plain")[-1])
        else:
            out.append(m.group("brace"))
    return out


def check_entry(entry: polib.POEntry) -> list[str]:
    problems = []
    if "fuzzy" in entry.flags:
        problems.append("fuzzy")
    if not is_translated(entry):
        return problems + ["untranslated"]
    pairs = (
        [(entry.msgid if i == 0 else entry.msgid_plural, s) for i, s in entry.msgstr_plural.items()]
        if entry.msgid_plural
        else [(entry.msgid, entry.msgstr)]
    )
    positional = ("%s", "%d", "{}")
    for src, dst in pairs:
        want, got = placeholders(src), placeholders(dst)
        ok = set(want) == set(got)
        if not ok and entry.msgid_plural:
            # Plural forms may use either msgid's named placeholders ("one item" /
            # "%(count)d items"), as long as nothing unknown or positional appears.
            either = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            ok = set(got) <= either and not any(p in positional for p in want + got)
        # Positional placeholders must also keep their order.
        if not ok or [p for p in want if p in positional] != [p for p in got if p in positional]:
            problems.append(f"placeholders {sorted(set(want))} != {sorted(set(got))}: {dst!r}")
        src_tags = sorted(t.lower() for t in TAG_RE.findall(src))
        if src_tags != sorted(t.lower() for t in TAG_RE.findall(dst)):
            problems.append(f"HTML tags differ: {dst!r}")
    return problems


# --- main ------------------------------------------------------------------------


def build(lang: str, sources, merges, check: bool) -> int:
    path = OUT_DIR / lang / "LC_MESSAGES" / "django.po"
    nplurals = int(re.search(r"nplurals=(\d+)", LANGS[lang]).group(1))
    existing = existing_translations(path)
    upstream = upstream_translations(lang)
    hand = {}
    for json_path in merges.get(lang, []):
        hand.update(merge_json(json_path))

    po = polib.POFile(wrapwidth=0)
    po.header = (
        "Django and django-allauth strings for the Declaration Portal.\n"
        "Generated by scripts/build_vendor_catalogues.py: translations already here are\n"
        "kept on re-runs. See locale/GLOSSARY.md for terms."
    )
    po.metadata = {
        "Project-Id-Version": "declaration-portal vendor strings",
        "Report-Msgid-Bugs-To": "",
        "Language": lang,
        "Language-Team": lang,
        "Last-Translator": "Declaration Portal team",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": LANGS[lang],
    }
    po.metadata_is_fuzzy = False
    stats = dict.fromkeys(("kept", "merged", "upstream", "empty"), 0)
    problems = []
    for k in sorted(sources, key=lambda k: (k[1].lower(), k[1], k[0])):
        src = sources[k]
        entry = polib.POEntry(
            msgctxt=src.msgctxt,
            msgid=src.msgid,
            msgid_plural=src.msgid_plural,
            occurrences=sorted(set(src.occurrences)),
            flags=list(src.flags),
        )
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(range(nplurals), "")
        for label, table in (("kept", existing), ("merged", hand), ("upstream", upstream)):
            if k in table and apply(entry, table[k], nplurals):
                stats[label] += 1
                break
        else:
            stats["empty"] += 1
        for p in check_entry(entry) if check else []:
            problems.append(f"{lang}: {entry.msgid[:60]!r}: {p}")
        po.append(entry)

    # PO-Revision-Date moves only when the catalogue's content changes.
    old_text = path.read_text(encoding="utf-8") if path.exists() else None
    old_date = polib.pofile(old_text).metadata.get("PO-Revision-Date") if old_text else None
    po.metadata["PO-Revision-Date"] = old_date or ""
    if old_date is None or str(po) != old_text:
        po.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    print(f"{lang}: {len(po)} entries ({', '.join(f'{k} {v}' for k, v in stats.items())})")
    for p in problems:
        print("  " + p, file=sys.stderr)
    return len(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--merge",
        action="append",
        default=[],
        metavar="LANG=FILE.json",
        help="hand translations to fill empty entries with (see merge_json)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail on untranslated or fuzzy entries and on changed placeholders or tags",
    )
    parser.add_argument("langs", nargs="*", help=f"languages to build (default: {list(LANGS)})")
    args = parser.parse_args()
    for lang in args.langs:
        if lang not in LANGS:
            parser.error(f"unknown language {lang!r}; choose from {list(LANGS)}")
    merges: dict[str, list[Path]] = {}
    for item in args.merge:
        lang, _, file = item.partition("=")
        if lang not in LANGS or not file:
            parser.error(f"--merge wants LANG=FILE.json with LANG in {list(LANGS)}")
        merges.setdefault(lang, []).append(Path(file))
    sources = collect_sources()
    failures = sum(build(lang, sources, merges, args.check) for lang in args.langs or LANGS)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
