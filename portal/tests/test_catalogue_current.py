"""The Chinese catalogue holds every message the source marks for translation.

`manage.py makemessages` runs over a copy of the source and its catalogue (the real one is
never touched); any message it finds that locale/zh_Hans/LC_MESSAGES/django.po lacks is named.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path("locale") / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
SKIPPED_DIRECTORIES = {"locale", "staticfiles", "node_modules", "var", "media", "__pycache__"}


def copy_source(base: Path, target: Path) -> None:
    """The files makemessages reads (Python, templates, text) and the catalogue, nothing else."""
    for directory, subdirectories, files in os.walk(base):
        subdirectories[:] = [
            name for name in subdirectories if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
        ]
        relative = Path(directory).relative_to(base)
        for name in files:
            if Path(name).suffix in SOURCE_SUFFIXES:
                (target / relative).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(directory) / name, target / relative / name)
    (target / CATALOGUE).parent.mkdir(parents=True)
    shutil.copy2(base / CATALOGUE, target / CATALOGUE)


def message_keys(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every message of a catalogue; a plural message by its singular."""
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    keys = set()
    for message in catalogue:
        if message.id:
            singular = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            keys.add((message.context, singular))
    return keys


def extract_messages(source: Path) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DATABASE_URL", None)  # makemessages reads files only; SQLite keeps it off the server
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location"],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def missing_messages(source: Path) -> list[str]:
    """Messages of the source at `source` that the catalogue there does not hold, by msgid."""
    known = message_keys(source / CATALOGUE)
    extract_messages(source)
    found = message_keys(source / CATALOGUE)
    assert len(found) > 500, "makemessages found few messages: the copy of the source is incomplete"
    return sorted(f"{msgid} (context {context!r})" if context else msgid for context, msgid in found - known)


@pytest.fixture
def source(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("xgettext is missing: CI must install gettext (see .ci/run)")
        pytest.skip("xgettext (GNU gettext) is not installed")
    copy = tmp_path / "source"
    copy_source(Path(settings.BASE_DIR), copy)
    return copy


def test_every_message_of_the_source_is_in_the_chinese_catalogue(source):
    missing = missing_messages(source)
    assert missing == [], "not in the Chinese catalogue (run `make messages`, translate): " + " | ".join(
        missing
    )


def test_a_new_message_is_named_until_the_catalogue_has_it(source):
    template = source / "templates" / "base.html"
    template.write_text(
        template.read_text() + '{% load i18n %}{% translate "Crates waiting at the quay" %}\n'
    )
    forms = source / "portal" / "forms" / "sellers.py"
    forms.write_text(
        forms.read_text()
        + "\nfrom django.utils.translation import gettext_lazy  # noqa: E402\n"
        + 'REORDER = gettext_lazy("Reorder %(sku)s before Friday")\n'
    )

    missing = missing_messages(source)

    assert {"Crates waiting at the quay", "Reorder %(sku)s before Friday"} <= set(missing)
