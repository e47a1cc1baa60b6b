"""The pipeline: filters, stalled cases, the board, bulk actions and the CSV export."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kandidaten.models import Candidate, CandidateAccess, Phase
from loket.desk.models import PhaseNorm
from tests.desk.conftest import login
from tests.kandidaten.factories import CandidateFactory
from tests.vacatures.factories import desk_staff_of


def names(response) -> list[str]:
    return [c.full_name for c in response.context["page_obj"].object_list]


@pytest.mark.django_db
def test_staff_see_only_their_regions_candidates(client, guide, candidate, other_region):
    CandidateFactory(region=other_region, full_name="Elders Iemand", user__full_name="Elders")
    login(client, guide)
    response = client.get(reverse("desk:pipeline"))
    assert names(response) == ["Noor El Amrani"]


@pytest.mark.django_db
def test_filters_search_and_guide(client, guide, candidate, region):
    CandidateFactory(region=region, full_name="Bram Bakker", phase=Phase.INTAKE, source="uwv")
    login(client, guide)
    assert names(client.get(reverse("desk:pipeline"), {"q": "amrani"})) == ["Noor El Amrani"]
    assert names(client.get(reverse("desk:pipeline"), {"q": candidate.user.email})) == [
        "Noor El Amrani"
    ]
    assert names(client.get(reverse("desk:pipeline"), {"phase": "intake"})) == ["Bram Bakker"]
    assert names(client.get(reverse("desk:pipeline"), {"guide": "me"})) == ["Noor El Amrani"]
    assert names(client.get(reverse("desk:pipeline"), {"guide": "none"})) == ["Bram Bakker"]
    assert names(client.get(reverse("desk:pipeline"), {"source": "uwv"})) == ["Bram Bakker"]
    subject = candidate.subjects.first()
    assert names(client.get(reverse("desk:pipeline"), {"subject": subject.pk})) == [
        "Noor El Amrani"
    ]


@pytest.mark.django_db
def test_a_bad_filter_value_is_reported_not_a_server_error(client, guide, candidate):
    login(client, guide)
    response = client.get(reverse("desk:pipeline"), {"phase": "nonsense", "subject": "abc"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


@pytest.mark.django_db
def test_stalled_cases_follow_the_regions_phase_norm_and_contact_days(
    client, guide, candidate, region
):
    now = timezone.now()
    waiting = CandidateFactory(
        region=region,
        full_name="Lang Wachtend",
        phase=Phase.INTAKE,
        phase_changed_at=now - datetime.timedelta(days=30),
        last_contact_on=timezone.localdate(),
    )
    quiet = CandidateFactory(
        region=region,
        full_name="Stil Geval",
        phase=Phase.ORIENTATIE,
        last_contact_on=timezone.localdate() - datetime.timedelta(days=15),
    )
    candidate.last_contact_on = timezone.localdate()
    candidate.save()
    login(client, guide)
    stalled = names(client.get(reverse("desk:pipeline"), {"stalled": "on"}))
    assert sorted(stalled) == ["Lang Wachtend", "Stil Geval"]  # intake norm 21, contact 14

    PhaseNorm.objects.create(region=region, phase=Phase.INTAKE, days=45)
    region.no_contact_days = 20
    region.save()
    assert names(client.get(reverse("desk:pipeline"), {"stalled": "on"})) == []
    assert waiting and quiet


@pytest.mark.django_db
def test_the_board_shows_every_phase_with_counts(client, guide, candidate, region):
    CandidateFactory.create_batch(3, region=region, phase=Phase.MATCHING)
    login(client, guide)
    response = client.get(reverse("desk:pipeline"), {"view": "board"})
    columns = {c["phase"].value: c for c in response.context["columns"]}
    assert columns["matching"]["count"] == 3 and len(columns["matching"]["cards"]) == 3
    assert columns["orientatie"]["count"] == 1
    assert set(columns) >= {"interesse", "begeleiding", "gepauzeerd", "doorverwezen"}


@pytest.mark.django_db
def test_the_board_shows_the_longest_waiting_of_the_filtered_candidates(client, guide, region):
    now = timezone.now()
    for days in range(10):
        waiting = CandidateFactory(
            region=region, phase=Phase.MATCHING, full_name=f"Wacht {days:02} Dagen"
        )
        Candidate.objects.filter(pk=waiting.pk).update(
            phase_changed_at=now - datetime.timedelta(days=days)
        )
    CandidateFactory(region=region, phase=Phase.MATCHING, full_name="Ander Iemand")
    login(client, guide)

    def cards(**query):
        response = client.get(reverse("desk:pipeline"), {"view": "board", **query})
        column = next(c for c in response.context["columns"] if c["phase"] == Phase.MATCHING)
        return column["count"], [c.full_name for c in column["cards"]]

    count, names = cards(q="wacht")
    assert count == 10
    assert names == [f"Wacht {days:02} Dagen" for days in range(9, 1, -1)]  # longest first
    assert cards(q="ander") == (1, ["Ander Iemand"])


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["list", "board"])
def test_the_pipeline_costs_the_same_queries_for_5_and_50_candidates(client, guide, region, view):
    from tests.factories import SubjectFactory

    login(client, guide)
    subject = SubjectFactory()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("desk:pipeline"), {"view": view}).status_code == 200
        return len(queries)

    for c in CandidateFactory.create_batch(5, region=region, guide=guide):
        c.subjects.set([subject])
    five = count()
    for c in CandidateFactory.create_batch(45, region=region, guide=guide, phase=Phase.INTAKE):
        c.subjects.set([subject])
    assert count() == five


@pytest.mark.django_db
def test_bulk_assign_guide_and_change_phase(client, guide, candidate, region):
    other = CandidateFactory(region=region, full_name="Tweede")
    colleague = desk_staff_of(region, full_name="Cor Collega")
    login(client, guide)
    client.post(
        reverse("desk:bulk"),
        {"action": "assign_guide", "ids": [candidate.pk, other.pk], "guide": colleague.pk},
    )
    candidate.refresh_from_db()
    other.refresh_from_db()
    assert candidate.guide == colleague and other.guide == colleague
    client.post(
        reverse("desk:bulk"),
        {"action": "change_phase", "ids": [candidate.pk, other.pk], "to_phase": "intake"},
    )
    candidate.refresh_from_db()
    assert candidate.phase == Phase.INTAKE
    assert candidate.phase_events.last().actor == guide


@pytest.mark.django_db
def test_bulk_with_a_candidate_of_another_region_changes_nothing(
    client, guide, candidate, other_region
):
    foreign = CandidateFactory(region=other_region)
    login(client, guide)
    response = client.post(
        reverse("desk:bulk"),
        {"action": "change_phase", "ids": [candidate.pk, foreign.pk], "to_phase": "intake"},
        follow=True,
    )
    assert "not one of your desk's candidates" in response.content.decode() or response.context
    candidate.refresh_from_db()
    foreign.refresh_from_db()
    assert candidate.phase == Phase.ORIENTATIE and foreign.phase == Phase.ORIENTATIE


@pytest.mark.django_db
def test_bulk_needs_a_selection(client, guide, candidate):
    login(client, guide)
    client.cookies.load({"django_language": "en"})
    response = client.post(reverse("desk:bulk"), {"action": "export"}, follow=True)
    assert "Select at least one candidate." in response.content.decode()


@pytest.mark.django_db
def test_export_is_a_csv_of_the_selection_logged_and_safe_for_spreadsheets(
    client, guide, candidate, region
):
    sneaky = CandidateFactory(region=region, full_name="=HYPERLINK(1)")
    login(client, guide)
    response = client.post(
        reverse("desk:bulk"), {"action": "export", "ids": [candidate.pk, sneaky.pk]}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    exported = {row[0] for row in rows[1:]}
    assert exported == {"Noor El Amrani", "'=HYPERLINK(1)"}
    assert CandidateAccess.objects.filter(action="export").count() == 2


@pytest.mark.django_db
def test_coordinators_set_their_regions_phase_norms_in_the_admin(client, region, other_region):
    from tests.factories import coordinator_of

    client.force_login(coordinator_of(region))
    page = client.get("/beheer/desk/phasenorm/add/")
    assert page.status_code == 200
    regions = page.context["adminform"].form.fields["region"].queryset
    assert list(regions) == [region]
    response = client.post(
        "/beheer/desk/phasenorm/add/", {"region": region.pk, "phase": "intake", "days": 30}
    )
    assert response.status_code == 302
    assert PhaseNorm.objects.get(region=region).days == 30
    refused = client.post(
        "/beheer/desk/phasenorm/add/",
        {"region": other_region.pk, "phase": "intake", "days": 30},
    )
    assert refused.status_code == 200  # the form says the region is not a valid choice
    assert not PhaseNorm.objects.filter(region=other_region).exists()


@pytest.mark.django_db
def test_the_phase_norms_old_admin_address_redirects_to_the_desk_app(client, region):
    """Phase norms moved with the desk's records to the desk app; old bookmarks still work."""
    from tests.factories import coordinator_of

    client.force_login(coordinator_of(region))
    page = client.get("/beheer/kandidaten/phasenorm/add/?x=1")
    assert page.status_code == 301
    assert page["Location"] == "/beheer/desk/phasenorm/add/?x=1"
    assert client.get("/beheer/kandidaten/route/").status_code == 200
    posted = client.post("/beheer/vacatures/proposal/1/change/", {})
    assert (posted.status_code, posted["Location"]) == (308, "/beheer/desk/proposal/1/change/")
