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


@pytest.fixture
def failed_mail(transactional_db, settings, monkeypatch):
    settings.DEBUG = False  # the outbox list and its buttons are there in production too
    handed = []
    monkeypatch.setattr(delivery, "dispatch_many", lambda pks, countdown=None: handed.extend(pks))
    region = RegionFactory(name="Gooiland")
    coordinator = UserFactory(email="coordinator@demo.example", language="en")
    give_role(coordinator, Role.COORDINATOR, region=region)
    person = UserFactory(email="sanne@example.org")
    mails = [
        mail_queue(
            recipient=person,
            reason=MailReason.TEST,
            key=f"test:failed:{n}",
            region=region,
            essential=True,
        )
        for n in range(2)
    ]
    OutgoingMail.objects.filter(pk__in=[m.pk for m in mails]).update(
        status="failed", attempts=30, last_error="SMTP 421: 4.3.2 Service not available"
    )
    return coordinator, mails, handed


def test_a_coordinator_queues_failed_mail_again_without_javascript(
    js_off_page, live_server, failed_mail
):
    coordinator, mails, handed = failed_mail
    page = js_off_page
    _sign_in(page, live_server, coordinator)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("mail:outbox") + "?status=failed")
    assert "SMTP 421: 4.3.2 Service not available" in page.content()
    screenshot(page, "mail-outbox-failed")  # (axe needs JavaScript: checked on the list above)
    with page.expect_navigation():
        page.get_by_role("button", name="Queue again", exact=True).first.click()
    assert "1 message is queued again." in page.content()
    assert OutgoingMail.objects.filter(status="queued").count() == 1
    with page.expect_navigation():
        page.get_by_role("button", name="Queue all failed mail of my regions again").click()
    assert OutgoingMail.objects.filter(status="queued").count() == 2
    screenshot(page, "mail-outbox-requeued")
    assert sorted(set(handed)) == sorted(m.pk for m in mails)  # each handed to the worker
