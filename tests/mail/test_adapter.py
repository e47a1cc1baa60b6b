"""allauth's account mail goes through the outbox: recorded, essential, sent in the request."""

import smtplib

import pytest
from django.core import mail as django_mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from loket.core.mail import delivery
from loket.core.mail.preferences import mail_preference_set
from loket.core.models import MailReason, OutgoingMail


@pytest.fixture
def dispatched(monkeypatch):
    ids = []
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: ids.append(pk))
    return ids


def test_a_sign_in_code_is_recorded_and_delivered_at_once(client, person, dispatched):
    mail_preference_set(user=person, reminders_opt_out=True)
    response = client.post(reverse("account_request_login_code"), {"email": person.email})
    assert response.status_code == 302
    assert len(django_mail.outbox) == 1
    record = OutgoingMail.objects.get()
    assert (record.reason, record.essential, record.status) == (MailReason.ACCOUNT, True, "sent")
    assert record.recipient == person and record.key.startswith("account:login_code:")
    assert django_mail.outbox[0].subject == record.subject
    assert "List-Unsubscribe" not in django_mail.outbox[0].message()
    assert dispatched == []


def test_a_password_reset_for_an_unknown_address_is_recorded_without_a_user(client, db):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    record = OutgoingMail.objects.get()
    assert record.recipient is None and record.to_email == "nobody@example.org"
    assert len(django_mail.outbox) == 1


class DownBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, b"4.3.2 Service not available")


def test_when_the_mail_server_is_down_the_worker_retries_and_the_person_is_not_bothered(
    client, person, dispatched, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    response = client.post(reverse("account_request_login_code"), {"email": person.email})
    assert response.status_code == 302
    record = OutgoingMail.objects.get()
    assert record.status == "queued" and record.attempts == 1
    assert record.last_error.startswith("SMTP 421")
    assert dispatched == [record.pk]


def test_account_mail_is_the_portals_own_in_dutch_and_english(
    client, person, english_person, dispatched, settings
):
    settings.LOKET_SITE_URL = "https://werkenindeklas.example"
    client.post(reverse("account_request_login_code"), {"email": person.email})
    message = django_mail.outbox[-1]
    assert message.subject == "Je inlogcode"
    assert "[" not in message.subject and "testserver" not in message.body
    assert "Regioloket Onderwijs\nhttps://werkenindeklas.example" in message.body
    html = {mimetype: body for body, mimetype in message.alternatives}["text/html"]
    assert "Je code om in te loggen:" in html and 'lang="nl"' in html

    cache.clear()  # allauth limits how often one client asks for a code
    other = Client()
    other.cookies.load({"django_language": "en"})
    other.post(reverse("account_request_login_code"), {"email": english_person.email})
    assert django_mail.outbox[-1].subject == "Your sign-in code"
    assert "Your code to sign in:" in django_mail.outbox[-1].body
