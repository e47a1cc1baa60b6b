"""The event and appointment services: the rules they keep and the messages they give."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from kandidaten.models import Appointment, CandidateAccess, Event, EventRegistration
from kandidaten.services import appointments, events
from loket.core.mail import delivery
from loket.core.mail.preferences import mail_preference_set
from loket.core.models import MailReason, OutgoingMail, Role
from tests.factories import UserFactory, give_role
from tests.kandidaten.event_factories import (
    AppointmentFactory,
    EventFactory,
    EventRegistrationFactory,
    in_days,
)
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The services' refusals are asserted in the English source (not in whatever language a
    previous test's request left active)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


@pytest.fixture
def staff(region):
    user = UserFactory(full_name="Lotte Loket")
    give_role(user, Role.DESK_STAFF, region=region)
    return user


@pytest.fixture
def candidate(region):
    return CandidateFactory(region=region, user__language="en", full_name="Karim Kandidaat")


def errors_of(raised) -> dict:
    with translation.override("en"):
        return {
            field: [str(m) for m in messages] for field, messages in raised.message_dict.items()
        }


def messages_of(raised) -> list[str]:
    with translation.override("en"):
        return [str(m) for m in raised.messages]


def new_event(actor, region, **overrides):
    data = {
        "actor": actor,
        "region": region,
        "kind": Event.Kind.INFO,
        "title": "Informatieavond zij-instroom",
        "description": "Kom langs.",
        "starts_at": in_days(10, hour=19),
        "ends_at": in_days(10, hour=21),
        "location": "Utrecht",
        "capacity": 30,
        "is_published": True,
    }
    data.update(overrides)
    return events.event_create(**data)


# --- Creating and changing events ----------------------------------------------------------------


def test_staff_create_an_event_of_their_region(staff, region):
    event = new_event(staff, region, title="  Meeloopdag  ")
    assert (event.region, event.title, event.created_by) == (region, "Meeloopdag", staff)


def test_an_event_of_another_region_is_refused(staff, other_region):
    with pytest.raises(ValidationError) as raised:
        new_event(staff, other_region)
    assert errors_of(raised.value) == {"region": ["Choose one of the regions you work for."]}
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"starts_at": in_days(-1, hour=19), "ends_at": in_days(-1, hour=21)},
            "starts_at",
            "The start has passed; choose a moment later.",
        ),
        (
            {"ends_at": in_days(10, hour=18)},
            "ends_at",
            "The end is before the start; choose an end after the start.",
        ),
        (
            {"capacity": 0},
            "capacity",
            "An event needs at least one place; leave the field empty for no limit.",
        ),
        (
            {"title": "x" * 161},
            "title",
            "Ensure this value has at most 160 characters (it has 161).",
        ),
        (
            {"starts_at": in_days(800, hour=19), "ends_at": in_days(800, hour=21)},
            "starts_at",
            "Choose a start within the next two years.",
        ),
    ],
)
def test_an_invalid_event_is_refused_with_a_clear_message(staff, region, overrides, field, message):
    with pytest.raises(ValidationError) as raised:
        new_event(staff, region, **overrides)
    assert errors_of(raised.value)[field] == [message]
    assert not Event.objects.exists()


def update(event, actor, **overrides):
    data = {
        name: getattr(event, name)
        for name in (
            "region",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "is_published",
        )
    }
    data.update(overrides)
    return events.event_update(actor=actor, event=event, **data)


def test_places_cannot_drop_below_the_people_who_have_one(staff, region):
    event = EventFactory(region=region, capacity=5)
    EventRegistrationFactory.create_batch(3, event=event)
    with pytest.raises(ValidationError) as raised:
        update(event, staff, capacity=2)
    assert errors_of(raised.value)["capacity"] == [
        "3 people have a place already; choose at least 3 places."
    ]
    assert update(event, staff, capacity=3).capacity == 3


def test_a_past_event_can_be_corrected_but_not_moved_into_the_past(staff, region):
    past = EventFactory(region=region, starts_at=in_days(-3, hour=19), ends_at=in_days(-3, hour=21))
    assert update(past, staff, description="Verslag volgt.").description == "Verslag volgt."
    upcoming = EventFactory(region=region)
    with pytest.raises(ValidationError) as raised:
        update(upcoming, staff, starts_at=in_days(-1, hour=19), ends_at=in_days(-1, hour=21))
    assert "starts_at" in raised.value.message_dict
    upcoming.refresh_from_db()
    assert upcoming.starts_at > timezone.now()


def test_a_cancelled_event_cannot_be_changed_and_is_cancelled_once(staff, region):
    event = EventFactory(region=region)
    assert events.event_cancel(actor=staff, event=event) is True
    assert events.event_cancel(actor=staff, event=event) is False
    with pytest.raises(ValidationError) as raised:
        update(event, staff, title="Nieuw")
    assert messages_of(raised.value) == [
        "This event has been cancelled; it cannot be changed any more."
    ]


def test_staff_of_another_region_cannot_change_or_cancel(region, other_region):
    elsewhere = UserFactory()
    give_role(elsewhere, Role.DESK_STAFF, region=other_region)
    event = EventFactory(region=region)
    with pytest.raises(ValidationError):
        events.event_cancel(actor=elsewhere, event=event)
    with pytest.raises(ValidationError):
        update(event, elsewhere, region=other_region)
    event.refresh_from_db()
    assert event.cancelled_at is None and event.region == region


# --- Places --------------------------------------------------------------------------------------


def test_signing_up_takes_a_place_and_confirms_by_essential_mail(candidate, region):
    event = EventFactory(region=region, title="Meeloopdag Techniek")
    registration, created = events.event_register(candidate=candidate, event=event)
    assert created and registration.cancelled_at is None
    mail = OutgoingMail.objects.get(reason=MailReason.EVENT_SIGNUP)
    assert (mail.recipient, mail.essential, mail.region) == (candidate.user, True, region)
    assert "Meeloopdag Techniek" in mail.subject
    assert "Meeloopdag Techniek" in mail.body_text and "Stadhuisplein 1" in mail.body_text


def test_signing_up_twice_keeps_one_place_and_one_mail(candidate, region):
    event = EventFactory(region=region)
    first, _ = events.event_register(candidate=candidate, event=event)
    again, created = events.event_register(candidate=candidate, event=event)
    assert (again.pk, created) == (first.pk, False)
    assert OutgoingMail.objects.count() == 1


def test_cancelling_frees_the_place_and_signing_up_again_reopens_the_row(candidate, region):
    event = EventFactory(region=region, capacity=1)
    registration, _ = events.event_register(candidate=candidate, event=event)
    assert events.event_unregister(candidate=candidate, event=event) is True
    assert events.event_unregister(candidate=candidate, event=event) is False
    someone = CandidateFactory(region=region)
    events.event_register(candidate=someone, event=event)
    with pytest.raises(ValidationError) as raised:
        events.event_register(candidate=candidate, event=event)
    assert messages_of(raised.value) == ["This event is full. You can join the waiting list."]
    events.event_unregister(candidate=someone, event=event)
    reopened, created = events.event_register(candidate=candidate, event=event)
    assert (reopened.pk, created, reopened.cancelled_at) == (registration.pk, True, None)
    assert EventRegistration.objects.filter(candidate=candidate).count() == 1


@pytest.mark.parametrize(
    ("event_kwargs", "message"),
    [
        ({"cancelled_at": timezone.now()}, "This event has been cancelled."),
        ({"is_published": False}, "This event is not open for sign-up."),
        (
            {"starts_at": in_days(-1), "ends_at": in_days(-1) + datetime.timedelta(hours=2)},
            "This event has already started or taken place.",
        ),
    ],
)
def test_no_sign_up_for_a_cancelled_unpublished_or_past_event(
    candidate, region, event_kwargs, message
):
    event = EventFactory(region=region, **event_kwargs)
    with pytest.raises(ValidationError) as raised:
        events.event_register(candidate=candidate, event=event)
    assert messages_of(raised.value) == [message]
    assert not EventRegistration.objects.exists() and not OutgoingMail.objects.exists()


def test_an_unfinished_registration_cannot_sign_up(region):
    starter = CandidateFactory(region=region, registration_step=3)
    with pytest.raises(ValidationError) as raised:
        events.event_register(candidate=starter, event=EventFactory(region=region))
    assert messages_of(raised.value) == [
        "Finish your registration before you sign up for an event."
    ]


def test_no_cancelling_a_place_once_the_event_started(candidate, region):
    event = EventFactory(region=region, starts_at=in_days(-0.01), ends_at=in_days(0.1))
    EventRegistrationFactory(event=event, candidate=candidate)
    with pytest.raises(ValidationError):
        events.event_unregister(candidate=candidate, event=event)
    assert EventRegistration.objects.get().cancelled_at is None


@pytest.mark.django_db(transaction=True)
def test_racing_sign_ups_for_the_last_place_give_it_to_one(monkeypatch):
    """Six candidates press the button at the same moment for one place: the row lock on the
    event serialises them, so one gets it and five hear that it is full."""
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)
    from tests.kandidaten.factories import seed_reference_data

    seed_reference_data()
    event = EventFactory(capacity=1)
    racers = [CandidateFactory(region=event.region) for _ in range(6)]
    start = threading.Barrier(len(racers))
    outcomes = []

    def sign_up(candidate):
        try:
            start.wait()
            events.event_register(candidate=candidate, event=event)
            outcomes.append("place")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(c,)) for c in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("place") == 1
    assert len(outcomes) == 6
    assert EventRegistration.objects.filter(event=event, cancelled_at=None).count() == 1
    assert OutgoingMail.objects.filter(reason=MailReason.EVENT_SIGNUP).count() == 1


# --- Appointments --------------------------------------------------------------------------------


def plan(actor, candidate, **overrides):
    data = {
        "actor": actor,
        "candidate": candidate,
        "kind": Appointment.Kind.INTAKE,
        "starts_at": in_days(2, hour=10),
        "location": "Loket, Utrecht",
        "note": "Neem je diploma mee.",
    }
    data.update(overrides)
    return appointments.appointment_plan(**data)


def test_planning_an_intake_mails_the_candidate_with_the_start_in_the_key(staff, candidate):
    appointment = plan(staff, candidate)
    assert (appointment.with_user, appointment.created_by) == (staff, staff)
    mail = OutgoingMail.objects.get(reason=MailReason.APPOINTMENT_PLANNED)
    assert mail.essential and mail.recipient == candidate.user
    assert mail.key == (
        f"appointment_planned:{appointment.pk}:{events.start_key(appointment.starts_at)}"
    )
    assert "Neem je diploma mee." in mail.body_text and "Loket, Utrecht" in mail.body_text
    assert "Lotte Loket" in mail.body_text
    log = CandidateAccess.objects.get(candidate=candidate)
    assert (log.user, log.action) == (staff, CandidateAccess.Action.CHANGE)


def test_an_appointment_mail_reaches_someone_who_unsubscribed(staff, candidate):
    mail_preference_set(user=candidate.user, reminders_opt_out=True)
    plan(staff, candidate)
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.QUEUED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"starts_at": in_days(-0.1)}, "starts_at", "The start has passed; choose a moment later."),
        (
            {"note": "x" * 501},
            "note",
            "Ensure this value has at most 500 characters (it has 501).",
        ),
        ({"location": "  "}, "location", "This field cannot be blank."),
    ],
)
def test_an_invalid_appointment_saves_and_mails_nothing(
    staff, candidate, overrides, field, message
):
    with pytest.raises(ValidationError) as raised:
        plan(staff, candidate, **overrides)
    assert errors_of(raised.value)[field] == [message]
    assert not Appointment.objects.exists() and not OutgoingMail.objects.exists()


def test_staff_of_another_region_cannot_plan_or_cancel(candidate, other_region):
    elsewhere = UserFactory()
    give_role(elsewhere, Role.DESK_STAFF, region=other_region)
    with pytest.raises(ValidationError):
        plan(elsewhere, candidate)
    appointment = AppointmentFactory(candidate=candidate)
    with pytest.raises(ValidationError):
        appointments.appointment_cancel(actor=elsewhere, appointment=appointment)
    assert Appointment.objects.get().cancelled_at is None


def test_cancelling_an_appointment_keeps_the_row_once(staff, candidate):
    appointment = AppointmentFactory(candidate=candidate)
    assert appointments.appointment_cancel(actor=staff, appointment=appointment) is True
    assert appointments.appointment_cancel(actor=staff, appointment=appointment) is False
    assert Appointment.objects.get().cancelled_at is not None
    past = AppointmentFactory(candidate=candidate, starts_at=in_days(-1))
    with pytest.raises(ValidationError):
        appointments.appointment_cancel(actor=staff, appointment=past)


# --- Demo data -----------------------------------------------------------------------------------


def test_demo_events_and_intake_are_seeded_once():
    from loket.demo import candidates as demo
    from loket.demo import core as loket_demo

    loket_demo.seed()
    demo.seed()
    counts = (Event.objects.count(), EventRegistration.objects.count(), Appointment.objects.count())
    demo.seed()
    assert (
        Event.objects.count(),
        EventRegistration.objects.count(),
        Appointment.objects.count(),
    ) == counts
    now = timezone.now()
    assert Event.objects.filter(starts_at__gt=now).count() == 3
    assert Event.objects.filter(starts_at__lt=now).count() == 2
    intake = Appointment.objects.get()
    assert intake.candidate.user.email == "kandidaat@demo.regioloket.example"
    assert intake.starts_at > now and intake.kind == Appointment.Kind.INTAKE
    assert EventRegistration.objects.get().candidate == intake.candidate
