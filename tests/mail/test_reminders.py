"""The rule framework and the desk's own rules, on a travelling clock."""

from datetime import datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress

from loket.core.mail import delivery
from loket.core.mail import reminders as tasks
from loket.core.mail.outbox import AMSTERDAM, mail_queue
from loket.core.mail.reminders import reminder_rule_run
from loket.core.models import MailReason, OutgoingMail, ReminderSetting, Role
from tests.factories import UserFactory, give_role

Status = OutgoingMail.Status


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


@pytest.fixture
def nudge_rule(rule_registry, person):
    """A small regional rule: remind ``person`` once per region where the rule is on."""
    seen = []

    @rule_registry.reminder_rule(
        "test_nudge", reason=MailReason.TEST, label="Test nudge", defaults={"note": "default"}
    )
    def nudge(run):
        seen.append((run.region.slug, run.params["note"]))
        run.queue(recipient=person, key=f"{person.pk}:{run.region.pk}", context=run.params)

    return seen


def test_a_rule_runs_in_every_region_with_the_regions_own_settings(
    nudge_rule, region, other_region, settings
):
    settings.LOKET_MAIL_REMINDER_CAP_DAYS = 0
    ReminderSetting.objects.create(region=other_region, rule="test_nudge", params={"note": "own"})
    assert reminder_rule_run(name="test_nudge") == 2
    assert sorted(nudge_rule) == sorted([(region.slug, "default"), (other_region.slug, "own")])
    assert "own" in OutgoingMail.objects.get(region=other_region).body_text


def test_a_region_can_switch_a_rule_off(nudge_rule, region, other_region):
    ReminderSetting.objects.create(region=other_region, rule="test_nudge", enabled=False)
    assert reminder_rule_run(name="test_nudge") == 1
    assert [slug for slug, _note in nudge_rule] == [region.slug]


def test_running_a_rule_twice_queues_nothing_twice(nudge_rule, region):
    assert reminder_rule_run(name="test_nudge") == 1
    assert reminder_rule_run(name="test_nudge") == 0
    assert OutgoingMail.objects.count() == 1
    assert OutgoingMail.objects.get().key.startswith("test_nudge:")


def test_beat_fans_out_one_task_per_rule(monkeypatch, rule_registry, nudge_rule):
    started = []
    monkeypatch.setattr(tasks.run_reminder_rule, "delay", started.append)
    names = tasks.run_reminder_rules()
    assert names == started
    assert {"account_unverified", "failed_mail_digest", "test_nudge"} <= set(started)


# --- account_unverified --------------------------------------------------------------------------

JOINED = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


def signed_up(*, verified=False, **kwargs):
    with time_machine.travel(JOINED, tick=False):
        user = UserFactory(**kwargs)
    # The shared factory makes a verified address; this person has not confirmed theirs.
    EmailAddress.objects.filter(user=user).update(verified=verified)
    return user


def run_at(moment, name="account_unverified"):
    with time_machine.travel(moment, tick=False):
        return reminder_rule_run(name=name)


def test_unconfirmed_address_is_reminded_after_2_and_7_days_then_never_again(db):
    user = signed_up()
    signed_up(verified=True)
    assert run_at(JOINED + timedelta(days=1, hours=23)) == 0
    assert run_at(JOINED + timedelta(days=2, hours=1)) == 1
    assert run_at(JOINED + timedelta(days=2, hours=2)) == 0  # the next hourly run
    assert run_at(JOINED + timedelta(days=4)) == 0
    assert run_at(JOINED + timedelta(days=7, minutes=5)) == 1
    assert run_at(JOINED + timedelta(days=9)) == 0
    assert run_at(JOINED + timedelta(days=30)) == 0
    keys = sorted(OutgoingMail.objects.values_list("key", flat=True))
    assert keys == [f"account_unverified:{user.pk}:2d", f"account_unverified:{user.pk}:7d"]
    assert all(m.status == Status.QUEUED for m in OutgoingMail.objects.all())


def test_confirming_in_between_stops_the_second_reminder(db):
    user = signed_up()
    run_at(JOINED + timedelta(days=2, hours=1))
    EmailAddress.objects.filter(user=user).update(verified=True)
    assert run_at(JOINED + timedelta(days=7, hours=1)) == 0


def test_a_reminder_due_at_night_is_queued_for_the_morning(db):
    with time_machine.travel(datetime(2026, 3, 2, 22, 30, tzinfo=AMSTERDAM), tick=False):
        user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    assert run_at(datetime(2026, 3, 4, 22, 45, tzinfo=AMSTERDAM)) == 1
    assert OutgoingMail.objects.get().not_before == datetime(2026, 3, 5, 8, tzinfo=AMSTERDAM)


# --- failed_mail_digest --------------------------------------------------------------------------


def failed_mail(region, when, email="weg@example.org"):
    return OutgoingMail.objects.create(
        to_email=email,
        region=region,
        reason=MailReason.ACCOUNT_UNVERIFIED,
        key=f"failed:{email}:{when.isoformat()}",
        language="nl",
        subject="x",
        body_text="x",
        status=Status.FAILED,
        last_error="SMTP 550: 5.1.1 No such user",
        last_attempt_at=when,
    )


def test_coordinators_are_told_of_failures_the_same_day_without_personal_data(region, other_region):
    coordinator = UserFactory(language="en")  # (the Dutch text comes with the catalogue)
    give_role(coordinator, Role.COORDINATOR, region=region)
    elsewhere = UserFactory()
    give_role(elsewhere, Role.COORDINATOR, region=other_region)
    failed_mail(region, datetime(2026, 3, 11, 10, 5, tzinfo=AMSTERDAM), "een@example.org")
    failed_mail(region, datetime(2026, 3, 11, 10, 20, tzinfo=AMSTERDAM), "twee@example.org")

    assert run_at(datetime(2026, 3, 11, 11, 0, tzinfo=AMSTERDAM), "failed_mail_digest") == 1
    notice = OutgoingMail.objects.get(reason=MailReason.FAILED_MAIL_DIGEST)
    assert notice.recipient == coordinator
    assert notice.not_before is None  # daytime: on its way now, not tomorrow morning
    assert notice.subject == "2 messages of your region could not be delivered"
    for private in ("een@example.org", "twee@example.org", "No such user"):
        assert private not in notice.body_text and private not in notice.body_html
    assert "Email address not confirmed yet: 2" in notice.body_text
    assert "/e-mail/uitgaand/?status=failed" in notice.body_text
    # Told once: the next run finds nothing new; a new failure gives a new notice.
    assert run_at(datetime(2026, 3, 11, 12, 0, tzinfo=AMSTERDAM), "failed_mail_digest") == 0
    failed_mail(region, datetime(2026, 3, 11, 12, 30, tzinfo=AMSTERDAM), "drie@example.org")
    assert run_at(datetime(2026, 3, 11, 13, 0, tzinfo=AMSTERDAM), "failed_mail_digest") == 1
    latest = OutgoingMail.objects.filter(reason=MailReason.FAILED_MAIL_DIGEST).latest("pk")
    assert latest.subject == "1 message of your region could not be delivered"


def test_a_failure_at_night_is_told_in_the_morning(region):
    give_role(UserFactory(), Role.COORDINATOR, region=region)
    failed_mail(region, datetime(2026, 3, 11, 23, 0, tzinfo=AMSTERDAM))
    assert run_at(datetime(2026, 3, 11, 23, 30, tzinfo=AMSTERDAM), "failed_mail_digest") == 1
    notice = OutgoingMail.objects.get(reason=MailReason.FAILED_MAIL_DIGEST)
    assert notice.not_before == datetime(2026, 3, 12, 8, tzinfo=AMSTERDAM)


def test_old_failures_are_not_reported_when_the_rule_is_switched_on(region):
    give_role(UserFactory(), Role.COORDINATOR, region=region)
    failed_mail(region, datetime(2026, 3, 1, 12, tzinfo=AMSTERDAM))
    assert run_at(datetime(2026, 3, 11, 12, tzinfo=AMSTERDAM), "failed_mail_digest") == 0


def test_no_digest_on_a_day_without_failures(region):
    give_role(UserFactory(), Role.COORDINATOR, region=region)
    assert run_at(datetime(2026, 3, 11, 9, tzinfo=AMSTERDAM), "failed_mail_digest") == 0


def test_a_digest_is_not_held_back_by_the_reminder_cap(region):
    coordinator = UserFactory()
    give_role(coordinator, Role.COORDINATOR, region=region)
    with time_machine.travel(datetime(2026, 3, 11, 9, tzinfo=AMSTERDAM), tick=False):
        mail_queue(recipient=coordinator, reason=MailReason.TEST, key="test:recent")
    failed_mail(region, datetime(2026, 3, 11, 12, tzinfo=AMSTERDAM))
    assert run_at(datetime(2026, 3, 11, 13, tzinfo=AMSTERDAM), "failed_mail_digest") == 1
    assert OutgoingMail.objects.get(reason=MailReason.FAILED_MAIL_DIGEST).status == Status.QUEUED


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        ("2026-03-13", 5, "2026-03-06"),  # Friday → the Friday before
        ("2026-03-16", 5, "2026-03-09"),  # Monday → the Monday before
        ("2026-03-15", 1, "2026-03-13"),  # Sunday → Friday
        ("2026-03-16", 10, "2026-03-02"),
        ("2026-04-28", 1, "2026-04-24"),  # King's Day (Monday 27 April) is no working day
        ("2026-04-08", 2, "2026-04-02"),  # nor Easter Monday and Good Friday (6 and 3 April)
        ("2026-05-15", 1, "2026-05-13"),  # nor Ascension Day (Thursday 14 May 2026)
        ("2026-12-28", 1, "2026-12-24"),  # nor Christmas (25 December, a Friday)
    ],
)
def test_working_days_skip_weekends_and_dutch_public_holidays(day, count, expected):
    from datetime import date

    from loket.core.workdays import working_days_before

    assert working_days_before(date.fromisoformat(day), count) == date.fromisoformat(expected)


def test_an_appointment_reminder_is_not_swallowed_by_the_cap(person, region):
    with time_machine.travel(datetime(2026, 3, 11, 9, tzinfo=AMSTERDAM), tick=False):
        mail_queue(recipient=person, reason=MailReason.TEST, key="test:recent")
        intake = mail_queue(
            recipient=person,
            reason=MailReason.APPOINTMENT_TOMORROW,
            template="test",
            key="appointment_tomorrow:intake:1",
        )
        later = mail_queue(recipient=person, reason=MailReason.TEST, key="test:later")
    assert intake.status == Status.QUEUED
    assert later.withheld_reason == OutgoingMail.Withheld.CAP
