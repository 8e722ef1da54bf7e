import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_interface_string_is_translated(language):
    catalogue = LOCALE / language / "LC_MESSAGES" / "django.po"

    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    assert untranslated.count("msgid ") <= 1, untranslated  # the header only
    assert fuzzy == "", fuzzy
