"""Codes and links that open an account (a sign-in or verification code, a password-reset or
invitation link) must never be readable in the outbox: not in the admin, not on the desk's mail
pages, not in a database dump.

The stored text holds a placeholder (``[hidden #1]``) where a secret was; the secrets travel
with the row encrypted (``OutgoingMail.sealed``, Fernet with a key derived from SECRET_KEY), so
the worker can still send the real message and retry it when the mail server is away. Once the
message reaches a final status the sealed value is emptied (``delivery._finish``), so what stays
afterwards is only the redacted text.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.html import escape

PLACEHOLDER = "[hidden #{number}]"


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"loket.mail.sealed:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _variants(secret: str) -> list[str]:
    """The secret as plain text and as HTML writes it (``&`` in a link becomes ``&amp;``)."""
    return list(dict.fromkeys([secret, str(escape(secret))]))


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with every secret replaced by its numbered placeholder (longest first, so a
    link that contains a code is replaced as a whole)."""
    numbered = sorted(enumerate(secrets, start=1), key=lambda item: -len(item[1]))
    for number, secret in numbered:
        for variant in _variants(secret):
            text = text.replace(variant, PLACEHOLDER.format(number=number))
    return text


def restore(text: str, secrets: list[str], *, html: bool = False) -> str:
    for number, secret in enumerate(secrets, start=1):
        value = str(escape(secret)) if html else secret
        text = text.replace(PLACEHOLDER.format(number=number), value)
    return text


def seal(secrets: list[str]) -> str:
    return _fernet().encrypt(json.dumps(secrets).encode()).decode() if secrets else ""


def unseal(sealed: str) -> list[str]:
    """The secrets of a row, or [] when there are none or they cannot be read (another
    SECRET_KEY): the message then goes out with its placeholders, never with a wrong value."""
    if not sealed:
        return []
    try:
        return json.loads(_fernet().decrypt(sealed.encode()))
    except (InvalidToken, ValueError):
        return []


def usable_secrets(values) -> list[str]:
    """The non-empty values, as text, without duplicates (short codes only when they are not
    ordinary words: at least 4 characters)."""
    found = []
    for value in values:
        text = str(value or "").strip()
        if len(text) >= 4 and text not in found:
            found.append(text)
    return found
