"""Self-booked intakes: slots, booking, moving and cancelling, never a double booking; the
calendar files and the guide's private feed."""

import datetime
import threading

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from kandidaten.models import Appointment, IntakeSlot, Phase
from kandidaten.selectors import bookable_slots
from kandidaten.services import appointments
from kandidaten.services.feeds import calendar_feed_ics, calendar_feed_of, calendar_feed_renew
from loket.core.mail import delivery
from loket.core.models import MailReason, OutgoingMail, Role
from tests.factories import RegionFactory, UserFactory, give_role
from tests.kandidaten.event_factories import EventFactory, IntakeSlotFactory, in_days
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


@pytest.fixture
def guide(region):
    user = UserFactory(full_name="Gerda Gids")
    give_role(user, Role.DESK_STAFF, region=region)
    return user


@pytest.fixture
def candidate(region):
    return CandidateFactory(
        region=region, phase=Phase.ORIENTATIE, full_name="Karim Kandidaat", user__language="en"
    )


@pytest.fixture
def slot(guide, region):
    return IntakeSlotFactory(guide=guide, region=region)


def messages_of(raised) -> list[str]:
    return [str(m) for m in raised.value.messages]


def test_a_guide_publishes_a_weekly_slot_at_the_same_local_time(guide, region):
    start = in_days(3, hour=9)
    slots = appointments.intake_slots_publish(
        actor=guide, region=region, starts_at=start, minutes=45, weeks=4, location="Loket"
    )
    assert len(slots) == 4 and len({s.series for s in slots}) == 1
    assert {timezone.localtime(s.starts_at).time() for s in slots} == {start.time()}
    assert all(s.duration_minutes == 45 for s in slots)


def test_publishing_over_an_own_slot_or_without_a_place_publishes_nothing(guide, region, slot):
    with pytest.raises(ValidationError) as raised:
        appointments.intake_slots_publish(
            actor=guide,
            region=region,
            starts_at=slot.starts_at + datetime.timedelta(minutes=30),
            minutes=60,
            weeks=2,
            location="Loket",
        )
    assert "you already have a slot or an appointment" in raised.value.messages[0]
    with pytest.raises(ValidationError) as raised:
        appointments.intake_slots_publish(
            actor=guide, region=region, starts_at=in_days(20), minutes=60, weeks=1
        )
    assert raised.value.message_dict["location"] == ["Give a place, an online link, or both."]
    with pytest.raises(ValidationError):
        appointments.intake_slots_publish(
            actor=guide, region=region, starts_at=in_days(-1), minutes=60, location="Loket"
        )
    assert IntakeSlot.objects.count() == 1


def test_a_candidate_in_orientation_books_a_slot_and_both_are_mailed_with_a_calendar_file(
    candidate, slot, guide
):
    appointment, moved = appointments.intake_book(candidate=candidate, slot=slot)
    assert not moved and appointment.with_user == guide and appointment.slot == slot
    mine = OutgoingMail.objects.get(reason=MailReason.APPOINTMENT_PLANNED, recipient=candidate.user)
    theirs = OutgoingMail.objects.get(reason=MailReason.APPOINTMENT_PLANNED, recipient=guide)
    assert mine.essential and mine.attachment_name.endswith(".ics")
    assert "Karim" not in theirs.subject
    entry = icalendar.Calendar.from_ical(mine.attachment_text).walk("VEVENT")[0]
    assert slot.starts_at == entry.DTSTART and slot.ends_at == entry.DTEND
    assert not bookable_slots(region=slot.region, now=timezone.now()).exists()


def test_booking_refuses_other_phases_past_and_close_slots_and_books_nothing(
    candidate, guide, region
):
    interest = CandidateFactory(region=region, phase=Phase.INTERESSE)
    with pytest.raises(ValidationError) as raised:
        appointments.intake_book(
            candidate=interest, slot=IntakeSlotFactory(guide=guide, region=region)
        )
    assert "for candidates in orientation" in messages_of(raised)[0]
    past = IntakeSlotFactory(guide=guide, region=region, starts_at=in_days(-1))
    with pytest.raises(ValidationError) as raised:
        appointments.intake_book(candidate=candidate, slot=past)
    assert messages_of(raised) == ["This time has passed. Choose one of the times still free."]
    soon = IntakeSlotFactory(guide=guide, region=region, starts_at=in_days(0.5))
    with pytest.raises(ValidationError) as raised:
        appointments.intake_book(candidate=candidate, slot=soon)
    assert messages_of(raised) == ["This time is less than 24 hours away. Choose a later one."]
    assert not Appointment.objects.exists()


def test_a_slot_just_taken_says_so_and_is_not_booked_twice(candidate, slot, region):
    appointments.intake_book(candidate=candidate, slot=slot)
    other = CandidateFactory(region=region, phase=Phase.ORIENTATIE)
    with pytest.raises(ValidationError) as raised:
        appointments.intake_book(candidate=other, slot=slot)
    assert messages_of(raised) == [
        "Someone else has just booked this time. Choose one of the times still free."
    ]
    assert Appointment.objects.filter(slot=slot, cancelled_at=None).count() == 1


def test_the_database_refuses_a_second_appointment_in_one_slot(candidate, slot, region):
    appointments.intake_book(candidate=candidate, slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            candidate=CandidateFactory(region=region),
            slot=slot,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            location="x",
        )


def test_moving_keeps_the_calendar_uid_and_cancelling_frees_the_slot(
    candidate, slot, guide, region
):
    first, _ = appointments.intake_book(candidate=candidate, slot=slot)
    later = IntakeSlotFactory(guide=guide, region=region, starts_at=in_days(5, hour=11))
    moved, was_moved = appointments.intake_book(candidate=candidate, slot=later)
    assert was_moved and moved.pk == first.pk and moved.sequence == 1
    assert bookable_slots(region=region, now=timezone.now()).get() == slot
    changed = OutgoingMail.objects.get(
        reason=MailReason.APPOINTMENT_CHANGED, recipient=candidate.user
    )
    planned = OutgoingMail.objects.get(
        reason=MailReason.APPOINTMENT_PLANNED, recipient=candidate.user
    )
    new_entry = icalendar.Calendar.from_ical(changed.attachment_text).walk("VEVENT")[0]
    old_entry = icalendar.Calendar.from_ical(planned.attachment_text).walk("VEVENT")[0]
    assert str(new_entry["UID"]) == str(old_entry["UID"])
    assert int(new_entry["SEQUENCE"]) > int(old_entry["SEQUENCE"])
    assert appointments.intake_cancel_booking(candidate=candidate, appointment=moved) is True
    assert appointments.intake_cancel_booking(candidate=candidate, appointment=moved) is False
    cancelled = OutgoingMail.objects.filter(reason=MailReason.APPOINTMENT_CANCELLED)
    assert set(cancelled.values_list("recipient", flat=True)) == {candidate.user.pk, guide.pk}
    calendar = icalendar.Calendar.from_ical(cancelled.get(recipient=candidate.user).attachment_text)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert bookable_slots(region=region, now=timezone.now()).count() == 2


def test_no_moving_or_cancelling_within_the_set_hours(candidate, guide, region, slot):
    appointment, _ = appointments.intake_book(candidate=candidate, slot=slot)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=in_days(0.5), ends_at=in_days(0.5) + datetime.timedelta(hours=1)
    )
    appointment.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        appointments.intake_cancel_booking(candidate=candidate, appointment=appointment)
    assert "less than 24 hours away" in messages_of(raised)[0]
    assert Appointment.objects.get(pk=appointment.pk).cancelled_at is None


def test_a_guide_cannot_plan_over_a_booked_slot(candidate, slot, guide, region):
    appointments.intake_book(candidate=candidate, slot=slot)
    with pytest.raises(ValidationError) as raised:
        appointments.appointment_plan(
            actor=guide,
            candidate=CandidateFactory(region=region),
            kind=Appointment.Kind.INTAKE,
            starts_at=slot.starts_at + datetime.timedelta(minutes=30),
            location="Loket",
        )
    assert (
        "You already have an appointment at that time" in raised.value.message_dict["starts_at"][0]
    )
    assert Appointment.objects.count() == 1


def test_a_guide_planning_over_a_free_slot_takes_it_off_the_list(slot, guide, region):
    appointments.appointment_plan(
        actor=guide,
        candidate=CandidateFactory(region=region),
        kind=Appointment.Kind.INTAKE,
        starts_at=slot.starts_at,
        location="Loket",
    )
    assert not bookable_slots(region=region, now=timezone.now()).exists()
    with pytest.raises(ValidationError):
        appointments.intake_book(
            candidate=CandidateFactory(region=region, phase=Phase.ORIENTATIE), slot=slot
        )


def test_a_desk_move_mails_the_new_time_and_the_reminder_key_follows(guide, region):
    candidate = CandidateFactory(region=region, user__language="en")
    planned = appointments.appointment_plan(
        actor=guide,
        candidate=candidate,
        kind=Appointment.Kind.INTAKE,
        starts_at=in_days(4, hour=10),
        location="Loket",
    )
    moved = appointments.appointment_move(
        actor=guide, appointment=planned, starts_at=in_days(6, hour=15), location="Elders"
    )
    mail = OutgoingMail.objects.get(reason=MailReason.APPOINTMENT_CHANGED)
    assert mail.key == f"appointment_changed:{planned.pk}:1" and "Elders" in mail.body_text
    assert moved.ends_at - moved.starts_at == datetime.timedelta(hours=1)


def guide_with_feed(region):
    user = UserFactory()
    give_role(user, Role.DESK_STAFF, region=region)
    return user, calendar_feed_of(user)


def test_the_guide_feed_shows_intakes_without_names_and_renewing_stops_the_old_address(
    candidate, slot, guide, region
):
    appointments.intake_book(candidate=candidate, slot=slot)
    event = EventFactory(region=region, title="Informatieavond")
    feed = calendar_feed_of(guide)
    assert len(feed.token) >= 40
    content = calendar_feed_ics(feed.token)
    calendar = icalendar.Calendar.from_ical(content)
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Informatieavond", "Intake conversation"]
    assert b"Karim" not in content and b"Kandidaat" not in content
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    intake = next(e for e in calendar.walk("VEVENT") if "Intake" in str(e["SUMMARY"]))
    assert f"/loket/kandidaten/{candidate.pk}/" in str(intake["URL"])
    assert str(intake.DTSTART.tzinfo) == "Europe/Amsterdam"
    assert event.pk
    old = feed.token
    calendar_feed_renew(user=guide)
    assert calendar_feed_ics(old) is None
    assert calendar_feed_ics(calendar_feed_of(guide).token) is not None


@pytest.mark.django_db(transaction=True)
def test_one_slot_booked_twice_at_the_same_moment_is_booked_once():
    """Two candidates press "book" at the same moment, each in a real transaction on its own
    connection: one gets the slot, the other the message, and the slot holds one intake."""
    region = RegionFactory()
    guide = UserFactory()
    give_role(guide, Role.DESK_STAFF, region=region)
    slot = IntakeSlotFactory(guide=guide, region=region)
    racers = [CandidateFactory(region=region, phase=Phase.ORIENTATIE) for _ in range(2)]
    start = threading.Barrier(len(racers))
    outcomes = []

    def book(candidate):
        # A thread starts in the default language (Dutch): the message is read in English here.
        with translation.override("en"):
            try:
                start.wait()
                appointments.intake_book(candidate=candidate, slot=slot)
                outcomes.append("booked")
            except ValidationError as error:
                outcomes.append(str(error.messages[0]))
            finally:
                connection.close()

    threads = [threading.Thread(target=book, args=(c,)) for c in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [
        "Someone else has just booked this time. Choose one of the times still free.",
        "booked",
    ]
    assert Appointment.objects.filter(slot=slot, cancelled_at=None).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_guide_planning_while_a_candidate_books_the_same_time_never_double_books():
    region = RegionFactory()
    guide = UserFactory()
    give_role(guide, Role.DESK_STAFF, region=region)
    slot = IntakeSlotFactory(guide=guide, region=region)
    booker = CandidateFactory(region=region, phase=Phase.ORIENTATIE)
    planned_for = CandidateFactory(region=region)
    start = threading.Barrier(2)
    outcomes = {}

    def run(name, action):
        try:
            start.wait()
            action()
            outcomes[name] = "ok"
        except ValidationError:
            outcomes[name] = "refused"
        finally:
            connection.close()

    def plan():
        appointments.appointment_plan(
            actor=guide,
            candidate=planned_for,
            kind=Appointment.Kind.INTAKE,
            starts_at=slot.starts_at,
            location="Loket",
        )

    threads = [
        threading.Thread(
            target=run, args=("book", lambda: appointments.intake_book(candidate=booker, slot=slot))
        ),
        threading.Thread(target=run, args=("plan", plan)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["ok", "refused"]
    assert Appointment.objects.filter(with_user=guide, cancelled_at=None).count() == 1
