"""Waiting lists, and the mails with calendar files when an event is moved or cancelled."""

import datetime
import threading

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from kandidaten.models import EventRegistration, WaitingListEntry
from kandidaten.services import events
from loket.core.mail import delivery
from loket.core.models import MailReason, OutgoingMail, Role
from tests.factories import RegionFactory, UserFactory, give_role
from tests.kandidaten.event_factories import EventFactory, in_days
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
def staff(region):
    user = UserFactory()
    give_role(user, Role.DESK_STAFF, region=region)
    return user


@pytest.fixture
def full_event(region):
    """One place, taken; two candidates waiting in order."""
    event = EventFactory(region=region, capacity=1)
    holder = CandidateFactory(region=region, user__language="en")
    events.event_register(candidate=holder, event=event)
    first = CandidateFactory(region=region, user__language="en")
    second = CandidateFactory(region=region, user__language="en")
    events.event_join_waiting_list(candidate=first, event=event)
    events.event_join_waiting_list(candidate=second, event=event)
    return event, holder, first, second


def place_mails(candidate):
    return OutgoingMail.objects.filter(
        reason=MailReason.WAITING_LIST_PLACE, recipient=candidate.user
    )


def has_place(event, candidate) -> bool:
    return EventRegistration.objects.filter(
        event=event, candidate=candidate, cancelled_at=None
    ).exists()


def messages_of(raised) -> list[str]:
    return [str(m) for m in raised.value.messages]


def update(staff, event, **changes):
    data = {
        name: getattr(event, name)
        for name in [
            "region",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "is_published",
        ]
    }
    data.update(changes)
    return events.event_update(actor=staff, event=event, **data)


def test_a_full_event_keeps_a_waiting_list_in_order(full_event):
    event, _holder, first, second = full_event
    assert list(events.waiting_of(event).values_list("candidate", flat=True)) == [
        first.pk,
        second.pk,
    ]
    entry = WaitingListEntry.objects.get(candidate=second)
    assert events.waiting_position(entry) == 2


def test_joining_twice_or_with_a_place_or_with_room_is_refused_and_changes_nothing(
    full_event, region
):
    event, holder, first, _second = full_event
    with pytest.raises(ValidationError) as raised:
        events.event_join_waiting_list(candidate=first, event=event)
    assert messages_of(raised) == ["You are already on the waiting list for this event."]
    with pytest.raises(ValidationError) as raised:
        events.event_join_waiting_list(candidate=holder, event=event)
    assert messages_of(raised) == ["You already have a place at this event."]
    roomy = EventFactory(region=region, capacity=5)
    with pytest.raises(ValidationError) as raised:
        events.event_join_waiting_list(candidate=first, event=roomy)
    assert messages_of(raised) == ["There are places free at this event: sign up instead."]
    assert WaitingListEntry.objects.count() == 2


def test_a_cancellation_moves_the_first_one_up_at_once_and_mails_them_once(full_event):
    event, holder, first, second = full_event
    assert events.event_unregister(candidate=holder, event=event) is True
    assert has_place(event, first) and not has_place(event, second)
    mail = place_mails(first).get()
    assert mail.essential and "a place came free" in mail.body_text
    assert mail.attachment_name == f"event-{event.pk}.ics"
    assert icalendar.Calendar.from_ical(mail.attachment_text).walk("VEVENT")
    assert not place_mails(second).exists()
    registration = EventRegistration.objects.get(event=event, candidate=first)
    assert registration.from_waiting_list_at is not None
    # The task that catches free places, run twice: nothing more, no mail twice.
    assert events.fill_waiting_lists.apply().get() == 0
    assert events.fill_waiting_lists.apply().get() == 0
    assert place_mails(first).count() == 1 and not place_mails(second).exists()


def test_the_one_moved_up_can_decline_and_the_next_one_gets_it(full_event):
    event, holder, first, second = full_event
    events.event_unregister(candidate=holder, event=event)
    assert events.event_unregister(candidate=first, event=event) is True
    assert has_place(event, second) and not has_place(event, first)
    assert place_mails(first).count() == 1 and place_mails(second).count() == 1


def test_more_places_go_to_those_waiting_and_the_task_twice_mails_nobody_twice(full_event, staff):
    event, _holder, first, second = full_event
    update(staff, event, capacity=2)
    assert has_place(event, first) and not has_place(event, second)
    # A place freed behind the services' back (the admin): the task fills it, once.
    EventRegistration.objects.filter(event=event, candidate=first).update(cancelled_at=in_days(0))
    assert events.fill_waiting_lists.apply().get() == 1
    assert events.fill_waiting_lists.apply().get() == 0
    assert place_mails(second).count() == 1 and place_mails(first).count() == 1


def test_leaving_the_list_gives_up_the_turn(full_event):
    event, holder, first, second = full_event
    assert events.event_leave_waiting_list(candidate=first, event=event) is True
    assert events.event_leave_waiting_list(candidate=first, event=event) is False
    events.event_unregister(candidate=holder, event=event)
    assert has_place(event, second) and not has_place(event, first)


def test_moving_an_event_mails_everyone_with_a_place_once_with_the_same_uid(full_event, staff):
    event, holder, _first, _second = full_event
    signup = OutgoingMail.objects.get(reason=MailReason.EVENT_SIGNUP, recipient=holder.user)
    before = icalendar.Calendar.from_ical(signup.attachment_text).walk("VEVENT")[0]
    moved = update(
        staff,
        event,
        starts_at=event.starts_at + datetime.timedelta(days=1),
        ends_at=event.ends_at + datetime.timedelta(days=1),
    )
    update(staff, moved, title="Nieuwe titel")  # the text only: no mail
    mail = OutgoingMail.objects.get(reason=MailReason.EVENT_CHANGED)
    assert mail.recipient == holder.user and mail.essential
    after = icalendar.Calendar.from_ical(mail.attachment_text).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert moved.starts_at == after.DTSTART


def test_cancelling_an_event_mails_holders_a_cancel_file_and_tells_those_waiting(full_event, staff):
    event, holder, first, second = full_event
    assert events.event_cancel(actor=staff, event=event) is True
    assert events.event_cancel(actor=staff, event=event) is False
    cancelled = OutgoingMail.objects.filter(reason=MailReason.EVENT_CANCELLED)
    assert sorted(cancelled.values_list("recipient", flat=True)) == sorted(
        [holder.user.pk, first.user.pk, second.user.pk]
    )
    calendar = icalendar.Calendar.from_ical(cancelled.get(recipient=holder.user).attachment_text)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert not events.waiting_of(event).exists()


@pytest.mark.django_db(transaction=True)
def test_a_move_up_racing_a_new_sign_up_gives_the_place_to_the_one_waiting():
    """Two real transactions on separate connections: the holder cancels (the first one waiting
    moves up) while a newcomer presses "sign up" at the same moment. Whoever locks the event
    first, the newcomer finds it full and the place goes to the one who waited."""
    region = RegionFactory()
    event = EventFactory(region=region, capacity=1)
    holder = CandidateFactory(region=region)
    waiting = CandidateFactory(region=region)
    newcomer = CandidateFactory(region=region)
    events.event_register(candidate=holder, event=event)
    events.event_join_waiting_list(candidate=waiting, event=event)
    start = threading.Barrier(2)
    outcomes = {}

    def run(name, action):
        # A thread starts in the default language (Dutch): the message is read in English here.
        with translation.override("en"):
            try:
                start.wait()
                action()
                outcomes[name] = "ok"
            except ValidationError as error:
                outcomes[name] = str(error.messages[0])
            finally:
                connection.close()

    threads = [
        threading.Thread(
            target=run,
            args=("cancel", lambda: events.event_unregister(candidate=holder, event=event)),
        ),
        threading.Thread(
            target=run,
            args=("signup", lambda: events.event_register(candidate=newcomer, event=event)),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == {
        "cancel": "ok",
        "signup": "This event is full. You can join the waiting list.",
    }
    assert has_place(event, waiting) and not has_place(event, newcomer)
    assert EventRegistration.objects.filter(event=event, cancelled_at=None).count() == 1
    assert OutgoingMail.objects.filter(reason=MailReason.WAITING_LIST_PLACE).count() == 1
