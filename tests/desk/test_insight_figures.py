"""The insight figures on hand-built data with known answers (tests/desk/insight_data.py)."""

import pytest
from django.utils import timezone

from kandidaten.models import Candidate
from loket.core.models import MailPreference, OutgoingMail, User
from loket.desk.insight import funnel, panels, queries
from loket.desk.insight.filters import Filters
from loket.desk.insight.summary import insight_refresh
from loket.desk.models import Proposal
from tests.desk.insight_data import at, build_world


@pytest.fixture
def world(db):
    return build_world()


def funnel_numbers(world, region):
    steps, _split = funnel.reached(world.filters(region), split="source")
    return {s.phase: (s.reached, s.skipped, s.went_on) for s in steps}


def test_the_funnel_counts_skips_pauses_and_referrals_once(world):
    assert funnel_numbers(world, world.r) == {
        "interesse": (6, 0, 4),
        "orientatie": (4, 0, 4),
        "intake": (3, 1, 2),
        "geschiktheid": (2, 1, 2),
        "matching": (2, 0, 1),
        "gestart": (1, 0, 0),
        "begeleiding": (0, 0, 0),
    }
    # E went on in S after the referral: counted there from intake on, never twice.
    assert funnel_numbers(world, world.s) == {
        "interesse": (0, 0, 0),
        "orientatie": (0, 0, 0),
        "intake": (1, 0, 1),
        "geschiktheid": (1, 1, 1),
        "matching": (1, 0, 1),
        "gestart": (1, 0, 0),
        "begeleiding": (0, 0, 0),
    }


def test_median_time_in_a_phase_leaves_out_the_pause(world):
    times = funnel.times(world.filters())
    # Beyond interest in R: A 10, B 4, C 2, E 5 days → 4.5; beyond orientation: A 10, B 10,
    # C 10 + 10 (the month paused not counted) → 10; beyond intake: only A (B skipped it).
    assert times["interesse"] == (4, pytest.approx(4.5))
    assert times["orientatie"] == (3, pytest.approx(10))
    assert times["intake"] == (1, pytest.approx(10))
    # E's orientation in S: 4 days before the referral and 8 after it.
    assert funnel.times(world.filters(world.s))["orientatie"] == (1, pytest.approx(12))


def test_side_exits_and_returns(world):
    assert funnel.exits(world.filters()) == {
        ("gepauzeerd", ""): 1,
        ("afgehaakt", "other_job"): 1,
        ("doorverwezen", ""): 1,
        ("returned", ""): 1,
    }
    assert funnel.exits(world.filters(world.s)) == {("arrived", ""): 1}


def test_the_period_limits_what_is_reached(world):
    november = world.filters()
    november = type(november)(
        region_ids=november.region_ids, start=november.start.replace(month=11), end=november.end
    )
    steps, _ = funnel.reached(november, split="source")
    assert [s.reached for s in steps] == [1, 0, 0, 0, 0, 0, 0]  # F


def test_the_funnel_splits_by_source_campaign_sector_and_route(world):
    Candidate.objects.filter(pk=world.people["a"].pk).update(
        source="social", utm={"utm_campaign": "herfst"}
    )
    insight_refresh()  # the funnel reads the candidate as the refresh found them
    _steps, by_source = funnel.reached(world.filters(), split="source")
    assert by_source["social"]["interesse"] == 1
    assert by_source[""]["interesse"] == 5
    _steps, by_campaign = funnel.reached(world.filters(), split="campaign")
    assert by_campaign["herfst"]["gestart"] == 1
    _steps, by_sector = funnel.reached(world.filters(), split="sector")
    assert by_sector["vo"]["interesse"] == 6


def test_the_shortage_picture(world):
    rows = {(r.key, r.sector): r for r in queries.shortage_by_subject(world.filters())}
    maths, physics = rows[("Wiskunde", "vo")], rows[("Natuurkunde", "vo")]
    # Available: B (matching) and C (intake); F (interest) and A (started) are not.
    assert (maths.vacancies, maths.hours, maths.candidates) == (2, 40, 2)
    assert (maths.fte, maths.ratio, maths.tight) == (1.0, 1.0, False)
    assert (physics.vacancies, physics.hours, physics.candidates) == (2, 60, 1)
    assert (physics.fte, physics.ratio, physics.tight) == (1.5, 2.0, True)
    places = {r.key: r for r in queries.shortage_by_municipality(world.filters())}
    assert (places["Utrecht"].vacancies, places["Zeist"].vacancies) == (3, 1)
    zeist = queries.shortage_by_subject(world.filters(municipality="Zeist"))
    assert [(r.key, r.vacancies) for r in zeist if r.vacancies] == [("Natuurkunde", 1)]


def test_placements_count_for_the_region_of_the_school(world):
    r = queries.placements(world.filters())
    assert (r.total, [n for _m, n, _d in r.month]) == (1, [1])
    assert r.school == [("Domstad College", 1, pytest.approx(50))]
    assert r.board == [("Stichting Dom", 1, pytest.approx(50))]
    s = queries.placements(world.filters(world.s))
    assert s.school == [("Eemland College", 1, pytest.approx(44))]


def test_erased_candidates_count_the_same(world):
    before = (
        funnel_numbers(world, world.r),
        funnel.times(world.filters()),
        funnel.exits(world.filters()),
        [(r.key, r.candidates) for r in queries.shortage_by_subject(world.filters())],
        queries.placements(world.filters()).total,
    )
    # What anonymising leaves: region, phase history, sector, subjects, source, placement.
    Candidate.objects.update(full_name="", phone="", postcode="", date_of_birth=None)
    for user in User.objects.filter(candidate__isnull=False):
        User.objects.filter(pk=user.pk).update(email=f"erased-{user.pk}@invalid", full_name="")
    insight_refresh()
    after = (
        funnel_numbers(world, world.r),
        funnel.times(world.filters()),
        funnel.exits(world.filters()),
        [(r.key, r.candidates) for r in queries.shortage_by_subject(world.filters())],
        queries.placements(world.filters()).total,
    )
    assert after == before
    names = panels.successes_panel(world.filters()).table("placements").rows
    assert [row[1] for row in names] == ["(anonymised)"]


def test_every_desk_panel_renders_from_the_filters(world):
    for name, build in panels.DESK_PANELS.items():
        panel = build(world.filters())
        assert panel.tables, name


def test_stalled_candidates_per_guide(world):
    table = panels.followup_panel(world.filters()).table("stalled")
    # Gerda guides A (started: no norm), B, C and F (all silent since 2025); D dropped out.
    assert table.rows == [["Gerda Gids", 4, 3, 3, 3]]


def test_proposals_per_school_answered_within_the_norm(world):
    assert queries.proposals_by_school(world.filters()) == []  # none proposed in the period
    proposal = Proposal.objects.get(school=world.school_r)
    # Proposed on a Friday, answered the Friday after: five working days, within the norm; a
    # second one answered after six working days is not.
    Proposal.objects.filter(pk=proposal.pk).update(created_at=at(10, 3), answered_at=at(10, 10))
    late = Proposal.objects.create(
        candidate=world.people["b"],
        school=world.school_r,
        motivation="Past goed bij ons.",
        status="declined",
        decline_reason="profile",
        answered_at=at(10, 13),
    )
    Proposal.objects.filter(pk=late.pk).update(created_at=at(10, 3))
    rows = queries.proposals_by_school(world.filters())
    assert rows == [("Domstad College", 2, 1, 1, 1), (None, 2, 1, 1, 1)]


def test_reminders_sent_withheld_and_unsubscribed(world):
    rows = [
        ("registration_unfinished", "sent", ""),
        ("registration_unfinished", "sent", ""),
        ("registration_unfinished", "withheld", "cap"),
        ("registration_unfinished", "withheld", "unsubscribed"),
        ("proposal_unanswered", "withheld", "inactive"),
        ("proposal_unanswered", "queued", ""),
        ("account", "sent", ""),  # not a reminder
    ]
    for n, (reason, status, withheld) in enumerate(rows):
        OutgoingMail.objects.create(
            to_email=f"x{n}@example.org",
            region=world.r,
            reason=reason,
            key=f"t:{n}",
            language="nl",
            subject="s",
            body_text="b",
            status=status,
            withheld_reason=withheld,
        )
    OutgoingMail.objects.create(  # another region's
        to_email="y@example.org",
        region=world.s,
        reason="registration_unfinished",
        key="t:s",
        language="nl",
        subject="s",
        body_text="b",
        status="sent",
    )
    MailPreference.objects.create(user=world.people["b"].user, reminders_opt_out=True)
    MailPreference.objects.create(user=world.people["c"].user, reminders_opt_out=False)
    today = timezone.localdate()
    filters = Filters(region_ids=[world.r.pk], start=today, end=today)
    panel = panels.followup_panel(filters)
    assert panel.table("reminders").rows == [
        ["Registration not finished", 2, 1, 1, 0, 0],
        ["Proposal not answered yet", 0, 0, 0, 1, 1],
    ]
    assert dict(panel.headline)["Unsubscribed from reminders in the period"] == 1
