"""Reminder rules queue in bulk: the queries of a run do not grow with the people it mails, and
keys, preferences and the cap hold as they do for one message."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kandidaten.models import Phase
from loket.core.mail import bulk, delivery
from loket.core.mail.outbox import AMSTERDAM, mail_queue
from loket.core.mail.preferences import mail_preference_set
from loket.core.mail.reminders import reminder_rule_run
from loket.core.models import MailReason, OutgoingMail
from tests.factories import UserFactory
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status
Withheld = OutgoingMail.Withheld

# A Monday morning in March, away from the quiet hours.
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(delivery, "dispatch_many", lambda ids, countdown=None: 0)


def started(region, count, when):
    with time_machine.travel(when, tick=False):
        return [
            CandidateFactory(region=region, registration_step=2, phase=Phase.INTERESSE)
            for _ in range(count)
        ]


def run_counting(moment, name):
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
        queued = reminder_rule_run(name=name)
    return queued, len(queries)


def test_a_rule_mailing_thirty_people_costs_the_queries_of_one_mailing_three(region):
    started(region, 3, START)
    few, few_queries = run_counting(START + timedelta(days=2, minutes=5), "registration_unfinished")
    later = START + timedelta(days=1)
    started(region, 30, later)
    many, many_queries = run_counting(
        later + timedelta(days=2, minutes=5), "registration_unfinished"
    )
    assert (few, many) == (3, 30)
    assert many_queries == few_queries
    assert many_queries <= 2 * many
    assert OutgoingMail.objects.filter(status=Status.QUEUED).count() == 33


def test_a_second_run_of_a_bulk_rule_mails_nobody_again(region):
    started(region, 5, START)
    moment = START + timedelta(days=2, minutes=5)
    assert run_counting(moment, "registration_unfinished")[0] == 5
    assert run_counting(moment + timedelta(hours=1), "registration_unfinished")[0] == 0
    assert OutgoingMail.objects.count() == 5


@pytest.fixture
def batch_rule(rule_registry):
    """A rule that queues what the test lists, in bulk: (person, key suffix, template)."""
    listed = []

    @rule_registry.reminder_rule(
        "test_batch", reason=MailReason.REGISTRATION_UNFINISHED, label="Test batch", regional=False
    )
    def batch(run):
        for person, suffix, template in listed:
            run.queue_later(
                recipient=person,
                key=f"{person.pk}:{suffix}",
                template=template,
                context={"days": 2},
            )

    return listed


def statuses():
    return sorted(
        (mail.recipient.full_name, mail.key.rsplit(":", 1)[1], mail.status, mail.withheld_reason)
        for mail in OutgoingMail.objects.select_related("recipient")
    )


def test_in_bulk_the_unsubscribed_the_inactive_and_the_cap_withhold_as_for_one(batch_rule):
    ann = UserFactory(full_name="Ann")
    bob = UserFactory(full_name="Bob")
    cas = UserFactory(full_name="Cas", is_active=False)
    mail_preference_set(user=bob, reminders_opt_out=True)
    batch_rule += [(ann, "first", None), (ann, "second", None), (bob, "one", None)]
    batch_rule += [(cas, "one", None)]
    with time_machine.travel(START, tick=False):
        assert reminder_rule_run(name="test_batch") == 4
    assert statuses() == [
        ("Ann", "first", Status.QUEUED, ""),
        ("Ann", "second", Status.WITHHELD, Withheld.CAP),
        ("Bob", "one", Status.WITHHELD, Withheld.UNSUBSCRIBED),
        ("Cas", "one", Status.WITHHELD, Withheld.INACTIVE),
    ]


def test_a_message_that_cannot_be_rendered_leaves_the_others_queued(batch_rule, settings):
    settings.LOKET_MAIL_REMINDER_CAP_DAYS = 0
    ann, bob = UserFactory(full_name="Ann"), UserFactory(full_name="Bob")
    batch_rule += [(ann, "broken", "no_such_template"), (bob, "fine", None)]
    with time_machine.travel(START, tick=False):
        assert reminder_rule_run(name="test_batch") == 1
    assert statuses() == [("Bob", "fine", Status.QUEUED, "")]


def test_a_twin_queued_by_a_concurrent_run_meanwhile_is_not_queued_again(
    batch_rule, settings, monkeypatch
):
    """Another run records the same key between this run's look-up and its insert: the insert
    leaves it out quietly, so the person gets one message, and the rest are queued."""
    settings.LOKET_MAIL_REMINDER_CAP_DAYS = 0
    ann, bob = UserFactory(full_name="Ann"), UserFactory(full_name="Bob")
    batch_rule += [(ann, "one", None), (bob, "one", None)]
    decide = bulk._decide

    def with_a_twin(messages, *, now):
        mails = decide(messages, now=now)
        twin = mails[0]
        OutgoingMail.objects.create(
            recipient=twin.recipient,
            to_email=twin.to_email,
            reason=twin.reason,
            key=twin.key,
            language="nl",
            subject="twin",
            body_text="twin",
        )
        return mails

    monkeypatch.setattr(bulk, "_decide", with_a_twin)
    with time_machine.travel(START, tick=False):
        assert reminder_rule_run(name="test_batch") == 1
    assert OutgoingMail.objects.count() == 2
    assert sorted(OutgoingMail.objects.values_list("subject", flat=True))[-1] == "twin"


def test_a_message_queued_in_bulk_is_stored_as_one_queued_alone(batch_rule, settings):
    """Quotes, braces, commas, backslashes, line breaks and the word NULL in a name come back
    from the bulk insert as they went in, and every field as ``mail_queue`` stores it."""
    settings.LOKET_MAIL_REMINDER_CAP_DAYS = 0
    odd = UserFactory(full_name="An \"{NULL}\", \\ de 'Vries'\nJr", language="nl")
    batch_rule += [(odd, "bulk", None)]
    with time_machine.travel(START, tick=False):
        assert reminder_rule_run(name="test_batch") == 1
        mail_queue(
            recipient=odd,
            reason=MailReason.REGISTRATION_UNFINISHED,
            key="alone",
            template="registration_unfinished",
            context={"days": 2},
        )
    alone = OutgoingMail.objects.get(key="alone")
    in_bulk = OutgoingMail.objects.exclude(key="alone").get()
    assert 'An "{NULL}", \\ de' in in_bulk.body_text
    differ = {"id", "key", "created_at", "dispatched_at", "not_before"}
    for field in OutgoingMail._meta.concrete_fields:
        if field.name not in differ:
            assert getattr(in_bulk, field.attname) == getattr(alone, field.attname), field.name
