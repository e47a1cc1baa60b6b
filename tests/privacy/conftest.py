"""The desk's small region (school, HR officer, vacancy, guide, candidate, institute, adviser)
and a private media directory per test."""

import pytest

from loket.core.mail import delivery
from tests.desk.conftest import (  # noqa: F401 - fixtures
    adviser,
    candidate,
    english_messages,
    guide,
    hr,
    institute,
    reference_data,
    school,
    subject,
    vacancy,
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.LOKET_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.LOKET_PRIVATE_MEDIA_ROOT


@pytest.fixture
def no_broker(monkeypatch):
    """Mail is handed to nobody after commit; tests deliver it themselves."""
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
