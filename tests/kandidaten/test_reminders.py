"""The candidate app's reminder rules on a travelling clock: due on the right day, not the day
before, not twice when run twice, quiet after the last step; the cap and the night window."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kandidaten.models import Phase
from loket.core.mail import delivery
from loket.core.mail.outbox import AMSTERDAM, mail_queue
from loket.core.mail.preferences import mail_preference_set
from loket.core.mail.reminders import reminder_rule_run
from loket.core.models import MailReason, OutgoingMail, ReminderSetting, Role
from tests.factories import UserFactory, give_role
from tests.kandidaten.event_factories import (
    AppointmentFactory,
    EventFactory,
    EventRegistrationFactory,
)
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status

# A Monday morning in March (winter time), away from the quiet hours.
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


def at(moment, **kwargs):
    return time_machine.travel(moment, tick=False)


def run_at(moment, name):
    with at(moment):
        return reminder_rule_run(name=name)


def keys(reason=None):
    mails = OutgoingMail.objects.all()
    if reason:
        mails = mails.filter(reason=reason)
    return sorted(mails.values_list("key", flat=True))


# --- registration_unfinished ---------------------------------------------------------------------


def started(region, *, when=START, step=2, **kwargs):
    with at(when):
        return CandidateFactory(
            region=region, registration_step=step, phase=Phase.INTERESSE, **kwargs
        )


def test_an_unfinished_registration_is_reminded_after_2_and_7_days_then_never(region):
    candidate = started(region, user__language="en")
    started(region, step=5)  # finished: never reminded
    rule = "registration_unfinished"
    assert run_at(START + timedelta(days=1, hours=23), rule) == 0
    assert run_at(START + timedelta(days=2, minutes=5), rule) == 1
    assert run_at(START + timedelta(days=2, hours=1), rule) == 0  # the next hourly run
    assert run_at(START + timedelta(days=2, hours=1), rule) == 0  # beat firing twice
    assert run_at(START + timedelta(days=5), rule) == 0
    assert run_at(START + timedelta(days=7, minutes=5), rule) == 1
    assert run_at(START + timedelta(days=8, hours=2), rule) == 0
    assert run_at(START + timedelta(days=30), rule) == 0
    assert keys() == [f"{rule}:{candidate.pk}:2d", f"{rule}:{candidate.pk}:7d"]
    first = OutgoingMail.objects.get(key=f"{rule}:{candidate.pk}:2d")
    assert first.status == Status.QUEUED and first.region == region and not first.essential
    assert "2 days ago" in first.body_text and "/aanmelden/" in first.body_text
    assert "Unsubscribe" in first.body_text  # a reminder carries the opt-out


def test_finishing_in_between_or_pausing_stops_the_reminders(region):
    finishing = started(region)
    pausing = started(region)
    run_at(START + timedelta(days=2, minutes=5), "registration_unfinished")
    type(finishing).objects.filter(pk=finishing.pk).update(
        registration_step=5, phase=Phase.ORIENTATIE
    )
    type(pausing).objects.filter(pk=pausing.pk).update(
        phase=Phase.GEPAUZEERD, paused_until=datetime.date(2026, 6, 1)
    )
    assert run_at(START + timedelta(days=7, minutes=5), "registration_unfinished") == 0


def test_a_region_sets_its_own_days_or_switches_the_rule_off(region, other_region):
    here = started(region)
    started(other_region)
    ReminderSetting.objects.create(
        region=region, rule="registration_unfinished", params={"days": [3]}
    )
    ReminderSetting.objects.create(
        region=other_region, rule="registration_unfinished", enabled=False
    )
    assert run_at(START + timedelta(days=2, minutes=5), "registration_unfinished") == 0
    assert run_at(START + timedelta(days=3, minutes=5), "registration_unfinished") == 1
    assert keys() == [f"registration_unfinished:{here.pk}:3d"]


def test_a_registration_reminder_after_another_reminder_is_withheld_by_the_cap(region):
    candidate = started(region)
    with at(START + timedelta(days=1)):
        mail_queue(recipient=candidate.user, reason=MailReason.TEST, key="test:recent")
    run_at(START + timedelta(days=2, minutes=5), "registration_unfinished")
    mail = OutgoingMail.objects.get(reason=MailReason.REGISTRATION_UNFINISHED)
    assert (mail.status, mail.withheld_reason) == (Status.WITHHELD, OutgoingMail.Withheld.CAP)
    # Recorded, so the next run does not try again; the 7-day reminder gets through.
    assert run_at(START + timedelta(days=2, hours=3), "registration_unfinished") == 0
    run_at(START + timedelta(days=7, minutes=5), "registration_unfinished")
    assert OutgoingMail.objects.get(key__endswith=":7d").status == Status.QUEUED


def test_a_registration_reminder_due_at_night_waits_for_the_morning(region):
    evening = datetime.datetime(2026, 3, 2, 22, 30, tzinfo=AMSTERDAM)
    started(region, when=evening)
    assert run_at(evening + timedelta(days=2, minutes=10), "registration_unfinished") == 1
    mail = OutgoingMail.objects.get()
    assert mail.not_before == datetime.datetime(2026, 3, 5, 8, tzinfo=AMSTERDAM)


# --- appointment_tomorrow ------------------------------------------------------------------------

# The appointment is on Wednesday 4 March at 10:00; "tomorrow" is Tuesday's business.
INTAKE_AT = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def intake(region):
    with at(START):
        return AppointmentFactory(
            candidate=CandidateFactory(region=region, user__language="en"),
            starts_at=INTAKE_AT,
            location="Stationsplein 3, Utrecht",
        )


def test_an_intake_is_reminded_the_day_before_once(intake):
    rule = "appointment_tomorrow"
    assert run_at(datetime.datetime(2026, 3, 2, 23, 30, tzinfo=AMSTERDAM), rule) == 0
    assert run_at(datetime.datetime(2026, 3, 3, 0, 5, tzinfo=AMSTERDAM), rule) == 1
    assert run_at(datetime.datetime(2026, 3, 3, 9, 5, tzinfo=AMSTERDAM), rule) == 0
    assert run_at(datetime.datetime(2026, 3, 3, 9, 5, tzinfo=AMSTERDAM), rule) == 0
    assert run_at(datetime.datetime(2026, 3, 4, 8, 0, tzinfo=AMSTERDAM), rule) == 0  # the day
    mail = OutgoingMail.objects.get()
    assert mail.key == f"appointment_tomorrow:intake:{intake.pk}:202603040900"
    # Queued in the night, held until the morning.
    assert mail.not_before == datetime.datetime(2026, 3, 3, 8, tzinfo=AMSTERDAM)
    assert "Stationsplein 3, Utrecht" in mail.body_text and "10:00" in mail.subject


def test_a_moved_intake_is_reminded_again_and_a_cancelled_one_not(intake, region):
    run_at(datetime.datetime(2026, 3, 3, 9, 0, tzinfo=AMSTERDAM), "appointment_tomorrow")
    type(intake).objects.filter(pk=intake.pk).update(
        starts_at=INTAKE_AT + timedelta(hours=4), ends_at=INTAKE_AT + timedelta(hours=5)
    )
    with at(START):
        cancelled = AppointmentFactory(
            candidate=CandidateFactory(region=region),
            starts_at=INTAKE_AT,
            cancelled_at=START,
        )
    assert (
        run_at(datetime.datetime(2026, 3, 3, 10, 0, tzinfo=AMSTERDAM), "appointment_tomorrow") == 1
    )
    assert not OutgoingMail.objects.filter(key__contains=f"intake:{cancelled.pk}:").exists()
    assert keys() == [
        f"appointment_tomorrow:intake:{intake.pk}:202603040900",
        f"appointment_tomorrow:intake:{intake.pk}:202603041300",
    ]


def test_tomorrow_means_the_calendar_day_in_amsterdam(region):
    with at(START):
        late = AppointmentFactory(
            candidate=CandidateFactory(region=region),
            starts_at=datetime.datetime(2026, 3, 4, 0, 15, tzinfo=AMSTERDAM),
        )
        AppointmentFactory(
            candidate=CandidateFactory(region=region),
            starts_at=datetime.datetime(2026, 3, 3, 23, 45, tzinfo=AMSTERDAM),
        )
    run_at(datetime.datetime(2026, 3, 3, 9, 0, tzinfo=AMSTERDAM), "appointment_tomorrow")
    assert keys() == [f"appointment_tomorrow:intake:{late.pk}:202603032315"]


def test_an_event_place_is_reminded_the_day_before_not_after_cancelling(region):
    with at(START):
        event = EventFactory(
            region=region,
            title="Meeloopdag Techniek",
            starts_at=datetime.datetime(2026, 3, 6, 9, 0, tzinfo=AMSTERDAM),
            ends_at=datetime.datetime(2026, 3, 6, 15, 0, tzinfo=AMSTERDAM),
        )
        place = EventRegistrationFactory(event=event, candidate__user__language="en")
        EventRegistrationFactory(event=event, cancelled_at=START)
        EventRegistrationFactory(
            event=EventFactory(
                region=region, starts_at=event.starts_at, cancelled_at=START, ends_at=event.ends_at
            )
        )
    assert (
        run_at(datetime.datetime(2026, 3, 4, 12, 0, tzinfo=AMSTERDAM), "appointment_tomorrow") == 0
    )
    assert (
        run_at(datetime.datetime(2026, 3, 5, 12, 0, tzinfo=AMSTERDAM), "appointment_tomorrow") == 1
    )
    assert (
        run_at(datetime.datetime(2026, 3, 5, 13, 0, tzinfo=AMSTERDAM), "appointment_tomorrow") == 0
    )
    mail = OutgoingMail.objects.get()
    assert mail.key == f"appointment_tomorrow:event:{place.pk}:202603060800"
    assert mail.recipient == place.candidate.user
    assert "Meeloopdag Techniek" in mail.subject and f"/evenementen/{event.pk}/" in mail.body_text


def test_an_appointment_reminder_ignores_the_cap(intake):
    with at(datetime.datetime(2026, 3, 3, 7, 0, tzinfo=AMSTERDAM)):
        mail_queue(recipient=intake.candidate.user, reason=MailReason.TEST, key="test:x")
    run_at(datetime.datetime(2026, 3, 3, 9, 0, tzinfo=AMSTERDAM), "appointment_tomorrow")
    assert OutgoingMail.objects.get(reason=MailReason.APPOINTMENT_TOMORROW).status == Status.QUEUED


# --- guide_digest --------------------------------------------------------------------------------


@pytest.fixture
def guide(region):
    user = UserFactory(full_name="Lotte Loket", language="en")
    give_role(user, Role.DESK_STAFF, region=region)
    return user


def guided(guide, region, *, contact_days_ago, name, phase=Phase.ORIENTATIE, when=START):
    with at(when):
        return CandidateFactory(
            region=region,
            guide=guide,
            full_name=name,
            phase=phase,
            phase_changed_at=when - timedelta(days=3),
            last_contact_on=(when - timedelta(days=contact_days_ago)).date(),
        )


def test_a_guide_gets_one_digest_a_day_of_silent_and_stalled_candidates(guide, region):
    silent = guided(guide, region, contact_days_ago=20, name="Stille Sanne")
    guided(guide, region, contact_days_ago=2, name="Drukke Daan")
    with at(START):
        stuck = CandidateFactory(
            region=region,
            guide=guide,
            full_name="Vaste Vera",
            phase=Phase.INTAKE,
            phase_changed_at=START - timedelta(days=40),
            last_contact_on=START.date(),
        )
    morning = START + timedelta(minutes=5)
    assert run_at(morning, "guide_digest") == 1
    assert run_at(morning + timedelta(hours=1), "guide_digest") == 0
    digest = OutgoingMail.objects.get()
    assert digest.key == f"guide_digest:{guide.pk}:2026-03-02"
    assert digest.recipient == guide and not digest.essential
    assert digest.subject == "2 candidates need your attention"
    assert "Stille Sanne" in digest.body_text and "No contact for 20 days" in digest.body_text
    assert (
        "Vaste Vera" in digest.body_text and "40 days in this phase (norm: 21)" in digest.body_text
    )
    assert "Drukke Daan" not in digest.body_text
    assert silent.pk and stuck.pk
    # The next day brings the next digest.
    assert run_at(morning + timedelta(days=1), "guide_digest") == 1


def test_the_digest_names_the_first_ones_counts_all_and_links_to_the_rest(
    guide, region, monkeypatch
):
    """A guide with hundreds of stalled cases gets a readable overview, not hundreds of names."""
    from loket.desk import reminders  # noqa: PLC0415

    monkeypatch.setattr(reminders, "DIGEST_LIST_LENGTH", 2)
    for days, name in [(30, "Bram"), (20, "Cas"), (2, "Drukke Daan")]:
        guided(guide, region, contact_days_ago=days, name=name)
    with at(START - timedelta(days=40)):  # never contacted since registering 40 days ago
        CandidateFactory(
            region=region,
            guide=guide,
            full_name="Anna",
            phase=Phase.ORIENTATIE,
            phase_changed_at=START - timedelta(days=3),
            last_contact_on=None,
        )
    assert run_at(START, "guide_digest") == 1
    digest = OutgoingMail.objects.get()
    assert digest.subject == "3 candidates need your attention"
    text = digest.body_text
    assert "Anna" in text and "Bram" in text  # the longest without contact, never contacted too
    assert "No contact logged since registering 40 days ago" in text
    assert "Cas" not in text and "Daan" not in text
    assert "And 1 more. All your stalled cases are in the pipeline:" in text
    assert "/loket/?guide=me&stalled=on" in text
    assert "/loket/?guide=me&amp;stalled=on" in digest.body_html


def test_the_digest_rows_in_dutch_with_names_escaped_in_the_html(guide, region):
    """The rows are worded in Python (``loket.desk.digest``): in the guide's language, with
    both reasons, and a name that looks like HTML shown as text."""
    guide.language = "nl"
    guide.save()
    silent = guided(guide, region, contact_days_ago=20, name="Sanne <b>&</b> co")
    with at(START):
        both = CandidateFactory(
            region=region,
            guide=guide,
            full_name="Vaste Vera",
            phase=Phase.INTAKE,
            phase_changed_at=START - timedelta(days=40),
            last_contact_on=START.date() - timedelta(days=30),
        )
    assert run_at(START, "guide_digest") == 1
    digest = OutgoingMail.objects.get()
    assert digest.subject == "2 kandidaten hebben je aandacht nodig"
    text, html = digest.body_text, digest.body_html
    assert f"- Sanne <b>&</b> co (Oriëntatie, {region.name})\n  Al 20 dagen geen contact" in text
    assert (
        f"- Vaste Vera (Intake, {region.name})\n  Al 30 dagen geen contact\n"
        "  40 dagen in deze fase (norm: 21)\n"
        f"  https://testserver/loket/kandidaten/{both.pk}/"
    ) in text
    assert "Sanne &lt;b&gt;&amp;&lt;/b&gt; co</a>" in html and "<b>&" not in html
    assert f'href="https://testserver/loket/kandidaten/{silent.pk}/"' in html
    assert "Al 30 dagen geen contact<br>40 dagen in deze fase (norm: 21)</td>" in html


def test_the_regions_no_contact_days_decide_who_is_silent(guide, region):
    guided(guide, region, contact_days_ago=20, name="Stille Sanne")
    region.no_contact_days = 30
    region.save()
    assert run_at(START, "guide_digest") == 0
    assert not OutgoingMail.objects.exists()


def test_no_digest_on_a_quiet_day_and_none_for_someone_elses_candidates(guide, region):
    other_guide = UserFactory()
    give_role(other_guide, Role.DESK_STAFF, region=region)
    guided(other_guide, region, contact_days_ago=2, name="Bij")
    guided(guide, region, contact_days_ago=1, name="Ook bij")
    assert run_at(START, "guide_digest") == 0


def test_a_guide_of_two_regions_gets_one_digest(guide, region, other_region):
    give_role(guide, Role.DESK_STAFF, region=other_region)
    guided(guide, region, contact_days_ago=20, name="Hier")
    guided(guide, other_region, contact_days_ago=25, name="Daar")
    assert run_at(START, "guide_digest") == 1
    digest = OutgoingMail.objects.get()
    assert "Hier" in digest.body_text and "Daar" in digest.body_text


def test_a_former_guide_gets_no_digest(region):
    former = UserFactory()  # no desk role any more
    guided(former, region, contact_days_ago=30, name="Verweesd")
    assert run_at(START, "guide_digest") == 0


def test_the_digest_ignores_the_cap_and_waits_for_the_morning(guide, region):
    guided(guide, region, contact_days_ago=20, name="Stille Sanne")
    with at(START - timedelta(hours=12)):
        mail_queue(recipient=guide, reason=MailReason.TEST, key="test:yesterday")
    run_at(datetime.datetime(2026, 3, 2, 0, 10, tzinfo=AMSTERDAM), "guide_digest")
    digest = OutgoingMail.objects.get(reason=MailReason.GUIDE_DIGEST)
    assert digest.status == Status.QUEUED
    assert digest.not_before == datetime.datetime(2026, 3, 2, 8, tzinfo=AMSTERDAM)


# --- retention_warning ---------------------------------------------------------------------------


@pytest.fixture
def short_retention(region):
    region.retention_days = 100
    region.save()
    return region


def quiet(region, *, when=START, **kwargs):
    with at(when):
        return CandidateFactory(region=region, user__language="en", **kwargs)


def test_an_inactive_candidate_is_warned_once_before_the_retention_limit(short_retention):
    candidate = quiet(short_retention)
    rule = "retention_warning"
    # 100 days kept, warned 30 days before: after 70 days without activity (the clocks moved
    # to summer time in between, so 70 × 24 hours later is 11:00 on the wall).
    assert run_at(START + timedelta(days=70, minutes=55), rule) == 0
    assert run_at(START + timedelta(days=70, hours=1, minutes=5), rule) == 1
    assert run_at(START + timedelta(days=70, hours=2), rule) == 0
    assert run_at(START + timedelta(days=90), rule) == 0
    mail = OutgoingMail.objects.get()
    assert mail.key == f"retention_warning:{candidate.pk}:20260302"
    assert mail.essential and mail.reason == MailReason.RETENTION_WARNING
    assert mail.subject == "Your data at the regional desk will be removed on 10 June 2026"
    assert "will be removed on 10 June 2026" in mail.body_text
    assert "Unsubscribe" not in mail.body_text


def test_the_warning_reaches_someone_who_unsubscribed(short_retention):
    candidate = quiet(short_retention)
    mail_preference_set(user=candidate.user, reminders_opt_out=True)
    run_at(START + timedelta(days=71), "retention_warning")
    assert OutgoingMail.objects.get().status == Status.QUEUED


def test_a_sign_in_or_a_contact_counts_as_activity(short_retention):
    signed_in = quiet(short_retention)
    contacted = quiet(short_retention)
    type(signed_in.user).objects.filter(pk=signed_in.user.pk).update(
        last_login=START + timedelta(days=10)
    )
    type(contacted).objects.filter(pk=contacted.pk).update(
        last_contact_on=(START + timedelta(days=20)).date()
    )
    assert run_at(START + timedelta(days=75), "retention_warning") == 0
    assert run_at(START + timedelta(days=80, hours=1), "retention_warning") == 1
    assert run_at(START + timedelta(days=90, hours=1), "retention_warning") == 1
    assert keys() == [
        f"retention_warning:{signed_in.pk}:20260312",
        f"retention_warning:{contacted.pk}:20260322",
    ]


def test_active_again_then_quiet_again_gives_a_new_warning(short_retention):
    candidate = quiet(short_retention)
    run_at(START + timedelta(days=71), "retention_warning")
    back = START + timedelta(days=75)
    type(candidate.user).objects.filter(pk=candidate.user.pk).update(last_login=back)
    assert run_at(back + timedelta(days=10), "retention_warning") == 0
    assert run_at(back + timedelta(days=70, minutes=5), "retention_warning") == 1
    assert len(keys()) == 2


def test_the_warning_waits_for_the_morning_though_it_is_essential(short_retention):
    quiet(short_retention)
    night = datetime.datetime(2026, 5, 12, 3, 0, tzinfo=AMSTERDAM)
    assert run_at(night, "retention_warning") == 0
    assert run_at(night.replace(hour=8, minute=5), "retention_warning") == 1


def test_a_late_warning_still_gives_the_full_notice_period(short_retention):
    """Switching the rule on for a record that is already past its limit: the date in the
    mail is 30 days after the warning, never in the past."""
    quiet(short_retention)
    with at(START + timedelta(days=150)):
        reminder_rule_run(name="retention_warning")
        expected = timezone.localdate() + timedelta(days=30)
    assert f"{expected:%-d %B %Y}" in OutgoingMail.objects.get().subject


def test_a_region_sets_the_warning_period(short_retention):
    quiet(short_retention)
    ReminderSetting.objects.create(
        region=short_retention, rule="retention_warning", params={"warn_days_before": 10}
    )
    assert run_at(START + timedelta(days=71), "retention_warning") == 0
    assert run_at(START + timedelta(days=90, hours=1, minutes=5), "retention_warning") == 1
