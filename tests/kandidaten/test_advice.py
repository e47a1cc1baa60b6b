"""Route advice on the routes shipped by the data migration, for realistic people."""

import pytest

from kandidaten.advice import Profile, route_advice
from kandidaten.models import Route
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def fitting(advice):
    return {item.route.slug for item in advice.fitting}


def misses(advice):
    return {item.route.slug: [str(r) for r in item.why_not] for item in advice.close_misses}


def test_every_dutch_route_ships_with_a_fresh_install():
    assert set(Route.objects.values_list("slug", flat=True)) >= {
        "zij-instroom-po",
        "zij-instroom-vo",
        "zij-instroom-mbo",
        "tweedegraads-hbo",
        "educatieve-minor",
        "eerstegraads-universitair",
        "hbo-master-leraar",
        "pabo",
        "pabo-verkort-wo",
        "mbo-pdg",
        "erkenning-buitenlands",
        "eerst-diploma",
        "onderwijsassistent",
        "instructeur-mbo",
        "hybride-docent",
    }


def test_wo_master_in_chemistry_wanting_upper_secondary():
    advice = route_advice(
        Profile(education="wo_master", field_related="yes", sectors=frozenset({"vo"}))
    )
    assert {"eerstegraads-universitair", "zij-instroom-vo"} <= fitting(advice)
    assert not fitting(advice) & {"pabo", "mbo-pdg", "eerst-diploma"}, "wrong sector or level"


def test_hbo_engineer_wanting_vmbo_technology_misses_first_grade_for_want_of_a_wo_master():
    advice = route_advice(Profile(education="hbo", field_related="yes", sectors=frozenset({"vo"})))
    assert {"zij-instroom-vo", "tweedegraads-hbo", "hbo-master-leraar"} <= fitting(advice)
    assert misses(advice)["eerstegraads-universitair"] == [
        "Heeft minimaal nodig: wo-master (jij hebt: hbo-bachelor)."
    ]


def test_zij_instroom_without_a_school_job_says_the_job_comes_first():
    advice = route_advice(Profile(education="hbo", field_related="yes", sectors=frozenset({"vo"})))
    item = next(i for i in advice.fitting if i.route.slug == "zij-instroom-vo")
    assert [str(n) for n in item.notes] == [
        "Je hebt eerst een baan op een school nodig: het loket stelt je voor aan scholen."
    ]
    with_job = route_advice(
        Profile(
            education="hbo", field_related="yes", sectors=frozenset({"vo"}), has_school_job=True
        )
    )
    assert next(i for i in with_job.fitting if i.route.slug == "zij-instroom-vo").notes == []


def test_refugee_teacher_with_a_foreign_maths_qualification():
    advice = route_advice(
        Profile(
            education="wo_bachelor",
            field_related="yes",
            sectors=frozenset({"vo"}),
            foreign_qualification=True,
            dutch_level="b1",
            situation="job_seeker",
        )
    )
    assert "erkenning-buitenlands" in fitting(advice)
    assert [str(n) for n in advice.general_notes][0].startswith("Scholen verwachten Nederlands")


def test_hbo_graduate_wanting_primary_gets_pabo_routes_and_misses_the_shortened_wo_pabo():
    advice = route_advice(Profile(education="hbo", field_related="no", sectors=frozenset({"po"})))
    assert fitting(advice) == {"zij-instroom-po", "pabo"}
    assert "pabo-verkort-wo" in misses(advice)


def test_mbo_graduate_without_a_degree():
    advice = route_advice(Profile(education="mbo", field_related="no", sectors=frozenset({"po"})))
    assert {"eerst-diploma", "onderwijsassistent", "pabo"} <= fitting(advice)
    assert misses(advice)["zij-instroom-po"] == [
        "Heeft minimaal nodig: hbo-bachelor (jij hebt: mbo)."
    ]


def test_no_degree_at_all_wanting_vocational():
    advice = route_advice(
        Profile(education="none", field_related="yes", sectors=frozenset({"mbo"}))
    )
    assert fitting(advice) == {"eerst-diploma"}
    assert "instructeur-mbo" in misses(advice)


def test_mbo_technician_becomes_an_instructor():
    advice = route_advice(Profile(education="mbo", field_related="yes", sectors=frozenset({"mbo"})))
    assert {"instructeur-mbo", "tweedegraads-hbo", "eerst-diploma"} <= fitting(advice)


def test_wo_master_with_an_unrelated_field_misses_first_grade_on_the_field():
    advice = route_advice(
        Profile(education="wo_master", field_related="no", sectors=frozenset({"vo"}))
    )
    assert "eerstegraads-universitair" not in fitting(advice)
    assert misses(advice)["eerstegraads-universitair"] == [
        "Vereist een studierichting die past bij het vak dat je wilt geven."
    ]


def test_wo_graduate_wanting_primary_can_take_the_shortened_pabo():
    advice = route_advice(
        Profile(education="wo_bachelor", field_related="no", sectors=frozenset({"po"}))
    )
    assert {"pabo-verkort-wo", "zij-instroom-po", "pabo"} <= fitting(advice)


def test_employed_ict_professional_teaching_a_few_hours_is_a_hybrid_teacher():
    advice = route_advice(
        Profile(
            education="hbo",
            field_related="yes",
            sectors=frozenset({"mbo"}),
            situation="employed",
            hours_per_week=8,
        )
    )
    assert {"hybride-docent", "mbo-pdg", "zij-instroom-mbo"} <= fitting(advice)


def test_full_time_wish_misses_hybrid_teaching_on_the_hours():
    advice = route_advice(
        Profile(
            education="hbo",
            field_related="yes",
            sectors=frozenset({"mbo"}),
            situation="employed",
            hours_per_week=32,
        )
    )
    assert "hybride-docent" in misses(advice)


def test_student_can_take_the_educational_minor_others_never_see_it():
    student = route_advice(
        Profile(
            education="havo_vwo",
            degree_in_progress="hbo",
            field_related="yes",
            sectors=frozenset({"vo"}),
            situation="student",
        )
    )
    assert "educatieve-minor" in fitting(student)
    worker = route_advice(
        Profile(
            education="hbo", field_related="yes", sectors=frozenset({"vo"}), situation="employed"
        )
    )
    assert "educatieve-minor" not in fitting(worker) | set(misses(worker))


def test_returning_teacher_with_a_dutch_qualification():
    advice = route_advice(
        Profile(education="hbo", sectors=frozenset({"po"}), dutch_qualification=True)
    )
    assert "herintreden" in fitting(advice)


def test_a_route_the_coordinator_switches_off_is_no_longer_advised():
    Route.objects.filter(slug="pabo").update(is_active=False)
    advice = route_advice(Profile(education="hbo", sectors=frozenset({"po"})))
    assert "pabo" not in fitting(advice)


def test_a_coordinator_can_add_a_route_as_data():
    Route.objects.create(
        slug="regionale-academie",
        name="Regionale opleidingsacademie",
        explanation="Een regionaal traject.",
        sectors=["po"],
        min_education="hbo",
        leads_to="primary",
        duration="1 jaar",
        cost_indication="Geen",
    )
    advice = route_advice(Profile(education="hbo", sectors=frozenset({"po"})))
    assert "regionale-academie" in fitting(advice)


def test_profile_of_a_stored_candidate():
    candidate = CandidateFactory(education="wo_master", field_related="yes", sectors=["vo"])
    candidate.qualifications.create(country="foreign", grade="first")
    profile = Profile.of(candidate)
    assert profile.foreign_qualification and not profile.dutch_qualification
    assert "eerstegraads-universitair" in fitting(route_advice(profile))


def test_advice_in_english(settings):
    from django.utils import translation

    with translation.override("en"):
        advice = route_advice(
            Profile(education="hbo", field_related="yes", sectors=frozenset({"vo"}))
        )
        assert misses(advice)["eerstegraads-universitair"] == [
            "Needs at least: wo master (you have: hbo bachelor)."
        ]
        item = next(i for i in advice.fitting if i.route.slug == "zij-instroom-vo")
        assert item.route.title == "Career switch into secondary education (zij-instroom vo)"


@pytest.mark.django_db
def test_a_regions_own_copy_replaces_the_national_route_only_for_its_candidates(
    region, other_region
):
    from kandidaten.advice import routes_for_region

    national = Route.objects.get(slug="pabo", region=None)
    national.pk = None
    national.region = region
    national.name = "Pabo bij ons in de regio"
    national.save()
    ours = {r.slug: r.name for r in routes_for_region(region.pk)}
    theirs = {r.slug: r.name for r in routes_for_region(other_region.pk)}
    assert ours["pabo"] == "Pabo bij ons in de regio"
    assert theirs["pabo"] != "Pabo bij ons in de regio"
    # An inactive own row hides the national route for that region.
    Route.objects.filter(region=region, slug="pabo").update(is_active=False)
    assert "pabo" not in {r.slug for r in routes_for_region(region.pk)}
    profile = Profile(education="hbo", field_related="no", sectors=frozenset({"po"}))
    assert "pabo" in fitting(
        route_advice(Profile(**{**profile.__dict__, "region_id": other_region.pk}))
    )
    assert "pabo" not in fitting(
        route_advice(Profile(**{**profile.__dict__, "region_id": region.pk}))
    )


@pytest.mark.django_db
def test_coordinators_edit_only_their_regions_routes_and_adapt_national_ones(
    client, region, other_region
):
    from tests.factories import coordinator_of

    coordinator = coordinator_of(region)
    client.force_login(coordinator)
    national = Route.objects.get(slug="pabo", region=None)
    # National routes: visible, not editable.
    page = client.get(f"/beheer/kandidaten/route/{national.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    client.post(
        "/beheer/kandidaten/route/",
        {"action": "adapt_for_my_region", "_selected_action": [national.pk]},
    )
    copy = Route.objects.get(slug="pabo", region=region)
    assert client.get(f"/beheer/kandidaten/route/{copy.pk}/change/").status_code == 200
    assert (
        'name="_save"' in client.get(f"/beheer/kandidaten/route/{copy.pk}/change/").content.decode()
    )
    # Another region's copy is not even visible.
    foreign = Route.objects.get(pk=copy.pk)
    foreign.pk = None
    foreign.region = other_region
    foreign.save()
    assert client.get(f"/beheer/kandidaten/route/{foreign.pk}/change/").status_code == 302
