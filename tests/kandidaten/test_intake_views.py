"""The pages: joining a waiting list, the calendar file, booking an intake with and without
htmx, the guide's agenda and feed; ids of another region answer 404."""

import icalendar
import pytest

from kandidaten.models import Appointment, IntakeSlot, Phase, WaitingListEntry
from kandidaten.services import appointments
from kandidaten.services.feeds import calendar_feed_of
from loket.core.mail import delivery
from loket.core.models import MailReason, OutgoingMail, Role
from tests.factories import UserFactory, give_role
from tests.kandidaten.event_factories import (
    EventFactory,
    EventRegistrationFactory,
    IntakeSlotFactory,
    in_days,
)
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
BOOKING = "/mijn-traject/intake/"


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
    return CandidateFactory(region=region, phase=Phase.ORIENTATIE, full_name="Karim Kandidaat")


def text(response) -> str:
    return response.content.decode()


def test_a_full_event_offers_the_waiting_list_and_joining_twice_says_so(client, region, candidate):
    event = EventFactory(region=region, capacity=1)
    EventRegistrationFactory(event=event)
    client.force_login(candidate.user)
    assert "Zet me op de wachtlijst" in text(client.get(f"/evenementen/{event.pk}/"))
    page = text(client.post(f"/evenementen/{event.pk}/wachtlijst/", follow=True))
    assert "Je staat op de wachtlijst, nummer 1." in page
    assert "Van de wachtlijst af" in page
    page = text(client.post(f"/evenementen/{event.pk}/wachtlijst/", follow=True))
    assert "Je staat al op de wachtlijst voor dit evenement." in page
    assert WaitingListEntry.objects.count() == 1
    page = text(client.post(f"/evenementen/{event.pk}/wachtlijst/verlaten/", follow=True))
    assert "Je staat niet meer op de wachtlijst." in page


def test_cancelling_after_the_event_is_refused_and_changes_nothing(client, region, candidate):
    event = EventFactory(region=region, starts_at=in_days(-1), ends_at=in_days(-0.9))
    registration = EventRegistrationFactory(event=event, candidate=candidate)
    client.force_login(candidate.user)
    page = text(client.post(f"/evenementen/{event.pk}/afmelden/", follow=True))
    assert "Dit evenement is al begonnen" in page
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_add_to_my_calendar_downloads_the_events_file(client, region):
    event = EventFactory(region=region, title="Informatieavond")
    response = client.get(f"/evenementen/{event.pk}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    entry = calendar.walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == "Informatieavond"
    assert str(entry.DTSTART.tzinfo) == "Europe/Amsterdam"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    assert "Zet in mijn agenda" in text(client.get(f"/evenementen/{event.pk}/"))


def test_booking_without_javascript_redirects_with_the_message(client, candidate, guide, region):
    slot = IntakeSlotFactory(guide=guide, region=region)
    client.force_login(candidate.user)
    page = text(client.get(BOOKING))
    assert "Boek deze tijd" in page and "Gerda Gids" in page
    response = client.post(f"{BOOKING}{slot.pk}/boeken/", follow=True)
    assert response.redirect_chain[-1][0] == BOOKING
    page = text(response)
    assert "Je intake is geboekt op" in page and "Zeg mijn intake af" in page
    page = text(client.post(f"{BOOKING}annuleren/", follow=True))
    assert "Je intake is afgezegd; de tijd is weer vrij." in page
    assert not Appointment.objects.filter(cancelled_at=None).exists()


def test_booking_with_htmx_answers_the_partial(client, candidate, guide, region):
    slot = IntakeSlotFactory(guide=guide, region=region)
    client.force_login(candidate.user)
    response = client.post(f"{BOOKING}{slot.pk}/boeken/", **HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page and "Je intake is geboekt op" in page


def test_a_slot_just_taken_shows_the_message_and_the_times_still_free(
    client, candidate, guide, region
):
    taken = IntakeSlotFactory(guide=guide, region=region)
    free = IntakeSlotFactory(guide=guide, region=region, starts_at=in_days(4, hour=9))
    appointments.intake_book(
        candidate=CandidateFactory(region=region, phase=Phase.ORIENTATIE), slot=taken
    )
    client.force_login(candidate.user)
    response = client.post(f"{BOOKING}{taken.pk}/boeken/")
    assert response.status_code == 409
    page = text(response)
    assert "Iemand anders heeft deze tijd net geboekt." in page
    assert f"{BOOKING}{free.pk}/boeken/" in page
    assert not candidate.appointments.exists()


def test_a_slot_of_another_region_is_a_404(client, candidate, other_region):
    elsewhere = IntakeSlotFactory(region=other_region)
    client.force_login(candidate.user)
    assert client.post(f"{BOOKING}{elsewhere.pk}/boeken/").status_code == 404


def test_the_guide_publishes_weekly_times_and_sees_the_day(client, guide, region, candidate):
    client.force_login(guide)
    start = in_days(3, hour=14)
    response = client.post(
        "/loket/agenda/",
        {
            "region": region.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "45",
            "weeks": "3",
            "location": "Loket Domstad",
        },
        follow=True,
    )
    page = text(response)
    assert IntakeSlot.objects.filter(guide=guide).count() == 3
    assert "Vrije tijd voor een intake" in page and "14:00–14:45" in page
    # Bad input: a clear message and nothing published.
    response = client.post(
        "/loket/agenda/",
        {"region": region.pk, "starts_at": "gisteren", "minutes": "5", "weeks": "40"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Kies een duur van 15 minuten tot 4 uur." in page
    assert "Herhaal 1 tot 12 weken." in page
    assert IntakeSlot.objects.count() == 3


def test_the_feed_answers_only_its_token_and_withdrawing_a_booked_time_is_refused(
    client, guide, region, candidate
):
    slot = IntakeSlotFactory(guide=guide, region=region)
    appointments.intake_book(candidate=candidate, slot=slot)
    token = calendar_feed_of(guide).token
    response = client.get(f"/agenda/{token}.ics")
    assert response.status_code == 200 and b"Karim" not in response.content
    assert client.get("/agenda/niet-de-sleutel.ics").status_code == 404
    client.force_login(guide)
    page = text(client.post(f"/loket/agenda/tijden/{slot.pk}/intrekken/", follow=True))
    assert "Deze tijd is geboekt; zeg eerst de intake af" in page
    client.post("/loket/agenda/adres-vernieuwen/")
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_staff_of_another_region_cannot_withdraw_a_slot(client, other_region, guide, region):
    slot = IntakeSlotFactory(guide=guide, region=region)
    outsider = UserFactory()
    give_role(outsider, Role.DESK_STAFF, region=other_region)
    client.force_login(outsider)
    assert client.post(f"/loket/agenda/tijden/{slot.pk}/intrekken/").status_code == 404
    assert IntakeSlot.objects.get(pk=slot.pk).cancelled_at is None


def test_the_desk_moves_an_appointment_from_the_file_and_the_candidate_is_mailed(
    client, guide, region
):
    candidate = CandidateFactory(region=region)
    planned = appointments.appointment_plan(
        actor=guide,
        candidate=candidate,
        kind=Appointment.Kind.INTAKE,
        starts_at=in_days(4, hour=10),
        location="Loket",
    )
    client.force_login(guide)
    url = f"/loket/kandidaten/{candidate.pk}/afspraken/{planned.pk}/verplaatsen/"
    new_start = in_days(6, hour=15)
    response = client.post(
        url, {"starts_at": new_start.strftime("%Y-%m-%dT%H:%M"), "location": "Elders"}, **HTMX
    )
    assert "krijgt een e-mail met de nieuwe tijd" in text(response)
    planned.refresh_from_db()
    assert planned.starts_at == new_start and planned.location == "Elders"
    assert OutgoingMail.objects.filter(reason=MailReason.APPOINTMENT_CHANGED).count() == 1
    response = client.post(url, {"starts_at": "2020-01-01T10:00", "location": "Elders"})
    assert response.status_code == 400
    assert "Het begin ligt in het verleden" in text(response)
    planned.refresh_from_db()
    assert planned.starts_at == new_start
