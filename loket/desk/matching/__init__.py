"""The explainable matching engine: candidates and posts ranked in the database, every score
taken apart into the parts that fit and the parts that do not.

Ranking happens in PostgreSQL: each part's points are an SQL expression annotated on the row
(``points_subject``, ``points_sector`` …), ``match_score`` is their sum, and rows come ordered by
score, then distance, then newest first (``-pk``). The facts an explanation needs
(``distance_km``, ``subject_exact``, ``subject_related`` …) are annotated as well, and the rows'
subjects come in one prefetch, so ``explain_*`` reads the row and never queries.

Weights (a vacancy match adds up to 100):

========== ====== ===========================================================================
part       points rule
========== ====== ===========================================================================
subject      30   an exact subject in common 30; only a related subject (``Subject.related``)
                  15. When either side names no subject: 30 for a primary post and a candidate
                  who chose po (a groepsleerkracht teaches every subject), otherwise 15 (nothing
                  to compare, which is better than a subject that does not fit); else 0.
sector       15   a sector in common 15; a special-education post (so/vso) for a candidate who
                  chose po or vo 10 (special education is reached through those routes); else 0.
                  Candidates choose sectors, not school types; what upper havo/vwo needs is the
                  level part's business (a first-grade post).
level        20   the post's qualification against the candidate's teaching level, from the
                  matrix ``LEVEL_POINTS`` below.
distance     15   straight line from home to school against the candidate's maximum: within it
                  15 sliding down to 10 at the maximum; up to 1.5 × the maximum 5; beyond 0; no
                  home location (lives abroad) 0, "distance unknown".
hours        10   within 4 hours of each other 10, within 8 hours 5, else 0; unknown 5.
start         5   the candidate is free by the post's start 5; up to 30 days later 2; else 0.
                  "As soon as possible" counts as a month from today (a month's notice is normal),
                  so a candidate who can only start in half a year no longer scores full points.
switchers     5   the school takes career switchers and the post is open to them 5; a candidate
                  who is already qualified 5 regardless; else 0.
========== ====== ===========================================================================

A school without a published vacancy (``rank_schools_for``) is scored on the three parts that
exist without a post: sector, distance and career switchers. Their vacancy weights 15 : 15 : 5
are scaled to 100 and rounded so they still add up: 43 + 43 + 14 (``SCHOOL_WEIGHTS``); the rules
are the same, so the score of a school is still the plain sum of its parts.

A part *fits* when it earns at least two thirds of its points (a distance within the maximum
always does; a related subject, an unknown number of hours or a start a few weeks late does not).

Not a match: a vacancy and a candidate with subjects on both sides and none in common or
related (``points_subject`` 0). They are never ranked, in either direction; the desk's pages
list them apart as "other vacancies (or candidates) nearby", without a score, each with the
explanation that says what does not fit (``other_vacancies_nearby_for``,
``other_candidates_nearby_for``).

Hard filters, never ranked: only candidates of the school's region who consented to be shown to
the region's schools, finished registration (step 5) and are in a matchable phase; only
published vacancies of the candidate's region. A candidate without that consent is never
offered, and gets no vacancies or schools either (the view explains why).
"""

from loket.desk.matching.candidates import (
    CandidateRanking,
    candidate_ranking_for,
    candidate_rows_for,
    explain_candidate_match,
    other_candidates_nearby_for,
    rank_candidates_for,
)
from loket.desk.matching.explain import MatchExplanation, MatchPart
from loket.desk.matching.expressions import is_matchable
from loket.desk.matching.ranking import (
    explain_vacancy_match,
    other_vacancies_nearby_for,
    rank_vacancies_for,
    scored_vacancy_for,
    vacancies_for,
)
from loket.desk.matching.rules import LEVEL_POINTS, SCHOOL_WEIGHTS, WEIGHTS, post_kind
from loket.desk.matching.schools import explain_school_match, rank_schools_for
from loket.desk.models import MATCHABLE_PHASES

__all__ = [
    "CandidateRanking",
    "LEVEL_POINTS",
    "MATCHABLE_PHASES",
    "SCHOOL_WEIGHTS",
    "WEIGHTS",
    "MatchExplanation",
    "MatchPart",
    "candidate_ranking_for",
    "candidate_rows_for",
    "explain_candidate_match",
    "explain_school_match",
    "explain_vacancy_match",
    "is_matchable",
    "other_candidates_nearby_for",
    "other_vacancies_nearby_for",
    "post_kind",
    "rank_candidates_for",
    "rank_schools_for",
    "rank_vacancies_for",
    "scored_vacancy_for",
    "vacancies_for",
]
