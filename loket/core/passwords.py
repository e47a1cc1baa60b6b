"""A common-password check that knows the passwords Dutch people pick.

Django's list is English. Dutch favourites (``wachtwoord1``, ``welkom2026``, ``Welkom123!``,
``zomer2026!``) are a word from a short Dutch list with digits or a sign around it, so the check
takes those off and compares the word that remains, as well as the whole password, against both
lists.
"""

import re
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DUTCH_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-nl.txt"
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)


@cache
def dutch_passwords() -> frozenset[str]:
    lines = DUTCH_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and line[0] != "#")


def _variants(password: str) -> set[str]:
    lowered = password.strip().lower()
    core = _AROUND.sub("", lowered)
    return {lowered, core, core.translate(_LEET), lowered.translate(_LEET)} - {""}


class DutchCommonPasswordValidator(CommonPasswordValidator):
    """Refuses passwords on Django's common list or the Dutch one, also with digits or signs
    before or after the word."""

    def validate(self, password, user=None):
        variants = _variants(password)
        if variants & (self.passwords | dutch_passwords()):
            raise ValidationError(
                _(
                    "This password is too common: a well-known word with a number or sign "
                    "around it is guessed quickly. Choose a few unrelated words instead."
                ),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Your password can’t be a commonly used password, in English or in Dutch.")
