"""Registration as a journey of steps, without JavaScript (and the HTMX variant of a step)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from kandidaten.models import (
    Candidate,
    ConsentRecord,
    DuplicateFlag,
    Phase,
    PhaseEvent,
    TeachingQualification,
)
from loket.core.models import Role, RoleAssignment, User
from tests.factories import PASSWORD, SchoolFactory, SubjectFactory, UserFactory
from tests.kandidaten.factories import CandidateFactory, utrecht_area

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_rate_limits_left_over():
    # allauth counts sign-ups per IP in the cache; each test starts with a clean count.
    from django.core.cache import cache

    cache.clear()


STEP = "/aanmelden/stap/{}/"


@pytest.fixture
def school(region):
    utrecht_area()
    return SchoolFactory(board__region=region, latitude=52.09, longitude=5.12)


@pytest.fixture
def maths():
    return SubjectFactory(name="Wiskunde", slug="wiskunde", is_shortage=True)


def contact(**overrides):
    return {
        "full_name": "Sanne de Vries",
        "phone": "06 12345678",
        "date_of_birth": "1988-04-12",
        "postcode": "3511ab",
        "region": "",
        **overrides,
    }


def background(**overrides):
    data = {
        "education": "wo_master",
        "field_of_study": "Scheikunde",
        "field_related": "yes",
        "situation": "employed",
        "occupation": "Analist in een laboratorium",
        "years_experience": "8",
        "dutch_level": "native",
        "q-TOTAL_FORMS": "1",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "4",
        "q-0-country": "",
        "q-0-grade": "",
        "q-0-subject": "",
    }
    data.update(overrides)
    return data


def wishes(chosen, **overrides):
    return {
        "sectors": ["vo"],
        "subjects": [s.pk for s in chosen],
        "hours_per_week": "32",
        "earliest_start": "",
        "max_travel_km": "30",
        "trial_day_interest": "on",
        **overrides,
    }


def consent(**overrides):
    return {
        "statement_version": "2026-1",
        "desk": "on",
        "region_schools": "on",
        "source": "social",
        "source_detail": "",
        **overrides,
    }


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def signed_in(client):
    user = UserFactory(full_name="")
    client.force_login(user)
    return user


def candidate_at_step(user, step: int, region) -> Candidate:
    return CandidateFactory(user=user, registration_step=step, phase=Phase.INTERESSE, region=region)


def test_the_whole_journey_without_javascript_ends_on_the_route_advice(client, school, maths):
    # Step 1: the landing URL's campaign parameters are kept; sign up with email + password.
    response = client.get("/aanmelden/?utm_source=nieuwsbrief&utm_campaign=voorjaar")
    assert response.status_code == 200
    assert "Account aanmaken" in response.content.decode()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "sanne@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": STEP.format(2),
        },
    )
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response["Location"] == STEP.format(2)

    response = client.get(STEP.format(2))
    assert "Stap 2 van 6" in response.content.decode()
    response = client.post(STEP.format(2), contact())
    assert response.status_code == 302 and response["Location"] == STEP.format(3)
    candidate = Candidate.objects.get(user__email="sanne@example.org")
    assert candidate.postcode == "3511 AB"
    assert candidate.region == school.region, "region of the nearest school"
    assert candidate.latitude == pytest.approx(52.0907)
    assert candidate.utm == {"utm_source": "nieuwsbrief", "utm_campaign": "voorjaar"}
    assert RoleAssignment.objects.filter(user=candidate.user, role=Role.CANDIDATE).exists()

    response = client.post(
        STEP.format(3),
        background(**{"q-0-country": "foreign", "q-0-grade": "second", "q-0-subject": maths.pk}),
    )
    assert response["Location"] == STEP.format(4)
    assert TeachingQualification.objects.get(candidate=candidate).subject == maths

    response = client.post(STEP.format(4), wishes([maths]))
    assert response["Location"] == STEP.format(5)

    # Closing the browser loses nothing: /aanmelden/ brings you back where you were.
    assert client.get("/aanmelden/")["Location"] == STEP.format(5)

    response = client.post(STEP.format(5), consent())
    assert response["Location"] == STEP.format(6)
    response = client.get(STEP.format(6))
    page = response.content.decode()
    assert "Universitaire lerarenopleiding (eerstegraads)" in page
    assert "Vraag een intakegesprek aan" in page

    candidate.refresh_from_db()
    assert candidate.phase == Phase.ORIENTATIE
    assert candidate.registration_step == 5
    assert (candidate.consent_desk, candidate.consent_region_schools) == (True, True)
    assert candidate.consent_other_regions is False
    assert list(candidate.phase_events.values_list("from_phase", "to_phase")) == [
        ("", "interesse"),
        ("interesse", "orientatie"),
    ]
    assert {(c.kind, c.given, c.statement.version) for c in ConsentRecord.objects.all()} == {
        ("desk", True, "2026-1"),
        ("region_schools", True, "2026-1"),
    }

    response = client.post(reverse("kandidaten:request_intake"), follow=True)
    assert "binnen een paar werkdagen" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.intake_requested_at is not None


def test_an_existing_email_does_not_make_a_second_account(client):
    UserFactory(email="sanne@example.org")
    client.post(
        reverse("account_signup"),
        {"email": "Sanne@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.filter(email__iexact="sanne@example.org").count() == 1
    # allauth tells the owner by mail that they already have an account and should sign in.
    assert "account" in mail.outbox[-1].body.lower()


def test_steps_need_an_account(client):
    response = client.get(STEP.format(2))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_bad_postcode_is_refused_and_nothing_is_saved(client, signed_in, school):
    response = client.post(STEP.format(2), contact(postcode="35111 AB"))
    assert response.status_code == 400
    assert "Vul een Nederlandse postcode in, zoals 3511 AB." in response.content.decode()
    assert not Candidate.objects.exists()
    assert not RoleAssignment.objects.filter(user=signed_in).exists()


def test_abroad_needs_a_region_and_keeps_no_postcode(client, signed_in, region):
    response = client.post(STEP.format(2), contact(postcode="", lives_abroad="on"))
    assert response.status_code == 400
    assert "Kies de regio waar je zou willen werken." in response.content.decode()
    assert not Candidate.objects.exists()
    response = client.post(
        STEP.format(2), contact(postcode="", lives_abroad="on", region=region.pk)
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.lives_abroad, candidate.postcode, candidate.region) == (True, "", region)


def test_unknown_postcode_area_asks_for_a_region(client, signed_in, school):
    response = client.post(STEP.format(2), contact(postcode="9999 ZZ"))
    assert response.status_code == 400
    assert "kies je regio" in response.content.decode()
    assert not Candidate.objects.exists()


def test_too_long_text_is_refused_and_the_step_is_not_half_saved(client, signed_in, region):
    candidate = candidate_at_step(signed_in, 2, region)
    response = client.post(
        STEP.format(3),
        background(
            field_of_study="x" * 121,
            **{"q-0-country": "nl", "q-0-grade": "first"},
        ),
    )
    assert response.status_code == 400
    assert "niet meer dan 120 tekens" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.registration_step == 2
    assert candidate.field_of_study == "Werktuigbouwkunde"
    assert not TeachingQualification.objects.exists(), "qualifications are not saved either"


def test_a_half_filled_qualification_row_is_refused(client, signed_in, region):
    candidate = candidate_at_step(signed_in, 2, region)
    response = client.post(STEP.format(3), background(**{"q-0-country": "foreign"}))
    assert response.status_code == 400
    assert "Kies de graad van deze bevoegdheid." in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.registration_step == 2


def test_unknown_subject_is_refused(client, signed_in, region, maths):
    candidate = candidate_at_step(signed_in, 3, region)
    response = client.post(STEP.format(4), wishes([maths], subjects=[maths.pk, 999999]))
    assert response.status_code == 400
    assert "999999 is geen vak dat we kennen" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.registration_step == 3
    assert not candidate.subjects.exists()


def test_missing_consent_is_refused_and_nothing_is_recorded(client, signed_in, region):
    candidate = candidate_at_step(signed_in, 4, region)
    candidate.consent_desk = False
    candidate.save()
    response = client.post(STEP.format(5), consent(desk=""))
    assert response.status_code == 400
    assert "als je instemt met de verwerking van je gegevens" in response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.registration_step, candidate.phase) == (4, Phase.INTERESSE)
    assert not ConsentRecord.objects.exists()
    assert not PhaseEvent.objects.exists()


def test_changed_privacy_statement_must_be_read_again(client, signed_in, region):
    candidate_at_step(signed_in, 4, region)
    response = client.post(STEP.format(5), consent(statement_version="2019-1"))
    assert response.status_code == 400
    assert "De privacyverklaring is veranderd" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_skipping_ahead_is_refused_with_a_message(client, signed_in, region):
    candidate = candidate_at_step(signed_in, 2, region)
    response = client.post(STEP.format(5), consent(), follow=True)
    assert response.redirect_chain[-1][0] == STEP.format(3)
    assert "Maak eerst stap 3 (Achtergrond) af." in messages_of(response)
    candidate.refresh_from_db()
    assert candidate.registration_step == 2
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("number", [0, 1, 7, 99])
def test_a_made_up_step_number_is_refused(client, signed_in, region, number):
    candidate_at_step(signed_in, 3, region)
    response = client.get(STEP.format(number), follow=True)
    assert response.redirect_chain[-1][0] == STEP.format(4)
    assert "Die stap bestaat niet; hier ging je verder." in messages_of(response)


def test_back_and_forth_keeps_the_answers(client, signed_in, region):
    candidate_at_step(signed_in, 3, region)
    page = client.get(STEP.format(3)).content.decode()
    assert 'value="Werktuigbouwkunde"' in page
    assert f'href="{STEP.format(2)}"' in page, "a back link to the previous step"


def test_htmx_step_returns_the_next_step_partial(client, signed_in, school):
    response = client.post(STEP.format(2), contact(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Push-Url"] == STEP.format(3)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="journey-step">')
    assert "<html" not in page
    assert "Hoogst afgeronde opleiding" in page


def test_htmx_step_with_errors_returns_the_same_partial(client, signed_in, school):
    response = client.post(STEP.format(2), contact(full_name=""), HTTP_HX_REQUEST="true")
    assert response.status_code == 200, "htmx only swaps 2xx responses"
    assert not Candidate.objects.exists()
    assert "<html" not in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()


def test_a_likely_duplicate_is_flagged_never_merged(client, signed_in, school):
    earlier = CandidateFactory(full_name="Sanne de Vries", phone="+31 6 1234 5678")
    response = client.post(STEP.format(2), contact(full_name="sanne de vries"))
    assert response.status_code == 302
    new = Candidate.objects.get(user=signed_in)
    flag = DuplicateFlag.objects.get()
    assert (flag.candidate, flag.looks_like, flag.reason) == (new, earlier, "name_phone")
    with translation.override("en"):
        assert flag.get_reason_display() == "same name and phone number"
    assert Candidate.objects.count() == 2


def test_same_name_alone_is_not_a_duplicate(client, signed_in, school):
    CandidateFactory(full_name="Sanne de Vries", phone="0687654321")
    client.post(STEP.format(2), contact())
    assert not DuplicateFlag.objects.exists()


def test_editing_after_registration_goes_back_to_my_journey(client, signed_in, region):
    CandidateFactory(user=signed_in, region=region)
    response = client.post(STEP.format(4), wishes([], hours_per_week="16"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("kandidaten:journey")
    assert "Je wijzigingen zijn opgeslagen." in messages_of(response)
    assert Candidate.objects.get().hours_per_week == 16


def test_the_language_is_remembered_for_mail(client, signed_in, school):
    client.post(STEP.format(2), contact(), HTTP_ACCEPT_LANGUAGE="en")
    signed_in.refresh_from_db()
    assert signed_in.language == "en"
    assert signed_in.full_name == "Sanne de Vries"


def test_steps_speak_english_too(client, signed_in, region):
    candidate_at_step(signed_in, 3, region)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(STEP.format(4)).content.decode()
    assert "Step 4 of 6" in page and "Where would you like to teach?" in page
    response = client.post(STEP.format(4), wishes([], sectors=[]))
    assert "Choose at least one sector." in response.content.decode()


def test_after_a_move_the_region_follows_the_new_postcode(client, signed_in, school):
    from loket.core.models import PostcodeArea

    client.post(STEP.format(2), contact())
    page = client.get(STEP.format(2)).content.decode()
    assert f'<option value="{school.region.pk}" selected>' not in page, "nearest, not chosen"
    far = SchoolFactory(latitude=53.2, longitude=6.56)  # Groningen, another region
    PostcodeArea.objects.create(digits="9711", latitude=53.21, longitude=6.57)
    client.post(STEP.format(2), contact(postcode="9711 AA"))
    assert Candidate.objects.get(user=signed_in).region == far.region
