"""Queueing and sending outgoing mail, without a worker: the rules each service keeps."""

import smtplib
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail as django_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.core.mail import delivery
from loket.core.mail.delivery import mail_claim, mail_deliver, outbox_prune_bodies, outbox_sweep
from loket.core.mail.outbox import AMSTERDAM, _insert_unless_exists, after_quiet_hours, mail_queue
from loket.core.mail.preferences import mail_preference_set, outbox_forget_person
from loket.core.models import MailReason, OutgoingMail, ReminderSetting
from tests.factories import RegionFactory, UserFactory

Status = OutgoingMail.Status
DAYTIME = datetime(2026, 3, 10, 10, 0, tzinfo=AMSTERDAM)


def queue(recipient, key="test:1", **kwargs):
    kwargs.setdefault("reason", MailReason.TEST)
    return mail_queue(recipient=recipient, key=key, **kwargs)


@pytest.fixture
def daytime():
    with time_machine.travel(DAYTIME, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dispatched(monkeypatch):
    """The ids handed to the worker (no broker needed)."""
    ids = []
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: ids.append(pk))
    monkeypatch.setattr(delivery, "dispatch_many", lambda pks, countdown=None: ids.extend(pks))
    return ids


def test_a_message_is_rendered_in_the_recipients_language(
    person, english_person, daytime, dispatched
):
    dutch = queue(person, key="test:nl")
    english = queue(english_person, key="test:en")
    assert dutch.language == "nl" and english.language == "en"
    assert dutch.subject == "Een testbericht van het regioloket"
    assert english.subject == "A test message from the regional desk"
    assert "Beste Sanne de Vries," in dutch.body_text
    assert "Dear Sam Smith," in english.body_text
    assert '<html lang="nl">' in dutch.body_html
    assert "Afmelden voor herinneringen" in dutch.body_html


def test_the_row_is_handed_to_the_worker_only_after_commit(
    person, daytime, dispatched, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = queue(person)
        assert dispatched == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert dispatched == [created.pk]


def test_the_same_key_never_makes_a_second_message(person, daytime, dispatched):
    first = queue(person, key="test:same")
    assert queue(person, key="test:same") is None
    assert OutgoingMail.objects.filter(key="test:same").count() == 1
    assert first.status == Status.QUEUED


def test_a_concurrent_twin_with_the_same_key_is_ignored_without_breaking_the_transaction(
    person, daytime, dispatched
):
    queue(person, key="test:twin")
    twin = OutgoingMail(
        recipient=person,
        to_email=person.email,
        reason=MailReason.TEST,
        key="test:twin",
        language="nl",
        subject="x",
        body_text="x",
    )
    # The existence check is passed (as by a concurrent transaction); the INSERT must not fail.
    assert _insert_unless_exists(twin) is False
    assert OutgoingMail.objects.count() == 1


def test_the_cap_withholds_a_second_reminder_within_three_days(person, dispatched):
    with time_machine.travel(DAYTIME, tick=False) as traveller:
        assert queue(person, key="test:a").status == Status.QUEUED
        traveller.shift(timedelta(days=2, hours=23))
        capped = queue(person, key="test:b")
        assert capped.status == Status.WITHHELD
        assert capped.withheld_reason == OutgoingMail.Withheld.CAP
        traveller.shift(timedelta(hours=1, minutes=1))
        assert queue(person, key="test:c").status == Status.QUEUED


def test_digests_and_essential_mail_are_not_capped_and_do_not_count(person, daytime, dispatched):
    assert queue(person, key="test:a").status == Status.QUEUED
    digest = queue(person, key="digest:1", reason=MailReason.GUIDE_DIGEST, template="test")
    essential = queue(
        person, key="account:1", reason=MailReason.ACCOUNT, template="test", essential=True
    )
    assert digest.status == Status.QUEUED and essential.status == Status.QUEUED


def test_a_withheld_or_failed_reminder_does_not_use_up_the_cap(person, daytime, dispatched):
    OutgoingMail.objects.create(
        recipient=person,
        to_email=person.email,
        reason=MailReason.TEST,
        key="old",
        language="nl",
        subject="x",
        body_text="x",
        status=Status.FAILED,
    )
    assert queue(person, key="test:new").status == Status.QUEUED


def test_a_region_can_set_its_own_cap(person, region, daytime, dispatched):
    ReminderSetting.objects.create(region=region, rule="cap", params={"days": 7})
    queue(person, key="test:a", region=region)
    daytime.shift(timedelta(days=5))
    assert queue(person, key="test:b", region=region).withheld_reason == "cap"
    other = RegionFactory()
    assert queue(person, key="test:c", region=other).status == Status.QUEUED  # 3 days passed


def test_reminders_stop_after_unsubscribing_but_essential_mail_does_not(
    person, daytime, dispatched
):
    mail_preference_set(user=person, reminders_opt_out=True)
    reminder = queue(person, key="test:r")
    assert reminder.status == Status.WITHHELD
    assert reminder.withheld_reason == OutgoingMail.Withheld.UNSUBSCRIBED
    account = queue(
        person, key="account:1", reason=MailReason.ACCOUNT, template="test", essential=True
    )
    assert account.status == Status.QUEUED
    assert "afmelden" not in account.body_text.lower()


def test_inactive_accounts_get_no_reminders(db, daytime, dispatched):
    gone = UserFactory(is_active=False)
    assert queue(gone).withheld_reason == OutgoingMail.Withheld.INACTIVE


def test_reminders_need_a_user_to_unsubscribe(db, daytime, dispatched):
    with pytest.raises(ValueError):
        queue("someone@example.org")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 3, 10, 20, 59), None),
        (datetime(2026, 3, 10, 21, 0), datetime(2026, 3, 11, 8, 0)),
        (datetime(2026, 3, 10, 23, 30), datetime(2026, 3, 11, 8, 0)),
        (datetime(2026, 3, 11, 3, 0), datetime(2026, 3, 11, 8, 0)),
        (datetime(2026, 3, 11, 7, 59), datetime(2026, 3, 11, 8, 0)),
        (datetime(2026, 3, 11, 8, 0), None),
        # The night the clocks go forward: still 08:00 Amsterdam time, now UTC+2.
        (datetime(2026, 3, 28, 22, 0), datetime(2026, 3, 29, 8, 0)),
    ],
)
def test_the_night_window_is_21_to_8_amsterdam_time(local, expected):
    result = after_quiet_hours(local.replace(tzinfo=AMSTERDAM))
    if expected is None:
        assert result is None
    else:
        assert result == expected.replace(tzinfo=AMSTERDAM)
        assert result.utcoffset() == expected.replace(tzinfo=AMSTERDAM).utcoffset()


def test_a_reminder_at_night_waits_for_the_sweep_in_the_morning(
    person, dispatched, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2026, 3, 10, 22, 15, tzinfo=AMSTERDAM), tick=False) as t:
        with django_capture_on_commit_callbacks(execute=True):
            night = queue(person, key="test:night")
        assert night.not_before == datetime(2026, 3, 11, 8, 0, tzinfo=AMSTERDAM)
        assert dispatched == []
        assert mail_deliver(mail_id=night.pk) is None  # not due: a worker does not claim it
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_sweep() == []
        t.move_to(datetime(2026, 3, 11, 8, 0, 30, tzinfo=AMSTERDAM))
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_sweep() == [night.pk]
        assert dispatched == [night.pk]
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_sweep() == []  # handed over once, not every minute
    assert mail_deliver(mail_id=night.pk) == Status.SENT


def test_essential_mail_is_sent_at_night(person, dispatched):
    with time_machine.travel(datetime(2026, 3, 10, 23, 0, tzinfo=AMSTERDAM), tick=False):
        code = queue(
            person, key="account:x", reason=MailReason.ACCOUNT, template="test", essential=True
        )
    assert code.not_before is None


def test_sending_twice_delivers_once_with_the_headers_of_the_region(person, daytime, dispatched):
    region = RegionFactory(name="Domstad", desk_email="loket@domstad.example")
    created = queue(person, region=region)
    assert mail_deliver(mail_id=created.pk) == Status.SENT
    assert mail_deliver(mail_id=created.pk) is None
    assert len(django_mail.outbox) == 1
    message = django_mail.outbox[0]
    assert message.to == [person.email]
    assert message.reply_to == ["loket@domstad.example"]
    assert "Domstad" in message.from_email
    assert message.alternatives[0][1] == "text/html"
    headers = message.message()
    assert headers["List-Unsubscribe"].startswith("<http")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Message-ID"].startswith("<") and headers["Message-ID"].endswith(">")
    created.refresh_from_db()
    assert (created.status, created.attempts, created.sent_at is not None) == ("sent", 1, True)


def test_essential_mail_has_no_unsubscribe_header(person, daytime, dispatched):
    created = queue(
        person, key="account:1", reason=MailReason.ACCOUNT, template="test", essential=True
    )
    mail_deliver(mail_id=created.pk)
    assert "List-Unsubscribe" not in django_mail.outbox[0].message()


def test_an_unsubscribe_between_queueing_and_sending_withholds_the_reminder(
    person, daytime, dispatched
):
    created = queue(person)
    mail_preference_set(user=person, reminders_opt_out=True)
    assert mail_deliver(mail_id=created.pk) == Status.WITHHELD
    assert django_mail.outbox == []


class FailingBackend(BaseEmailBackend):
    """An email backend that raises what the test says."""

    error: Exception | None = None

    def send_messages(self, messages):
        if FailingBackend.error is not None:
            raise FailingBackend.error
        django_mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def failing(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    yield FailingBackend
    FailingBackend.error = None


def test_a_temporary_failure_is_retried_with_backoff_and_then_fails(
    person, daytime, dispatched, failing, settings
):
    settings.LOKET_MAIL_RETRY_HOURS = 24
    settings.LOKET_MAIL_RETRY_BASE_SECONDS = 60
    created = queue(person)
    failing.error = smtplib.SMTPResponseException(451, b"4.7.1 Greylisted, try again")
    assert mail_deliver(mail_id=created.pk) == Status.QUEUED
    created.refresh_from_db()
    assert created.last_error == "SMTP 451: 4.7.1 Greylisted, try again"
    assert created.not_before == DAYTIME + timedelta(seconds=60)
    assert created.retry_until == DAYTIME + timedelta(hours=24)
    assert mail_deliver(mail_id=created.pk) is None  # not before the backoff has passed
    daytime.shift(timedelta(seconds=60))
    assert mail_deliver(mail_id=created.pk) == Status.QUEUED
    created.refresh_from_db()
    assert created.not_before == DAYTIME + timedelta(seconds=60 + 120)
    assert created.retry_until == DAYTIME + timedelta(hours=24)  # counted from the first failure
    assert dispatched == [created.pk, created.pk]  # the two retries (the first waits for commit)


def test_an_smtp_outage_of_a_day_is_retried_and_only_then_fails(
    person, daytime, dispatched, failing, settings
):
    """An outage longer than the old 31 minutes (6 attempts) does not fail mail: temporary
    trouble is retried, at most an hour apart, for LOKET_MAIL_RETRY_HOURS."""
    settings.LOKET_MAIL_RETRY_HOURS = 24
    settings.LOKET_MAIL_RETRY_BASE_SECONDS = 60
    settings.LOKET_MAIL_RETRY_MAX_SECONDS = 3600
    created = queue(person)
    failing.error = ConnectionRefusedError(111, "Connection refused")
    gaps = []
    while True:
        status = mail_deliver(mail_id=created.pk)
        created.refresh_from_db()
        if status != Status.QUEUED:
            break
        gaps.append((created.not_before - created.last_attempt_at).total_seconds())
        daytime.move_to(created.not_before)
    assert status == Status.FAILED
    assert created.last_attempt_at >= DAYTIME + timedelta(hours=24)
    assert created.last_attempt_at < DAYTIME + timedelta(hours=25)
    assert gaps[:6] == [60, 120, 240, 480, 960, 1920]
    assert max(gaps) == 3600
    assert created.attempts == len(gaps) + 1 > 25


def test_a_sent_mail_forgets_its_old_error(person, daytime, dispatched, failing):
    created = queue(person)
    failing.error = smtplib.SMTPResponseException(451, b"4.7.1 Greylisted, try again")
    assert mail_deliver(mail_id=created.pk) == Status.QUEUED
    failing.error = None
    daytime.shift(timedelta(minutes=5))
    assert mail_deliver(mail_id=created.pk) == Status.SENT
    created.refresh_from_db()
    assert (created.last_error, created.attempts) == ("", 2)


def test_a_lost_connection_is_temporary(person, daytime, dispatched, failing):
    created = queue(person)
    failing.error = ConnectionRefusedError(111, "Connection refused")
    assert mail_deliver(mail_id=created.pk) == Status.QUEUED


def test_a_permanent_refusal_fails_at_once_and_says_why(person, daytime, dispatched, failing):
    created = queue(person)
    failing.error = smtplib.SMTPRecipientsRefused({person.email: (550, b"5.1.1 No such user")})
    assert mail_deliver(mail_id=created.pk) == Status.FAILED
    created.refresh_from_db()
    assert created.last_error == "SMTP recipient refused: 550 5.1.1 No such user"
    assert created.body_text not in created.last_error


def test_the_sweep_requeues_a_message_stuck_in_sending(person, daytime, dispatched, settings):
    settings.LOKET_MAIL_SENDING_TIMEOUT_SECONDS = 600
    created = queue(person)
    assert mail_claim(mail_id=created.pk)  # …and the worker died
    assert outbox_sweep() == []
    daytime.shift(timedelta(seconds=601))
    assert outbox_sweep() == [created.pk]
    assert mail_deliver(mail_id=created.pk) == Status.SENT
    created.refresh_from_db()
    assert created.attempts == 2


def test_the_sweep_hands_over_a_queued_message_whose_hand_over_was_lost(
    person, daytime, dispatched, settings
):
    settings.LOKET_MAIL_REDISPATCH_SECONDS = 600
    created = queue(person)
    assert outbox_sweep() == []  # its hand-over is recent: probably waiting in the queue
    daytime.shift(timedelta(seconds=601))
    assert outbox_sweep() == [created.pk]


def test_a_broker_outage_does_not_break_the_caller(person, daytime, monkeypatch):
    from loket.core.mail import delivery as tasks

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.send_mail, "apply_async", broken)
    delivery.dispatch(1)  # logged, not raised


def test_queueing_a_reminder_takes_a_fixed_number_of_queries(region, daytime, dispatched):
    counts = []
    for n in range(3):
        person = UserFactory()
        with CaptureQueriesContext(connection) as queries:
            queue(person, key=f"test:{n}", region=region)
        counts.append(len(queries))
    with CaptureQueriesContext(connection) as again:
        assert queue(person, key="test:2", region=region) is None
    # key exists?, savepoint, lock, unsubscribed?, region cap, recent reminder?, insert, release
    assert counts == [8, 8, 8]
    assert len(again) == 1  # a rerun costs one indexed lookup per message


def test_text_parts_are_not_html_escaped(db, daytime, dispatched):
    person = UserFactory(full_name="Jansen & Zn <dev>")
    region = RegionFactory(name="Gooi & Vecht")
    created = queue(person, region=region, context={"note": "A & B"})
    assert "Beste Jansen & Zn <dev>," in created.body_text
    assert "Het regioloket Gooi & Vecht" in created.body_text
    assert "A & B" in created.body_text
    assert "Jansen &amp; Zn &lt;dev&gt;" in created.body_html


def test_the_test_command_queues_an_essential_message(
    region, dispatched, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("mail_test", "ops@example.org", "--region", region.slug, "--language", "en")
    mail = OutgoingMail.objects.get()
    assert (mail.to_email, mail.essential, mail.language) == ("ops@example.org", True, "en")
    assert mail.subject == "A test message from the regional desk"
    assert dispatched == [mail.pk]


def test_wrong_credentials_are_retried_not_failed(person, daytime, dispatched, failing):
    created = queue(person)
    failing.error = smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication failed")
    assert mail_deliver(mail_id=created.pk) == Status.QUEUED


def test_a_key_longer_than_the_column_is_refused(person, daytime, dispatched):
    with pytest.raises(ValueError):
        queue(person, key="x" * 201)


def test_old_bodies_are_pruned_but_the_log_stays(person, dispatched, settings):
    settings.LOKET_MAIL_KEEP_BODIES_DAYS = 90
    with time_machine.travel(DAYTIME, tick=False) as traveller:
        old = queue(person, key="test:old", essential=True)
        waiting = queue(person, key="test:waiting", essential=True)
        mail_deliver(mail_id=old.pk)
        traveller.shift(timedelta(days=89))
        assert outbox_prune_bodies() == 0
        traveller.shift(timedelta(days=2))
        assert outbox_prune_bodies() == 1
    old.refresh_from_db()
    waiting.refresh_from_db()
    assert (old.body_text, old.body_html, old.status) == ("", "", "sent")
    assert old.to_email == person.email and old.subject
    assert waiting.body_text  # still to be sent: untouched


def test_forgetting_a_person_keeps_only_what_statistics_need(person, region, daytime, dispatched):
    sent = queue(person, key="test:a", region=region)
    mail_deliver(mail_id=sent.pk)
    daytime.shift(timedelta(days=4))
    waiting = queue(person, key="test:b", region=region)
    other = queue(UserFactory(), key="test:c", region=region)
    assert outbox_forget_person(user=person) == 2
    sent.refresh_from_db()
    waiting.refresh_from_db()
    assert (sent.recipient, sent.to_email, sent.subject, sent.body_text) == (None, "", "", "")
    assert (sent.status, sent.reason, sent.region) == ("sent", "test", region)
    assert (waiting.status, waiting.withheld_reason) == ("withheld", "forgotten")
    assert mail_deliver(mail_id=waiting.pk) is None
    other.refresh_from_db()
    assert other.to_email and other.body_text


def test_a_calendar_file_travels_with_the_message_and_is_pruned_with_the_body(
    person, daytime, dispatched
):
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    created = queue(person, essential=True, attachment=("event-7.ics", ics))
    assert mail_deliver(mail_id=created.pk) == Status.SENT
    (name, content, mimetype) = django_mail.outbox[0].attachments[0]
    assert (name, mimetype) == ("event-7.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in content
    daytime.shift(timedelta(days=400))
    outbox_prune_bodies()
    created.refresh_from_db()
    assert (created.body_text, created.attachment_text) == ("", "")
