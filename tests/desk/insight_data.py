"""A hand-built region with known answers for the insight tests.

Region R (Domstad) and region S (Eemland), autumn 2025. Five candidates start in R:

* A walks every phase, ten days each: interest 1 Sep → … → started 21 Oct (hired in R).
* B skips intake and the assessment: interest 1 Sep, orientation 5 Sep, matching 15 Sep.
* C pauses in orientation and comes back: interest 1 Sep, orientation 3 Sep, paused 13 Sep,
  orientation 13 Oct, intake 23 Oct (20 days in orientation, the pause not counted).
* D drops out: interest 1 Sep, dropped out 8 Sep (another job).
* E is referred to S: interest 1 Sep, orientation 6 Sep, referred 10 Sep, accepted by S on
  12 Sep (orientation again), intake 20 Sep, matching 1 Oct, started 15 Oct (hired in S).
* F registers 1 Nov and stays in interest.

The insight summary is refreshed at the end, as the periodic task would.
"""

import datetime
from dataclasses import dataclass

from kandidaten.models import Candidate, Phase, PhaseEvent
from loket.core.mail.outbox import AMSTERDAM
from loket.core.models import Sector
from loket.desk.insight.filters import Filters
from loket.desk.insight.summary import insight_refresh
from loket.desk.models import Proposal, ProposalStatus, Referral
from tests.factories import BoardFactory, RegionFactory, SchoolFactory, SubjectFactory
from tests.kandidaten.factories import CandidateFactory
from tests.vacatures.factories import VacancyFactory, desk_staff_of

P = Phase


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2025, month, day, 10, 0, tzinfo=AMSTERDAM)


def walk(candidate: Candidate, steps: list[tuple[datetime.datetime, str]]) -> None:
    """Phase events as the services write them, at the given moments."""
    previous = ""
    for moment, phase in steps:
        PhaseEvent.objects.create(
            candidate=candidate, from_phase=previous, to_phase=phase, created_at=moment
        )
        previous = phase
    fields = {"phase": previous, "phase_changed_at": steps[-1][0]}
    if previous == P.GEPAUZEERD:
        fields["paused_until"] = datetime.date(2099, 1, 1)
    Candidate.objects.filter(pk=candidate.pk).update(created_at=steps[0][0], **fields)
    candidate.refresh_from_db()


def hire(candidate, school, vacancy, moment) -> Proposal:
    return Proposal.objects.create(
        candidate=candidate,
        school=school,
        vacancy=vacancy,
        motivation="Past goed bij de school.",
        status=ProposalStatus.HIRED,
        answered_at=moment - datetime.timedelta(days=7),
        interview_at=moment - datetime.timedelta(days=3),
        closed_at=moment,
    )


@dataclass
class World:
    r: object
    s: object
    guide: object
    school_r: object
    school_s: object
    maths: object
    physics: object
    people: dict

    def filters(self, region=None, **kwargs) -> Filters:
        return Filters(
            region_ids=[(region or self.r).pk],
            start=datetime.date(2025, 9, 1),
            end=datetime.date(2025, 12, 31),
            **kwargs,
        )


def build_world() -> World:
    r = RegionFactory(name="Onderwijsregio Domstad", slug="domstad")
    s = RegionFactory(name="Onderwijsregio Eemland", slug="eemland")
    guide = desk_staff_of(r, full_name="Gerda Gids")
    school_r = SchoolFactory(
        board=BoardFactory(region=r, name="Stichting Dom"),
        name="Domstad College",
        municipality="Utrecht",
    )
    school_r2 = SchoolFactory(board=school_r.board, name="Zeist Lyceum", municipality="Zeist")
    school_s = SchoolFactory(
        board=BoardFactory(region=s, name="Stichting Eem"),
        name="Eemland College",
        municipality="Amersfoort",
    )
    maths = SubjectFactory(name="Wiskunde", slug="wiskunde-i", is_shortage=True)
    physics = SubjectFactory(name="Natuurkunde", slug="natuurkunde-i")
    # Open vacancies in R: maths 24 h + 16 h; physics 40 h + 20 h (one in Zeist). Not counted: a
    # filled maths post in R, a maths post in S.
    VacancyFactory(school=school_r, published=True, subjects=[maths], hours_per_week=24)
    VacancyFactory(school=school_r, published=True, subjects=[maths], hours_per_week=16)
    VacancyFactory(school=school_r, published=True, subjects=[physics], hours_per_week=40)
    VacancyFactory(school=school_r2, published=True, subjects=[physics], hours_per_week=20)
    filled = VacancyFactory(school=school_r, subjects=[maths], status="filled")
    vacancy_s = VacancyFactory(school=school_s, published=True, subjects=[maths])

    def person(name, **kwargs):
        return CandidateFactory(
            region=r,
            guide=guide,
            full_name=name,
            user__full_name=name,
            sectors=[Sector.VO],
            **kwargs,
        )

    a, b, c, d, e, f = (
        person(n)
        for n in ["Anna Aalders", "Bram Bos", "Cor Claes", "Dirk Dekker", "Eva Elst", "Fenna Frans"]
    )
    walk(
        a,
        [
            (at(9, 1), P.INTERESSE),
            (at(9, 11), P.ORIENTATIE),
            (at(9, 21), P.INTAKE),
            (at(10, 1), P.GESCHIKTHEID),
            (at(10, 11), P.MATCHING),
            (at(10, 21), P.GESTART),
        ],
    )
    walk(b, [(at(9, 1), P.INTERESSE), (at(9, 5), P.ORIENTATIE), (at(9, 15), P.MATCHING)])
    walk(
        c,
        [
            (at(9, 1), P.INTERESSE),
            (at(9, 3), P.ORIENTATIE),
            (at(9, 13), P.GEPAUZEERD),
            (at(10, 13), P.ORIENTATIE),
            (at(10, 23), P.INTAKE),
        ],
    )
    walk(d, [(at(9, 1), P.INTERESSE), (at(9, 8), P.AFGEHAAKT)])
    Candidate.objects.filter(pk=d.pk).update(dropout_reason="other_job")
    walk(
        e,
        [
            (at(9, 1), P.INTERESSE),
            (at(9, 6), P.ORIENTATIE),
            (at(9, 10), P.DOORVERWEZEN),
            (at(9, 12), P.ORIENTATIE),
            (at(9, 20), P.INTAKE),
            (at(10, 1), P.MATCHING),
            (at(10, 15), P.GESTART),
        ],
    )
    Referral.objects.create(
        candidate=e,
        from_region=r,
        to_region=s,
        note="Woont in Eemland.",
        from_phase="orientatie",
        status=Referral.Status.ACCEPTED,
        created_at=at(9, 10),
        answered_at=at(9, 12) - datetime.timedelta(minutes=1),
    )
    Candidate.objects.filter(pk=e.pk).update(region=s, guide=None)
    walk(f, [(at(11, 1), P.INTERESSE)])
    b.subjects.set([maths])
    c.subjects.set([maths, physics])
    f.subjects.set([physics])  # in interest: not yet available
    hire(a, school_r, filled, at(10, 21))
    hire(e, school_s, vacancy_s, at(10, 15))
    insight_refresh()
    return World(
        r=r,
        s=s,
        guide=guide,
        school_r=school_r,
        school_s=school_s,
        maths=maths,
        physics=physics,
        people={"a": a, "b": b, "c": c, "d": d, "e": e, "f": f},
    )
