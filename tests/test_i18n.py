"""Dutch is the default language: every string the portal shows must have a Dutch translation,
and the compiled catalogue that ships must match the source.

Each app keeps its own catalogue (``<app>/locale``) next to the root one (``locale/``, for the
desk and the shared templates), so parallel work on apps does not collide in one file.
"""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and ".data" not in path.parts
)


def test_there_is_a_dutch_catalogue():
    assert ROOT / "locale/nl/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_has_a_dutch_translation(po_path):
    catalogue = polib.pofile(str(po_path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_dutch_catalogue_matches_the_source(po_path):
    source = polib.pofile(str(po_path))
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    expected = {e.msgid: e.msgstr for e in source.translated_entries() if not e.msgid_plural}
    shipped = {e.msgid: e.msgstr for e in compiled if not e.msgid_plural and e.msgid}
    assert shipped == expected, "run: uv run python manage.py compilemessages --ignore=.venv"


def test_catalogues_do_not_translate_the_same_text_differently():
    """Django merges all catalogues and the root one wins: the same English text translated two
    ways would silently change another app's labels (use a context, pgettext, instead)."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    clashes = []
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            if entry.msgid_plural:
                continue
            key = (entry.msgctxt or "", entry.msgid)
            where = str(po_path.relative_to(ROOT)).split("/locale")[0] or "root"
            if key in seen and seen[key][1] != entry.msgstr:
                clashes.append(
                    f"{key[1]!r}: {seen[key][0]} {seen[key][1]!r} vs {where} {entry.msgstr!r}"
                )
            seen.setdefault(key, (where, entry.msgstr))
    assert clashes == []


def test_the_sign_in_label_and_the_contact_kind_keep_their_own_dutch_words():
    """The root catalogue wins over every app's: a plain "Email" there would turn Django's and
    allauth's "E-mailadres" into the desk's contact kind "E-mail" (it has a context instead)."""
    from allauth.account.forms import LoginForm
    from django.utils import translation

    from loket.desk.models import ContactKind

    with translation.override("nl"):
        assert str(LoginForm().fields["login"].label) == "E-mailadres"
        assert str(ContactKind.EMAIL.label) == "E-mail"
