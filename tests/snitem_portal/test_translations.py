from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [*sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po")), ROOT / "locale/en/LC_MESSAGES/django.po"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_english_catalogue_is_complete(path):
    with path.open("rb") as handle:
        catalogue = read_po(handle)

    missing = [
        message.id
        for message in catalogue
        if message.id
        and (message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))
    ]

    assert missing == []


def test_every_app_has_an_english_catalogue():
    apps = {"groups", "roadmap", "projects", "reminders"}

    assert {path.parts[-5] for path in CATALOGUES if path.parts[-5] in apps} == apps
