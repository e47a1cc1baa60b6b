"""Route advice as a desk expert gives it: ranked for the person, the first step named and
explained, never a route to what they already hold. Realistic profiles, on the shipped routes."""

import pytest
from django.utils import translation

from kandidaten.advice import Profile, Step, route_advice
from kandidaten.models import Route

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The new texts reach Dutch when the lead compiles the catalogue; read them in English."""
    with translation.override("en"):
        yield


def advise(**profile):
    profile.setdefault("sectors", frozenset({"vo"}))
    profile["sectors"] = frozenset(profile["sectors"])
    if "qualified_grades" in profile:
        profile["qualified_grades"] = frozenset(profile["qualified_grades"])
    return route_advice(Profile(**profile))


def order(advice):
    return [item.route.slug for item in advice.fitting]


def offered(advice):
    return set(order(advice)) | {item.route.slug for item in advice.close_misses}


def item(advice, slug):
    for candidate in [*advice.fitting, *advice.close_misses]:
        if candidate.route.slug == slug:
            return candidate
    raise AssertionError(f"{slug} not in the advice")


def texts(values):
    return " ".join(str(v) for v in values)


SECOND_GRADE_ROUTES = {"tweedegraads-hbo", "educatieve-minor", "mbo-pdg", "zij-instroom-mbo"}
FIRST_GRADE_ROUTES = {"eerstegraads-universitair", "hbo-master-leraar"}


# --- Already qualified: back to the classroom first, no training towards what they hold --------


def test_returning_second_grade_teacher_applies_directly_and_gets_no_second_grade_training():
    advice = advise(
        education="hbo", field_related="yes", dutch_qualification=True, qualified_grades={"second"}
    )
    assert order(advice)[0] == "herintreden"
    assert advice.recommended.step == Step.QUALIFIED
    assert not offered(advice) & (SECOND_GRADE_ROUTES | {"zij-instroom-vo"})
    assert "refresher" in texts(advice.recommended.notes)


def test_first_grade_teacher_still_teaching_is_offered_no_training_at_all():
    advice = advise(
        education="wo_master",
        field_related="yes",
        secondary_level="upper",
        dutch_qualification=True,
        qualified_grades={"first"},
        still_teaching=True,
    )
    assert order(advice) == ["herintreden"]
    assert not offered(advice) & (FIRST_GRADE_ROUTES | SECOND_GRADE_ROUTES | {"zij-instroom-vo"})
    assert "You are still teaching" in texts(advice.recommended.reasons)
    assert "refresher" not in texts(advice.recommended.notes)


def test_pabo_teacher_returning_to_primary_gets_no_pabo():
    advice = advise(
        sectors={"po"}, education="hbo", dutch_qualification=True, qualified_grades={"primary"}
    )
    assert order(advice)[0] == "herintreden"
    assert not offered(advice) & {"pabo", "zij-instroom-po", "pabo-verkort-wo"}


def test_pabo_teacher_who_wants_secondary_is_not_told_to_go_back_to_primary():
    advice = advise(
        education="hbo", field_related="yes", dutch_qualification=True, qualified_grades={"primary"}
    )
    assert "herintreden" not in offered(advice)
    assert order(advice)[0] == "zij-instroom-vo"
    assert advice.recommended.step == Step.DIRECT


def test_refugee_teacher_whom_duo_recognised_goes_back_to_the_classroom_with_language_support():
    advice = advise(
        education="wo_bachelor",
        field_related="yes",
        foreign_qualification=True,
        foreign_recognised=True,
        qualified_grades={"first"},
        secondary_level="upper",
        dutch_level="b1",
    )
    assert order(advice)[0] == "herintreden"
    assert "erkenning-buitenlands" not in offered(advice)
    assert "DUO has recognised your teaching qualification." in texts(advice.recommended.reasons)
    assert "Dutch-language support" in texts(advice.recommended.notes)


def test_a_qualification_of_unknown_grade_sends_them_back_but_hides_no_training():
    advice = advise(education="hbo", field_related="yes", dutch_qualification=True)
    assert order(advice)[0] == "herintreden"
    assert "tweedegraads-hbo" in order(advice)


def test_a_second_grade_teacher_for_the_lower_years_is_not_pushed_to_first_grade():
    advice = advise(
        education="hbo", field_related="yes", dutch_qualification=True, qualified_grades={"second"}
    )
    assert order(advice)[0] == "herintreden"
    assert order(advice).index("hbo-master-leraar") > 0
    assert item(advice, "hbo-master-leraar").step == Step.DIRECT


def test_a_qualified_teacher_who_chose_no_sector_is_sent_where_the_qualification_counts():
    advice = advise(
        sectors=set(), education="hbo", dutch_qualification=True, qualified_grades={"second"}
    )
    assert order(advice)[0] == "herintreden"
    assert advice.recommended.step == Step.QUALIFIED
    assert "pabo" not in offered(advice), "primary was never asked for"


def test_a_first_grade_teacher_who_also_wants_primary_applies_directly_first_then_the_pabo():
    advice = advise(
        sectors={"po", "vo"},
        education="wo_master",
        field_related="yes",
        dutch_qualification=True,
        qualified_grades={"first"},
    )
    assert order(advice)[0] == "herintreden"
    assert advice.recommended.step == Step.QUALIFIED_PART
    assert order(advice)[1:] == ["zij-instroom-po", "pabo", "pabo-verkort-wo"]


# --- Foreign qualification not recognised: DUO first ------------------------------------------


def test_foreign_teacher_not_yet_recognised_starts_with_duo():
    advice = advise(
        education="wo_bachelor",
        field_related="yes",
        foreign_qualification=True,
        dutch_level="b1",
        situation="job_seeker",
    )
    assert order(advice)[0] == "erkenning-buitenlands"
    assert advice.recommended.step == Step.RECOGNITION
    assert "DUO" in advice.why_recommended
    assert "herintreden" not in order(advice), "not qualified here until DUO recognises it"


def test_foreign_primary_teacher_without_a_dutch_degree_also_starts_with_duo():
    advice = advise(sectors={"po"}, education="none", foreign_qualification=True)
    assert order(advice)[0] == "erkenning-buitenlands"
    assert order(advice)[-1] in {"eerst-diploma", "onderwijsassistent"}


# --- A degree that only partly fits: subject test or deficiencies -----------------------------


def test_partly_related_hbo_degree_gets_zij_instroom_with_a_subject_test_first():
    advice = advise(education="hbo", field_related="partly")
    first = advice.recommended
    assert first.route.slug == "zij-instroom-vo"
    assert first.step == Step.PARTLY
    assert "vaktoetsing" in advice.why_recommended
    assert "vaktoetsing" in texts(first.notes)
    assert "Your field of study is related to the subject." not in texts(first.reasons)


def test_partly_related_wo_master_is_not_advised_as_if_it_fitted():
    advice = advise(education="wo_master", field_related="partly", secondary_level="upper")
    university = item(advice, "eerstegraads-universitair")
    assert university.fits and "deficiencies" in texts(university.notes)
    assert "Your field of study is related to the subject." not in texts(university.reasons)
    # A partly related master does not give first grade through zij-instroom.
    second = "Second-grade teaching qualification"
    assert str(item(advice, "zij-instroom-vo").leads_to_label) == second


# --- Second grade to first grade ---------------------------------------------------------------


def test_second_grade_teacher_wanting_first_grade_gets_the_hbo_master_then_the_long_route():
    advice = advise(
        education="hbo",
        field_related="yes",
        secondary_level="upper",
        dutch_qualification=True,
        qualified_grades={"second"},
        still_teaching=True,
    )
    assert order(advice)[0] == "hbo-master-leraar"
    assert advice.recommended.step == Step.FIRST_GRADE
    assert "pre-master" in advice.why_recommended
    university = item(advice, "eerstegraads-universitair")
    assert not university.fits
    assert "pre-master" in university.bridge and "tuition fee" in university.bridge
    # Back to the classroom for the lower years is still there, after the route up.
    assert order(advice).index("herintreden") > 0
    assert "does not cover everything" in texts(item(advice, "herintreden").notes)
    assert not offered(advice) & {"tweedegraads-hbo", "zij-instroom-vo", "educatieve-minor"}


# --- Still studying: the minor, zij-instroom needs the finished degree -------------------------


def test_bachelor_student_gets_the_minor_first_and_learns_why_zij_instroom_waits():
    advice = advise(
        education="havo_vwo",
        degree_in_progress="wo_bachelor",
        field_related="yes",
        situation="student",
    )
    assert order(advice)[0] == "educatieve-minor"
    assert advice.recommended.step == Step.STILL_STUDYING
    assert "finished degree" in advice.why_recommended
    waiting = item(advice, "zij-instroom-vo")
    assert not waiting.fits
    assert "Needs a finished degree" in texts(waiting.why_not)
    assert not waiting.bridge, "a degree in progress needs no way there"
    assert "eerst-diploma" not in offered(advice), "they are already getting one"


def test_hbo_student_wanting_primary_gets_the_pabo_not_the_minor():
    advice = advise(
        sectors={"po"}, education="havo_vwo", degree_in_progress="hbo", situation="student"
    )
    assert "educatieve-minor" not in offered(advice)
    assert "pabo" in order(advice)
    assert "Needs a finished degree" in texts(item(advice, "zij-instroom-po").why_not)


def test_master_student_is_past_the_bachelor_minor():
    advice = advise(education="wo_bachelor", degree_in_progress="wo_master", field_related="yes")
    assert "educatieve-minor" not in offered(advice)
    assert order(advice)[0] == "zij-instroom-vo"


# --- Everyone else: the most direct route first ------------------------------------------------


def test_havo_graduate_wanting_primary_starts_with_the_pabo_not_a_role():
    advice = advise(sectors={"po"}, education="havo_vwo")
    assert order(advice)[0] == "pabo"
    assert set(order(advice)[-2:]) == {"eerst-diploma", "onderwijsassistent"}


def test_for_the_upper_years_second_grade_training_comes_after_the_first_grade_routes():
    advice = advise(education="wo_master", field_related="yes", secondary_level="upper")
    assert order(advice)[0] == "zij-instroom-vo"
    assert order(advice)[-1] == "tweedegraads-hbo"
    assert str(advice.recommended.leads_to_label) == "First-grade teaching qualification"


def test_hbo_chemist_for_secondary_gets_zij_instroom_first_and_first_grade_as_possible_later():
    advice = advise(education="hbo", field_related="yes")
    assert order(advice)[0] == "zij-instroom-vo"
    assert advice.recommended.step == Step.DIRECT
    later = item(advice, "eerstegraads-universitair")
    assert later in advice.close_misses
    assert "pre-master" in later.bridge
    assert later.route.localized_duration and later.route.localized_cost


def test_employed_ict_professional_for_a_few_hours_is_advised_hybrid_teaching_first():
    advice = advise(
        sectors={"mbo"},
        education="hbo",
        field_related="yes",
        situation="employed",
        hours_per_week=8,
    )
    assert order(advice)[0] == "hybride-docent"
    assert advice.recommended.step == Step.HYBRID


def test_mbo_technician_gets_the_teacher_training_before_the_instructor_role():
    advice = advise(sectors={"mbo"}, education="mbo", field_related="yes")
    assert order(advice).index("tweedegraads-hbo") < order(advice).index("instructeur-mbo")
    assert order(advice)[-1] in {"eerst-diploma", "instructeur-mbo"}


# --- "Leads to" agrees with the route's own text -----------------------------------------------


def test_zij_instroom_vo_leads_to_first_grade_only_with_a_related_master_and_an_upper_years_post():
    def leads(**profile):
        return str(item(advise(**profile), "zij-instroom-vo").leads_to_label)

    assert leads(education="hbo", field_related="yes") == "Second-grade teaching qualification"
    assert (
        leads(education="wo_master", field_related="yes", secondary_level="upper")
        == "First-grade teaching qualification"
    )
    unsure = leads(education="wo_master", field_related="yes")
    assert "First-grade" in unsure and "second-grade" in unsure


def test_the_educational_minor_leads_to_a_limited_qualification_as_its_text_says():
    advice = advise(education="havo_vwo", degree_in_progress="hbo", field_related="yes")
    minor = item(advice, "educatieve-minor")
    assert "limited" in minor.route.text
    assert "limited" in str(minor.leads_to_label)


def test_every_shipped_route_leads_where_its_text_says():
    words = {
        "first": ["first-grade", "upper havo"],
        "first_second": ["first grade", "second grade"],
        "second": ["qualif"],
        "limited": ["limited second-grade"],
        "primary": ["primary"],
        "pdg": ["PDG"],
        "recognition": ["recognise"],
        "back": ["qualification"],
        "degree": ["degree"],
        "role": ["assistant", "instructor"],
    }
    for route in Route.objects.filter(region=None):
        text = route.explanation_en
        assert any(word in text for word in words[route.leads_to]), route.slug


# --- Rules are data: national and regional, editable --------------------------------------------


def test_a_region_reorders_its_routes_and_writes_its_own_way_there(region):
    national = Route.objects.get(slug="pabo", region=None)
    national.pk = None
    national.region = region
    national.order = 1
    national.save()
    assert order(advise(sectors={"po"}, education="hbo", region_id=region.pk))[0] == "pabo"
    assert order(advise(sectors={"po"}, education="hbo"))[0] == "zij-instroom-po"

    university = Route.objects.get(slug="eerstegraads-universitair", region=None)
    university.pk = None
    university.region = region
    university.bridge = "Bij ons: een regionale pre-master van een jaar."
    university.bridge_en = "With us: a regional pre-master of one year."
    university.save()
    mine = item(advise(education="hbo", field_related="yes", region_id=region.pk), university.slug)
    assert mine.bridge == "With us: a regional pre-master of one year."


def test_a_region_that_switches_off_going_back_directly_gets_the_next_best_step(region):
    national = Route.objects.get(slug="herintreden", region=None)
    national.pk = None
    national.region = region
    national.is_active = False
    national.save()
    advice = advise(
        education="hbo",
        field_related="yes",
        dutch_qualification=True,
        qualified_grades={"second"},
        region_id=region.pk,
    )
    assert "herintreden" not in offered(advice)
    assert order(advice)[0] == "hbo-master-leraar"


def test_the_shipped_routes_carry_the_new_rules():
    routes = {r.slug: r for r in Route.objects.filter(region=None)}
    assert routes["herintreden"].qualification_needed == "qualified"
    assert routes["zij-instroom-vo"].leads_to == "first_second"
    assert routes["educatieve-minor"].requires_degree_in_progress
    assert routes["educatieve-minor"].situations == []
    assert routes["eerstegraads-universitair"].bridge_en


def test_the_new_rules_are_editable_in_the_admin(admin_client):
    route = Route.objects.get(slug="educatieve-minor", region=None)
    page = admin_client.get(f"/beheer/kandidaten/route/{route.pk}/change/").content.decode()
    for name in ("requires_degree_in_progress", "bridge", "bridge_en", "qualification_needed"):
        assert f'name="{name}"' in page


def test_the_first_step_and_what_a_route_leads_to_in_both_languages():
    with translation.override("nl"):
        advice = advise(education="wo_bachelor", field_related="yes", foreign_qualification=True)
        assert str(item(advice, "zij-instroom-vo").leads_to_label) == "Tweedegraads bevoegdheid"
    advice = advise(education="wo_bachelor", field_related="yes", foreign_qualification=True)
    assert advice.why_recommended.startswith("Your teaching qualification from abroad")
