"""Dutch first, English complete: every user-facing string has an English translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".venv", ".tools", ".git", "var", "staticfiles", "tests", "*.sqlite3")


def test_every_string_in_the_code_has_an_english_translation(tmp_path):
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # Re-extract from the code as it is now, merging into the committed catalogue.
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v0"],
        cwd=copy,
        env=env,
        check=True,
        timeout=120,
    )
    po = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_no_string_hides_behind_a_name_the_extraction_does_not_know():
    """`makemessages` finds gettext, gettext_lazy, ngettext, pgettext… and `_`; a string marked
    with any other alias (`gettext_lazy as _l`) is never extracted and stays Dutch in English."""
    import ast

    known = {"_"}
    aliases = []
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", ".tools", "migrations", "node_modules"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                aliases += [
                    f"{path.relative_to(ROOT)}: {a.name} as {a.asname}"
                    for a in node.names
                    if a.asname and a.asname not in known
                ]
    assert aliases == []
