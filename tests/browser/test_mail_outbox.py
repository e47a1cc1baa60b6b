"""The development outbox in a real browser: a desk worker reads what went out and why."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from loket.core.mail import delivery
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, OutgoingMail, Role
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import RegionFactory, UserFactory, give_role


@pytest.fixture
def outbox(transactional_db, settings, monkeypatch):
    settings.DEBUG = True  # a development page
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)
    region = RegionFactory(name="Domstad", desk_email="loket@domstad.example")
    staff = UserFactory(email="loket@demo.example")
    give_role(staff, Role.DESK_STAFF, region=region)
    person = UserFactory(full_name="Sanne de Vries", email="sanne@example.org")
    sent = mail_queue(recipient=person, reason=MailReason.TEST, key="test:1", region=region)
    OutgoingMail.objects.filter(pk=sent.pk).update(status="sent", attempts=1)
    mail_queue(recipient=person, reason=MailReason.TEST, key="test:2", region=region)
    return staff, sent


def _sign_in(page, live_server, user):
    """The sign-in form has its own tests; here the browser gets a signed-in session."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_desk_staff_read_the_outbox_and_one_message(page, live_server, outbox):
    staff, sent = outbox
    _sign_in(page, live_server, staff)
    page.goto(live_server.url + reverse("mail:outbox"))
    assert page.get_by_role("heading", level=1).inner_text() == "Uitgaande e-mail"
    assert "De persoon kreeg kortgeleden al een herinnering" in page.content()
    screenshot(page, "mail-outbox-list")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Een testbericht van het regioloket").last.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Een testbericht van het regioloket"
    link = page.frame_locator("iframe").get_by_text("Afmelden voor herinneringen")
    link.wait_for()
    assert link.is_visible()
    screenshot(page, "mail-outbox-detail")
    assert serious_accessibility_violations(page) == []
