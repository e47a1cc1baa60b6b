"""The desk's handlers for what the candidate and vacancy apps set off (``loket.core.hooks``).

Connected once, in ``DeskConfig.ready()``. Each runs inside the caller's transaction.
"""

from kandidaten import hooks as candidate_hooks
from loket.desk.selectors.export import export_sections
from loket.desk.selectors.journey import journey_sections
from loket.desk.services.erasure import desk_records_erase
from loket.desk.services.guidance import interest_tell_desk
from loket.desk.services.proposals import proposals_answer_filled_vacancy, proposals_withdraw_all
from vacatures import hooks as vacancy_hooks


def connect() -> None:
    candidate_hooks.desk_consent_withdrawn.connect(proposals_withdraw_all)
    candidate_hooks.journey_sections.connect(journey_sections)
    candidate_hooks.schools_consent_withdrawn.connect(proposals_withdraw_all)
    candidate_hooks.candidate_erasing.connect(desk_records_erase)
    candidate_hooks.export_sections.connect(export_sections)
    vacancy_hooks.vacancy_filled.connect(proposals_answer_filled_vacancy)
    vacancy_hooks.interest_registered.connect(interest_tell_desk)
