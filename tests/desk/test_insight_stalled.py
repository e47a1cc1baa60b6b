"""The follow-up panel's stalled candidates per guide (one grouped statement) and the pipeline's
count and filter of stalled cases (``stalled_q``) against the pipeline's flags
(``with_stall_flags``) on the same hand-built candidates."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from kandidaten.models import Candidate, Phase
from loket.core.mail.outbox import AMSTERDAM
from loket.core.models import PostcodeArea, Region, Sector
from loket.desk.insight import followup, queries
from loket.desk.insight.filters import Filters
from loket.desk.models import PhaseNorm
from loket.desk.selectors.stalled import stalled_q, with_stall_flags
from tests.factories import RegionFactory, SubjectFactory
from tests.kandidaten.factories import CandidateFactory
from tests.vacatures.factories import desk_staff_of

P = Phase
NOW = datetime.datetime(2025, 11, 20, 9, 30, tzinfo=AMSTERDAM)


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


@pytest.fixture
def region(db):
    """Region R: no contact for 10 days is too long; intake's norm is the region's own 5 days
    (the default is 21). Two guides and candidates without one; another region beside it."""
    r = RegionFactory(slug="domstad", no_contact_days=10)
    other = RegionFactory(slug="eemland", no_contact_days=30)
    PhaseNorm.objects.create(region=r, phase=P.INTAKE, days=5)
    gerda = desk_staff_of(r, full_name="Gerda Gids")
    henk = desk_staff_of(r, full_name="Henk Hulp")
    maths = SubjectFactory(name="Wiskunde", slug="wiskunde-s")
    PostcodeArea.objects.create(digits="3811", municipality="Amersfoort", latitude=0, longitude=0)

    def person(guide, phase, *, since, contact=None, created=None, region=r, **kwargs):
        if phase == P.GEPAUZEERD:
            kwargs["paused_until"] = datetime.date(2099, 1, 1)
        candidate = CandidateFactory(region=region, guide=guide, phase=phase, **kwargs)
        Candidate.objects.filter(pk=candidate.pk).update(
            phase_changed_at=since, last_contact_on=contact, created_at=created or since
        )
        return candidate

    today = NOW.date()
    # Gerda: in interest 20 days (norm 14) with a contact 2 days ago: overdue, not silent.
    person(gerda, P.INTERESSE, since=days_ago(20), contact=today - datetime.timedelta(days=2))
    # In intake 6 days: over the region's 5, under the default 21; contact 11 days ago: silent.
    person(gerda, P.INTAKE, since=days_ago(6), contact=today - datetime.timedelta(days=11))
    # In matching 3 days, contact exactly 10 days ago: neither (the day itself still counts).
    person(gerda, P.MATCHING, since=days_ago(3), contact=today - datetime.timedelta(days=10))
    # Never contacted, registered 11 days ago at 23:30 Amsterdam time (the day before in UTC):
    # silent by the day in Amsterdam.
    late = datetime.datetime.combine(
        today - datetime.timedelta(days=11), datetime.time(23, 30), tzinfo=AMSTERDAM
    )
    person(gerda, P.ORIENTATIE, since=late, created=late, sectors=[Sector.PO])
    # Never contacted, registered 10 days ago at 00:30: not yet silent.
    early = datetime.datetime.combine(
        today - datetime.timedelta(days=10), datetime.time(0, 30), tzinfo=AMSTERDAM
    )
    person(gerda, P.ORIENTATIE, since=early, created=early)
    # Paused, dropped out, referred, started and in induction, long ago: never stalled; the
    # last two are active, the side exits not.
    person(gerda, P.GEPAUZEERD, since=days_ago(200))
    person(gerda, P.AFGEHAAKT, since=days_ago(200))
    person(gerda, P.DOORVERWEZEN, since=days_ago(200))
    person(gerda, P.GESTART, since=days_ago(200))
    person(henk, P.BEGELEIDING, since=days_ago(400))
    # Henk: in the assessment 57 days (norm 56), no contact since registration: both.
    subject_person = person(henk, P.GESCHIKTHEID, since=days_ago(57), postcode="3811 AA")
    subject_person.subjects.set([maths])
    # In orientation 41 days (norm 42), contact today: neither.
    person(henk, P.ORIENTATIE, since=days_ago(41), contact=today)
    # Without a guide: in interest 15 days, no contact.
    person(None, P.INTERESSE, since=days_ago(15))
    # A guide whose candidates all left: not shown.
    ida = desk_staff_of(r, full_name="Ida Iets")
    person(ida, P.AFGEHAAKT, since=days_ago(3))
    # Another region's candidate of Gerda's: not counted for R.
    person(gerda, P.INTERESSE, since=days_ago(100), region=other)
    return r, maths


def flags_per_guide(candidates) -> list[tuple]:
    """The same table from the pipeline's flags, counted in Python."""
    counts: dict[tuple, Counter] = {}
    rows = with_stall_flags(candidates, now=NOW).values_list(
        "guide__full_name",
        "guide__email",
        "phase",
        "is_stalled",
        "overdue_in_phase",
        "without_contact",
    )
    for name, email, phase, stalled, overdue, silent in rows:
        count = counts.setdefault((name, email), Counter())
        count["active"] += phase in queries.PHASE_RANK
        count["stalled"] += stalled
        count["overdue"] += overdue
        count["silent"] += silent
    result = [
        (name, email, c["active"], c["stalled"], c["overdue"], c["silent"])
        for (name, email), c in counts.items()
        if c["active"]
    ]
    return sorted(result, key=lambda row: (-row[3], row[0] is None, row[0] or ""))


def filters_for(region, **kwargs) -> Filters:
    return Filters(
        region_ids=[region.pk],
        start=datetime.date(2025, 9, 1),
        end=datetime.date(2025, 11, 30),
        **kwargs,
    )


def test_stalled_per_guide_counts_what_the_pipeline_flags(region):
    r, _maths = region
    with timezone.override(AMSTERDAM):
        rows = followup.stalled_by_guide(filters_for(r), now=NOW)
        expected = flags_per_guide(Candidate.objects.filter(region=r))
    assert [row[0] for row in rows] == ["Gerda Gids", "Henk Hulp", None]
    assert [row[2:] for row in rows] == [(6, 3, 2, 2), (3, 1, 1, 1), (1, 1, 1, 1)]
    assert rows == expected


@pytest.mark.parametrize(
    ("filter_kwargs", "narrow"),
    [
        ({"sector": Sector.PO}, {"sectors__contains": [Sector.PO]}),
        ({"municipality": "Amersfoort"}, {"postcode": "3811 AA"}),
    ],
)
def test_stalled_per_guide_with_filters(region, filter_kwargs, narrow):
    r, _maths = region
    with timezone.override(AMSTERDAM):
        rows = followup.stalled_by_guide(filters_for(r, **filter_kwargs), now=NOW)
        expected = flags_per_guide(Candidate.objects.filter(region=r, **narrow))
    assert len(rows) == 1
    assert rows == expected


def test_stalled_per_guide_by_subject(region):
    r, maths = region
    with timezone.override(AMSTERDAM):
        rows = followup.stalled_by_guide(filters_for(r, subject_id=maths.pk), now=NOW)
        expected = flags_per_guide(Candidate.objects.filter(region=r, subjects=maths))
    assert rows == expected == [("Henk Hulp", rows[0][1], 1, 1, 1, 1)]


@pytest.mark.parametrize("both_regions", [False, True])
def test_the_pipelines_stalled_rule_picks_the_candidates_the_flags_mark(region, both_regions):
    r, _maths = region
    regions = list(Region.objects.values_list("pk", flat=True)) if both_regions else [r.pk]
    candidates = Candidate.objects.filter(region__in=regions)
    with timezone.override(AMSTERDAM):
        flagged = with_stall_flags(candidates, now=NOW).filter(is_stalled=True)
        picked = candidates.filter(stalled_q(regions, now=NOW))
        expected = sorted(flagged.values_list("full_name", flat=True))
        assert sorted(picked.values_list("full_name", flat=True)) == expected
    # Gerda's 3, Henk's 1 and the one without a guide in R; the other region adds Gerda's one
    # there (100 days in interest, its norm 14).
    assert len(expected) == (6 if both_regions else 5)


def test_no_regions_no_stalled_cases(region):
    assert not Candidate.objects.filter(stalled_q([], now=NOW)).exists()


def test_the_cut_off_counts_whole_days_across_a_clock_change(region):
    # Orientation's norm of 42 days before NOW reaches back past the end of summer time. The
    # flags add whole days of 24 hours, so the cut-off is 08:30 UTC on 9 October; counted on
    # Amsterdam's clock it would be 09:30 there, 07:30 UTC, and miss this candidate.
    r, _maths = region
    candidate = CandidateFactory(region=r, phase=P.ORIENTATIE)
    began = datetime.datetime(2025, 10, 9, 8, 0, tzinfo=datetime.UTC)
    Candidate.objects.filter(pk=candidate.pk).update(
        phase_changed_at=began, created_at=began, last_contact_on=NOW.date()
    )
    one = Candidate.objects.filter(pk=candidate.pk)
    with timezone.override(AMSTERDAM):
        assert with_stall_flags(one, now=NOW).get().is_stalled
        assert one.filter(stalled_q([r.pk], now=NOW)).exists()
