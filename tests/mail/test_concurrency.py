"""Eight senders racing for the same message: the conditional UPDATE lets exactly one through."""

import threading

import pytest
from django.core import mail as django_mail
from django.db import connection

from loket.core.mail import delivery
from loket.core.mail.delivery import mail_deliver
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, OutgoingMail
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_racing_senders_deliver_one_message(monkeypatch, settings):
    settings.LOKET_MAIL_QUIET_START_HOUR = settings.LOKET_MAIL_QUIET_END_HOUR = 0
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)
    person = UserFactory()
    mail = mail_queue(recipient=person, reason=MailReason.TEST, key="test:race")
    start = threading.Barrier(8)
    outcomes = []

    def sender():
        try:
            start.wait()
            outcomes.append(mail_deliver(mail_id=mail.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [None] * 7 + ["sent"]
    assert len(django_mail.outbox) == 1
    assert OutgoingMail.objects.get(pk=mail.pk).attempts == 1
