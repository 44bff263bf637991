"""The Simplified Chinese catalogue: every message translated, placeholders kept."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)(?:\.\d+)?[sdifr]|%s")


def messages():
    with CATALOGUE.open("rb") as handle:
        return [message for message in read_po(handle) if message.id]


def test_every_message_has_a_chinese_translation():
    untranslated = [message.id for message in messages() if (not message.string or not all(message.string))]
    fuzzy = [message.id for message in messages() if message.fuzzy]

    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_the_placeholders_of_the_original():
    broken = []
    for message in messages():
        original = " ".join(message.id) if message.pluralizable else message.id
        translations = message.string if message.pluralizable else (message.string,)
        for translation in translations:
            if set(PLACEHOLDER.findall(translation)) != set(PLACEHOLDER.findall(original)):
                broken.append(message.id)
    assert broken == []


def test_the_catalogue_compiles_without_errors():
    """What `pybabel compile` checks (and fails `make test` on): placeholders it can use."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)

    assert [(message.id, [str(error) for error in errors]) for message, errors in catalogue.check()] == []


def test_the_navigation_is_translated():
    translated = {message.id: message.string for message in messages()}

    assert translated["Dashboard"] == "仪表盘"
    assert translated["Inventory"] == "库存"
    assert translated["Sign in"] == "登录"
