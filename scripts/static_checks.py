#!/usr/bin/env python3
"""Checks that need no Odoo: manifest, data files, XML, Odoo 19 idioms, engine purity.

Prints one line per problem and exits 1 when there is any.
"""

import ast
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".git", ".local", "node_modules", "__pycache__", ".ruff_cache"}
REQUIRED_MANIFEST_KEYS = {
    "name",
    "version",
    "license",
    "author",
    "website",
    "depends",
    "data",
    "installable",
}
OLD_XML = [
    (re.compile(r"<tree[\s>]"), "<tree> is <list> in Odoo 19"),
    (
        re.compile(r"\sattrs="),
        "attrs= is gone in Odoo 19: use invisible=/readonly= expressions",
    ),
    (
        re.compile(r"\sstates="),
        "states= is gone in Odoo 19: use invisible= expressions",
    ),
    (re.compile(r"t-esc="), "t-esc is deprecated: use t-out"),
    (re.compile(r"groups_id"), "groups_id is group_ids in Odoo 19"),
    (
        re.compile(r"eval=\"\[\(\s*[0-6]\s*,"),
        "x2many commands are Command.create/link/set/... in evals",
    ),
]
OLD_PY = [
    (
        re.compile(r"_sql_constraints"),
        "_sql_constraints is ignored in Odoo 19: use models.Constraint",
    ),
    (re.compile(r"\.read_group\("), "read_group is deprecated: use _read_group"),
    (re.compile(r"def name_get\("), "name_get is gone: compute display_name"),
    (re.compile(r"@api\.multi"), "@api.multi is gone"),
    (
        re.compile(r"\bcr\.commit\(\)"),
        "commit through ir.cron._commit_progress, not cr.commit()",
    ),
    (re.compile(r"groups_id"), "groups_id is group_ids in Odoo 19"),
    (
        re.compile(r"\(\s*[0-6]\s*,\s*0\s*,\s*[\[{]"),
        "x2many commands are Command.create/set/..., not tuples",
    ),
    (
        re.compile(r"Decimal\(str\("),
        "ORM and SQL numbers become Decimal through engine.money.to_decimal",
    ),
]
# Scripts and benchmarks drive Odoo from outside a request: they may commit.
COMMIT_ALLOWED = ("scripts/", "benchmarks/", "tools/receivables_generator.py")


def files(pattern):
    for path in sorted(ROOT.rglob(pattern)):
        rel = path.relative_to(ROOT)
        if not SKIP_DIRS.intersection(rel.parts):
            yield path, rel.as_posix()


def check_manifest(problems):
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text())
    missing = REQUIRED_MANIFEST_KEYS - manifest.keys()
    if missing:
        problems.append(f"__manifest__.py: missing keys {sorted(missing)}")
    if not re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest.get("version", "")):
        problems.append("__manifest__.py: version must read 19.0.x.y.z")
    listed = set()
    for key in ("data", "demo"):
        for name in manifest.get(key, []):
            listed.add(name)
            if not (ROOT / name).is_file():
                problems.append(f"__manifest__.py: {key} file {name} does not exist")
    for folder in ("views", "security", "data", "reports", "wizards"):
        for _path, rel in files(f"{folder}/*.xml"):
            if rel not in listed:
                problems.append(f"{rel}: not loaded by __manifest__.py")
    return manifest


def check_xml(problems):
    for path, rel in files("*.xml"):
        text = path.read_text()
        try:
            ElementTree.fromstring(text.encode())
        except ElementTree.ParseError as error:
            problems.append(f"{rel}: not well-formed XML ({error})")
        for pattern, message in OLD_XML:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{rel}:{line}: {message}")


def check_python(problems):
    for path, rel in files("*.py"):
        if rel == "scripts/static_checks.py":
            continue
        text = path.read_text()
        tree = ast.parse(text, filename=rel)
        for pattern, message in OLD_PY:
            if "commit" in message and rel.startswith(COMMIT_ALLOWED):
                continue
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{rel}:{line}: {message}")
        if rel.startswith("engine/"):
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(name == "odoo" or name.startswith("odoo.") for name in names):
                    problems.append(
                        f"{rel}:{node.lineno}: the engine must not import Odoo"
                    )


def check_access_csv(problems):
    csv = ROOT / "security" / "ir.model.access.csv"
    lines = csv.read_text().splitlines()
    ids = [line.split(",")[0] for line in lines[1:] if line.strip()]
    duplicates = {i for i in ids if ids.count(i) > 1}
    for dup in sorted(duplicates):
        problems.append(f"security/ir.model.access.csv: id {dup} appears twice")


def read_po(path):
    """Return {msgid: msgstr} of a .po/.pot file (enough of gettext's format)."""
    entries, msgid, msgstr, field = {}, None, None, None
    for raw in path.read_text().splitlines() + [""]:
        line = raw.strip()
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr
            msgid, msgstr, field = ast.literal_eval(line[6:]), "", "id"
        elif line.startswith("msgstr "):
            msgstr, field = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"') and field == "id":
            msgid += ast.literal_eval(line)
        elif line.startswith('"') and field == "str":
            msgstr += ast.literal_eval(line)
    if msgid is not None:
        entries[msgid] = msgstr
    entries.pop("", None)
    return entries


def check_translations(problems):
    pot = ROOT / "i18n" / "account_receivable_management.pot"
    french = ROOT / "i18n" / "fr.po"
    if not pot.is_file() or not french.is_file():
        problems.append("i18n: the .pot template and fr.po must ship with the addon")
        return
    template, translated = read_po(pot), read_po(french)
    missing = [msgid for msgid in template if not translated.get(msgid)]
    for msgid in missing[:20]:
        problems.append(f"i18n/fr.po: no French for {msgid[:70]!r}")
    if len(missing) > 20:
        problems.append(f"i18n/fr.po: {len(missing) - 20} more untranslated strings")


def main():
    problems = []
    check_manifest(problems)
    check_xml(problems)
    check_python(problems)
    check_access_csv(problems)
    check_translations(problems)
    for problem in problems:
        print(problem)
    print(f"static checks: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
