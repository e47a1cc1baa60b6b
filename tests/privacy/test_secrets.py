"""No stored secrets: sign-in and verification codes, password-reset and invitation links are
stored redacted in the outbox (admin and outbox pages show the placeholder), while the message
that is sent carries them, also on a retry after the mail server was away."""

import re
import smtplib

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from loket.core.mail import delivery
from loket.core.models import OutgoingMail
from tests.factories import BoardFactory, SchoolFactory, UserFactory, deliver_outbox
from tests.vacatures.factories import desk_staff_of

pytestmark = pytest.mark.django_db

ALL_TEXT = ("subject", "body_text", "body_html", "sealed", "last_error")


def stored_text(mail: OutgoingMail) -> str:
    mail.refresh_from_db()
    return " ".join(getattr(mail, field) for field in ALL_TEXT)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def admin_page(client, superuser, mail) -> str:
    client.force_login(superuser)
    page = client.get(reverse("admin:loket_outgoingmail_change", args=[mail.pk]))
    assert page.status_code == 200
    return page.content.decode()


def test_a_sign_in_code_is_sent_but_stored_redacted(client, no_broker, superuser):
    person = UserFactory()
    client.post(reverse("account_request_login_code"), {"email": person.email})
    (sent,) = django_mail.outbox
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", sent.body, re.MULTILINE).group(1)
    record = OutgoingMail.objects.get()
    assert record.status == "sent"
    assert code not in stored_text(record)
    assert "[hidden #1]" in record.body_text
    assert record.sealed == ""  # sent: the encrypted copy is gone too
    assert code not in admin_page(client, superuser, record)


def test_a_password_reset_link_is_sent_but_stored_redacted(client, no_broker, superuser):
    person = UserFactory()
    client.post(reverse("account_reset_password"), {"email": person.email})
    (sent,) = django_mail.outbox
    link = re.search(r"(/accounts/password/reset/key/\S+)", sent.body).group(1)
    record = OutgoingMail.objects.get()
    assert link not in stored_text(record)
    assert link not in admin_page(client, superuser, record)
    client.logout()
    assert client.get(link, follow=True).status_code == 200


def test_an_email_verification_code_is_stored_redacted(client, no_broker):
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@voorbeeld.example",
            "password1": "een-lang-wachtwoord-77",
            "password2": "een-lang-wachtwoord-77",
        },
    )
    (sent,) = django_mail.outbox
    record = OutgoingMail.objects.get()
    secret_lines = [line.strip() for line in sent.body.splitlines() if line.strip()]
    assert any(line not in record.body_text for line in secret_lines)
    assert "[hidden #" in record.body_text


def test_an_invitation_link_waits_sealed_and_is_sent_in_full(client, region, no_broker):
    school = SchoolFactory(board=BoardFactory(region=region))
    client.force_login(desk_staff_of(region))
    client.post(
        reverse("vacatures:hr_invite"),
        {"email": "nieuw.hr@school.example", "full_name": "Nina Nieuw", "school": school.pk},
    )
    queued = OutgoingMail.objects.get(to_email="nieuw.hr@school.example")
    assert queued.status == "queued"
    assert "/vacatures/uitnodiging/" not in stored_text(queued)
    assert queued.sealed  # encrypted, for the worker
    deliver_outbox()
    (sent,) = django_mail.outbox
    link = re.search(r"/vacatures/uitnodiging/\S+/", sent.body).group(0)
    queued.refresh_from_db()
    assert queued.sealed == "" and "/vacatures/uitnodiging/" not in stored_text(queued)
    assert client.get(link).status_code == 200  # the link that was sent works


class DownOnce:
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == 1:
            raise smtplib.SMTPConnectError(421, b"4.3.2 try later")
        django_mail.outbox.extend(messages)
        return len(messages)


def test_a_retry_after_the_mail_server_was_away_still_sends_the_code(client, no_broker, settings):
    settings.EMAIL_BACKEND = f"{__name__}.DownOnce"
    DownOnce.calls = 0
    person = UserFactory()
    client.post(reverse("account_request_login_code"), {"email": person.email})
    record = OutgoingMail.objects.get()
    assert record.status == "queued" and record.sealed
    OutgoingMail.objects.filter(pk=record.pk).update(not_before=None)
    delivery.mail_deliver(mail_id=record.pk)
    (sent,) = django_mail.outbox
    assert "[hidden #" not in sent.body
    record.refresh_from_db()
    assert record.status == "sent" and record.sealed == ""
