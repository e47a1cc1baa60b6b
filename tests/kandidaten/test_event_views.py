"""Event and appointment pages: public list and sign-up, the desk's pages, and who may open
what (staff of another region get a 404 on every id, candidates no desk page at all)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kandidaten.models import Appointment, CandidateAccess, Event, EventRegistration
from loket.core.mail import delivery
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, OutgoingMail, Role
from loket.desk.views.appointments import appointment_context, mail_context
from tests.factories import RegionFactory, UserFactory, give_role
from tests.kandidaten.event_factories import (
    AppointmentFactory,
    EventFactory,
    EventRegistrationFactory,
    in_days,
)
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


@pytest.fixture
def staff(region):
    user = UserFactory(full_name="Lotte Loket")
    give_role(user, Role.DESK_STAFF, region=region)
    return user


@pytest.fixture
def outsider_staff(other_region):
    user = UserFactory(full_name="Erik Elders")
    give_role(user, Role.DESK_STAFF, region=other_region)
    return user


@pytest.fixture
def candidate(region):
    return CandidateFactory(region=region, full_name="Karim Kandidaat")


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- The public list and page --------------------------------------------------------------------


def test_the_list_shows_upcoming_published_events_of_every_region(client, region, other_region):
    EventFactory(region=region, title="Informatieavond Domstad")
    EventFactory(region=other_region, title="Meeloopdag Eemland", capacity=None)
    EventFactory(region=region, title="Concept", is_published=False)
    EventFactory(region=region, title="Afgelast", cancelled_at=timezone.now())
    EventFactory(region=region, title="Vorige week", starts_at=in_days(-7), ends_at=in_days(-6.9))
    html = page(client.get("/evenementen/", **EN))
    assert "Informatieavond Domstad" in html and "Meeloopdag Eemland" in html
    assert "Concept" not in html and "Afgelast" not in html and "Vorige week" not in html
    assert "20 places left" in html and "No limit on places" in html


def test_the_list_filters_by_region_without_javascript(client, region, other_region):
    EventFactory(region=region, title="Hier")
    EventFactory(region=other_region, title="Daar")
    html = page(client.get(f"/evenementen/?regio={other_region.slug}"))
    assert "Daar" in html and "Hier" not in html
    assert '<form method="get" action="/evenementen/"' in html


def test_an_unknown_region_filter_lists_everything(client, region):
    EventFactory(region=region, title="Hier")
    assert "Hier" in page(client.get("/evenementen/?regio=bestaat-niet"))


def test_the_list_is_paged(client, region):
    for day in range(25):
        EventFactory(region=region, title=f"Avond {day:02d}", starts_at=in_days(day + 1))
    first = page(client.get("/evenementen/"))
    assert "Avond 00" in first and "Avond 19" in first and "Avond 20" not in first
    assert 'rel="next"' in first
    assert "Avond 24" in page(client.get("/evenementen/?page=2"))


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_the_same_number_of_queries_for_5_and_50_events(
    client, django_assert_num_queries, rows
):
    regions = [RegionFactory() for _ in range(3)]
    for i in range(rows):
        event = EventFactory(region=regions[i % 3], starts_at=in_days(i + 1))
        EventRegistrationFactory(event=event, candidate=CandidateFactory(region=regions[0]))
    # Count, page of events (with places and region), regions for the filter; session-less.
    with django_assert_num_queries(3):
        assert client.get("/evenementen/").status_code == 200


def test_a_visitor_is_asked_to_sign_in_on_the_event_page(client, region):
    event = EventFactory(region=region)
    html = page(client.get(f"/evenementen/{event.pk}/", **EN))
    assert f"/accounts/login/?next=/evenementen/{event.pk}/" in html
    assert "Sign up for this event" not in html


def test_an_unpublished_event_has_no_public_page(client, region):
    assert client.get(f"/evenementen/{EventFactory(is_published=False).pk}/").status_code == 404


def test_a_registered_candidate_signs_up_and_can_cancel(client, candidate, region):
    event = EventFactory(region=region, capacity=3)
    client.force_login(candidate.user)
    html = page(client.get(f"/evenementen/{event.pk}/", **EN))
    assert "Sign up for this event" in html and "3 places left" in html
    response = client.post(f"/evenementen/{event.pk}/aanmelden/", follow=True, **EN)
    assert "You are signed up. We have sent you a confirmation by email." in messages_of(response)
    html = page(response)
    assert "Cancel my place" in html and "2 places left" in html
    assert OutgoingMail.objects.filter(reason=MailReason.EVENT_SIGNUP).count() == 1
    response = client.post(f"/evenementen/{event.pk}/afmelden/", follow=True, **EN)
    assert "Sign up for this event" in page(response)
    assert EventRegistration.objects.get().cancelled_at is not None


def test_a_full_event_says_so_and_refuses_the_sign_up(client, candidate, region):
    event = EventFactory(region=region, capacity=1)
    EventRegistrationFactory(event=event)
    client.force_login(candidate.user)
    html = page(client.get(f"/evenementen/{event.pk}/", **EN))
    assert "This event is full." in html and "Sign up for this event" not in html
    assert "Join the waiting list" in html
    response = client.post(f"/evenementen/{event.pk}/aanmelden/", follow=True, **EN)
    assert messages_of(response) == ["This event is full. You can join the waiting list."]
    assert EventRegistration.objects.count() == 1


def test_signing_up_needs_a_finished_registration(client, region):
    starter = CandidateFactory(region=region, registration_step=3)
    event = EventFactory(region=region)
    client.force_login(starter.user)
    assert "Continue my registration" in page(client.get(f"/evenementen/{event.pk}/", **EN))
    response = client.post(f"/evenementen/{event.pk}/aanmelden/")
    assert response["Location"] == reverse("kandidaten:start")
    assert not EventRegistration.objects.exists()


def test_signing_up_anonymously_goes_to_the_login(client, region):
    event = EventFactory(region=region)
    response = client.post(f"/evenementen/{event.pk}/aanmelden/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_cancelling_from_my_journey_goes_back_there_but_never_off_site(client, candidate, region):
    event = EventFactory(region=region)
    EventRegistrationFactory(event=event, candidate=candidate)
    client.force_login(candidate.user)
    response = client.post(f"/evenementen/{event.pk}/afmelden/", {"next": "/mijn-traject/"})
    assert response["Location"] == "/mijn-traject/"
    EventRegistration.objects.update(cancelled_at=None)
    response = client.post(f"/evenementen/{event.pk}/afmelden/", {"next": "https://evil.example/"})
    assert response["Location"] == f"/evenementen/{event.pk}/"


# --- The home page and "My journey" --------------------------------------------------------------


def test_the_home_page_shows_the_next_three_events(client, region):
    for day, title in [(9, "Vierde"), (2, "Eerste"), (5, "Derde"), (3, "Tweede")]:
        EventFactory(region=region, title=title, starts_at=in_days(day))
    EventFactory(region=region, title="Concept", starts_at=in_days(1), is_published=False)
    html = page(client.get("/", **EN))
    assert "Next events" in html
    assert html.index("Eerste") < html.index("Tweede") < html.index("Derde")
    assert "Vierde" not in html and "Concept" not in html
    assert 'href="/evenementen/"' in html


def test_the_home_page_has_no_events_block_without_events(client):
    assert "Next events" not in page(client.get("/", **EN))


def test_my_journey_lists_my_appointments_events_and_messages(client, candidate, region):
    AppointmentFactory(candidate=candidate, location="Loket, Stationsplein 3")
    AppointmentFactory(candidate=candidate, location="Afgezegd", cancelled_at=timezone.now())
    event = EventFactory(region=region, title="Meeloopdag Scheikunde")
    EventRegistrationFactory(event=event, candidate=candidate)
    EventRegistrationFactory(
        event=EventFactory(region=region, title="Afgelaste avond", cancelled_at=timezone.now()),
        candidate=candidate,
    )
    mail_queue(
        recipient=candidate.user, reason=MailReason.TEST, key="test:journey", subject="Hallo!"
    )
    mail_queue(
        recipient=candidate.user, reason=MailReason.TEST, key="test:capped", subject="Verborgen"
    )  # withheld by the cap: not shown to the candidate
    client.force_login(candidate.user)
    html = page(client.get("/mijn-traject/", **EN))
    assert "Loket, Stationsplein 3" in html and "Afgezegd" not in html
    assert "Meeloopdag Scheikunde" in html
    assert f'action="/evenementen/{event.pk}/afmelden/"' in html
    assert "Afgelaste avond" in html and "This event has been cancelled." in html
    assert "Hallo!" in html and "Verborgen" not in html


# --- The desk's event pages ----------------------------------------------------------------------


def event_form(region, **overrides):
    start = timezone.localtime(in_days(14, hour=19))
    data = {
        "region": region.pk,
        "kind": Event.Kind.INFO,
        "title": "Informatieavond",
        "description": "Welkom!",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": "Utrecht",
        "capacity": "25",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def test_staff_list_only_the_events_of_their_regions(client, staff, region, other_region):
    EventFactory(region=region, title="Van ons", is_published=False)
    EventFactory(region=other_region, title="Van hen")
    EventFactory(region=region, title="Geweest", starts_at=in_days(-5), ends_at=in_days(-4.9))
    client.force_login(staff)
    html = page(client.get("/loket/evenementen/"))
    assert "Van ons" in html and "Van hen" not in html and "Geweest" not in html
    assert 'hx-history="false"' in html
    assert "Geweest" in page(client.get("/loket/evenementen/?wanneer=voorbij"))


def test_staff_create_an_event(client, staff, region):
    client.force_login(staff)
    assert 'hx-history="false"' in page(client.get("/loket/evenementen/nieuw/"))
    response = client.post("/loket/evenementen/nieuw/", event_form(region))
    event = Event.objects.get()
    assert response["Location"] == f"/loket/evenementen/{event.pk}/aanmeldingen/"
    assert (event.title, event.capacity, event.created_by) == ("Informatieavond", 25, staff)
    assert timezone.localtime(event.starts_at).hour == 19


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"starts_at": "2020-01-01T19:00", "ends_at": "2020-01-01T21:00"},
            "The start has passed; choose a moment later.",
        ),
        (
            {"ends_at": timezone.localtime(in_days(14, hour=18)).strftime("%Y-%m-%dT%H:%M")},
            "The end is before the start; choose an end after the start.",
        ),
        (
            {"capacity": "0"},
            "An event needs at least one place; leave the field empty for no limit.",
        ),
        ({"title": "x" * 161}, "Ensure this value has at most 160 characters (it has 161)."),
        ({"starts_at": "morgen"}, "Enter a date and time such as 2026-03-14 19:30."),
    ],
)
def test_an_invalid_event_form_saves_nothing_and_says_why(
    client, staff, region, overrides, message
):
    client.force_login(staff)
    response = client.post("/loket/evenementen/nieuw/", event_form(region, **overrides), **EN)
    assert response.status_code == 400
    assert message in page(response)
    assert 'class="error-summary"' in page(response)
    assert not Event.objects.exists()


def test_staff_cannot_create_an_event_for_another_region(client, staff, other_region):
    client.force_login(staff)
    response = client.post("/loket/evenementen/nieuw/", event_form(other_region), **EN)
    assert response.status_code == 400
    assert "Choose one of the regions you work for." in page(response)
    assert not Event.objects.exists()


def test_staff_edit_and_cancel_an_event_and_see_who_signed_up(client, staff, region):
    event = EventFactory(region=region, title="Oud")
    EventRegistrationFactory(event=event, candidate=CandidateFactory(full_name="Femke Jansen"))
    client.force_login(staff)
    assert 'value="Oud"' in page(client.get(f"/loket/evenementen/{event.pk}/bewerken/"))
    response = client.post(
        f"/loket/evenementen/{event.pk}/bewerken/", event_form(region, title="Nieuw")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Nieuw"
    html = page(client.get(f"/loket/evenementen/{event.pk}/aanmeldingen/", **EN))
    assert "Femke Jansen" in html and "1 of 25" in html and 'hx-history="false"' in html
    response = client.post(f"/loket/evenementen/{event.pk}/annuleren/", follow=True, **EN)
    assert "The event has been cancelled." in messages_of(response)[0]
    event.refresh_from_db()
    assert event.cancelled_at is not None


def test_the_places_cannot_be_set_below_the_people_signed_up(client, staff, region):
    event = EventFactory(region=region, capacity=5)
    EventRegistrationFactory.create_batch(2, event=event)
    client.force_login(staff)
    response = client.post(
        f"/loket/evenementen/{event.pk}/bewerken/", event_form(region, capacity="1"), **EN
    )
    assert response.status_code == 400
    assert "2 people have a place already; choose at least 2 places." in page(response)
    event.refresh_from_db()
    assert event.capacity == 5


# --- Appointments --------------------------------------------------------------------------------


def appointment_form(**overrides):
    data = {
        "kind": Appointment.Kind.INTAKE,
        "starts_at": timezone.localtime(in_days(3, hour=14)).strftime("%Y-%m-%dT%H:%M"),
        "location": "Loket, Utrecht",
        "note": "Neem je cv mee.",
    }
    data.update(overrides)
    return data


def test_staff_plan_an_appointment_and_the_candidate_is_mailed(client, staff, candidate):
    client.force_login(staff)
    url = f"/loket/kandidaten/{candidate.pk}/afspraken/"
    html = page(client.get(url))
    assert 'hx-history="false"' in html and "Karim Kandidaat" in html
    response = client.post(url, appointment_form())
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.candidate == candidate and appointment.with_user == staff
    assert OutgoingMail.objects.filter(
        reason=MailReason.APPOINTMENT_PLANNED, recipient=candidate.user
    ).exists()
    assert "Loket, Utrecht" in page(client.get(url))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_at": "2020-05-01T10:00"}, "The start has passed; choose a moment later."),
        ({"note": "x" * 501}, "Ensure this value has at most 500 characters (it has 501)."),
        ({"location": ""}, "This field is required."),
    ],
)
def test_an_invalid_appointment_saves_nothing_and_says_why(
    client, staff, candidate, overrides, message
):
    client.force_login(staff)
    response = client.post(
        f"/loket/kandidaten/{candidate.pk}/afspraken/", appointment_form(**overrides), **EN
    )
    assert response.status_code == 400
    assert message in page(response)
    assert not Appointment.objects.exists() and not OutgoingMail.objects.exists()


def test_with_htmx_the_partial_comes_back_with_the_new_appointment(client, staff, candidate):
    client.force_login(staff)
    response = client.post(
        f"/loket/kandidaten/{candidate.pk}/afspraken/",
        appointment_form(),
        HTTP_HX_REQUEST="true",
        **EN,
    )
    html = page(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="file-appointments"')
    assert "The appointment is planned" in html and "Loket, Utrecht" in html


def test_staff_cancel_an_appointment(client, staff, candidate):
    appointment = AppointmentFactory(candidate=candidate)
    client.force_login(staff)
    response = client.post(
        f"/loket/kandidaten/{candidate.pk}/afspraken/{appointment.pk}/annuleren/", follow=True
    )
    assert response.status_code == 200
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None
    assert CandidateAccess.objects.filter(
        candidate=candidate, action=CandidateAccess.Action.CHANGE
    ).exists()


def test_the_file_partials_render_from_their_context_helpers(staff, candidate):
    AppointmentFactory(candidate=candidate, location="Stationsplein 3")
    mail_queue(recipient=candidate.user, reason=MailReason.TEST, key="test:a", subject="Eerste")
    mail_queue(
        recipient=candidate.user, reason=MailReason.TEST, key="test:b", subject="Tegengehouden"
    )
    appointments = render_to_string(
        "loket/desk/_file_appointments.html", appointment_context(candidate)
    )
    assert "Stationsplein 3" in appointments and 'name="starts_at"' in appointments
    with translation.override("en"):
        mails = render_to_string("loket/desk/_file_mail.html", mail_context(candidate))
    assert "Eerste" in mails and "Tegengehouden" in mails
    assert "Withheld: The person already had a reminder recently" in mails


# --- Who may open what ---------------------------------------------------------------------------


def desk_urls(event, candidate, appointment):
    return [
        ("get", "/loket/evenementen/"),
        ("get", "/loket/evenementen/nieuw/"),
        ("get", f"/loket/evenementen/{event.pk}/bewerken/"),
        ("post", f"/loket/evenementen/{event.pk}/bewerken/"),
        ("post", f"/loket/evenementen/{event.pk}/annuleren/"),
        ("get", f"/loket/evenementen/{event.pk}/aanmeldingen/"),
        ("get", f"/loket/kandidaten/{candidate.pk}/afspraken/"),
        ("post", f"/loket/kandidaten/{candidate.pk}/afspraken/"),
        ("post", f"/loket/kandidaten/{candidate.pk}/afspraken/{appointment.pk}/annuleren/"),
    ]


@pytest.fixture
def objects(region, candidate):
    return EventFactory(region=region), candidate, AppointmentFactory(candidate=candidate)


def test_staff_of_another_region_get_a_404_on_every_id(client, outsider_staff, objects):
    client.force_login(outsider_staff)
    for method, url in desk_urls(*objects):
        if "/nieuw/" in url or url == "/loket/evenementen/":
            continue  # their own lists and form: allowed, and empty of our events
        response = getattr(client, method)(url, appointment_form())
        assert response.status_code == 404, (method, url)
    event = objects[0]
    assert event.title not in page(client.get("/loket/evenementen/"))
    event.refresh_from_db()
    assert event.cancelled_at is None
    assert not Appointment.objects.exclude(pk=objects[2].pk).exists()
    assert Appointment.objects.get().cancelled_at is None


def test_an_appointment_id_of_another_candidate_is_a_404(client, staff, region, objects):
    other = AppointmentFactory(candidate=CandidateFactory(region=region))
    client.force_login(staff)
    _event, candidate, _appointment = objects
    response = client.post(f"/loket/kandidaten/{candidate.pk}/afspraken/{other.pk}/annuleren/")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.cancelled_at is None


def test_a_candidate_cannot_open_any_desk_page(client, objects):
    _event, candidate, _appointment = objects
    client.force_login(candidate.user)
    for method, url in desk_urls(*objects):
        assert getattr(client, method)(url).status_code == 403, (method, url)


def test_anonymous_visitors_are_sent_to_the_login(client, objects):
    for method, url in desk_urls(*objects):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/"), (method, url)


def test_the_registrations_page_is_in_the_access_log_and_head_works(client, region):
    from kandidaten.models import CandidateAccess
    from tests.kandidaten.factories import CandidateFactory
    from tests.vacatures.factories import desk_staff_of

    staff = desk_staff_of(region)
    event = EventFactory(region=region)
    person = CandidateFactory(region=region)
    EventRegistrationFactory(event=event, candidate=person)
    client.force_login(staff)
    url = reverse("kandidaten:desk_event_registrations", args=[event.pk])
    assert client.get(url).status_code == 200
    assert CandidateAccess.objects.filter(candidate=person, user=staff, action="view").exists()
    assert client.head(reverse("kandidaten:event_list")).status_code == 200
