"""The desk's pages under /loket/ (staff of a region) and the study advisers' under /opleiding/."""

from django.urls import include, path

from loket.desk.insight import views as insight
from loket.desk.views.advisers import adviser_assessment, adviser_list
from loket.desk.views.appointments import (
    desk_appointment_cancel,
    desk_appointment_move,
    desk_appointments,
)
from loket.desk.views.documents import document
from loket.desk.views.file import (
    add_note,
    assign_guide,
    candidate_file,
    change_phase,
    log_contact,
    refer_assessment,
    refer_region,
    set_next_action,
)
from loket.desk.views.hr import (
    hr_proposal,
    hr_proposal_decline,
    hr_proposal_invite,
    hr_proposal_outcome,
    hr_proposals,
)
from loket.desk.views.journey import decline_proposal, undo_decline_proposal
from loket.desk.views.matching import candidate_matches, propose, vacancy_matches
from loket.desk.views.pipeline import bulk_action, pipeline
from loket.desk.views.privacy import erase_candidate
from loket.desk.views.proposals import proposals, withdraw_proposal
from loket.desk.views.referrals import answer_referral, referrals, withdraw_referral

desk_patterns = [
    path("", pipeline, name="pipeline"),
    path("bulk/", bulk_action, name="bulk"),
    path("kandidaten/<int:pk>/", candidate_file, name="candidate"),
    path("kandidaten/<int:pk>/contact/", log_contact, name="log_contact"),
    path("kandidaten/<int:pk>/notitie/", add_note, name="add_note"),
    path("kandidaten/<int:pk>/begeleider/", assign_guide, name="assign_guide"),
    path("kandidaten/<int:pk>/volgende-actie/", set_next_action, name="next_action"),
    path("kandidaten/<int:pk>/fase/", change_phase, name="change_phase"),
    path("kandidaten/<int:pk>/geschiktheid/", refer_assessment, name="refer_assessment"),
    path("kandidaten/<int:pk>/doorverwijzen/", refer_region, name="refer_region"),
    path("kandidaten/<int:pk>/verwijderen/", erase_candidate, name="erase_candidate"),
    path("kandidaten/<int:pk>/matches/", candidate_matches, name="candidate_matches"),
    path("kandidaten/<int:pk>/voorstellen/", propose, name="propose"),
    path("vacatures/<int:pk>/kandidaten/", vacancy_matches, name="vacancy_matches"),
    path("voorstellen/", proposals, name="proposals"),
    path("voorstellen/<int:pk>/intrekken/", withdraw_proposal, name="withdraw_proposal"),
    path("doorverwijzingen/", referrals, name="referrals"),
    path("doorverwijzingen/<int:pk>/antwoord/", answer_referral, name="answer_referral"),
    path("doorverwijzingen/<int:pk>/intrekken/", withdraw_referral, name="withdraw_referral"),
    path("inzicht/", insight.dashboard, name="insight"),
    path("inzicht/csv/<slug:table>/", insight.dashboard_csv, name="insight_csv"),
    path("inzicht/rapport/", insight.monthly_report, name="insight_report"),
    path("inzicht/landelijk/", insight.national, name="insight_national"),
    path("inzicht/landelijk/csv/<slug:table>/", insight.national_csv, name="insight_national_csv"),
]

adviser_patterns = [
    path("", adviser_list, name="list"),
    path("<int:pk>/", adviser_assessment, name="assessment"),
]

# The desk's pages that live under the candidates' and the vacancies' URLs and names
# ("kandidaten:decline_proposal", "vacatures:hr_proposal", …): loket/urls.py adds them there.
in_kandidaten = [
    path(
        "mijn-traject/voorstellen/<int:pk>/afzien/",
        decline_proposal,
        name="decline_proposal",
    ),
    path(
        "mijn-traject/voorstellen/<int:pk>/afzien/ongedaan/",
        undo_decline_proposal,
        name="undo_decline_proposal",
    ),
    path(
        "loket/kandidaten/<int:pk>/afspraken/",
        desk_appointments,
        name="desk_appointments",
    ),
    path(
        "loket/kandidaten/<int:pk>/afspraken/<int:appointment_pk>/annuleren/",
        desk_appointment_cancel,
        name="desk_appointment_cancel",
    ),
    path(
        "loket/kandidaten/<int:pk>/afspraken/<int:appointment_pk>/verplaatsen/",
        desk_appointment_move,
        name="desk_appointment_move",
    ),
]

in_vacatures = [
    path("vacatures/beheer/inzicht/", insight.board, name="hr_insight"),
    path("vacatures/beheer/inzicht/csv/<slug:table>/", insight.board_csv, name="hr_insight_csv"),
    path("vacatures/beheer/voorstellen/", hr_proposals, name="hr_proposals"),
    path("vacatures/beheer/voorstellen/<int:pk>/", hr_proposal, name="hr_proposal"),
    path(
        "vacatures/beheer/voorstellen/<int:pk>/uitnodigen/",
        hr_proposal_invite,
        name="hr_proposal_invite",
    ),
    path(
        "vacatures/beheer/voorstellen/<int:pk>/afwijzen/",
        hr_proposal_decline,
        name="hr_proposal_decline",
    ),
    path(
        "vacatures/beheer/voorstellen/<int:pk>/uitkomst/",
        hr_proposal_outcome,
        name="hr_proposal_outcome",
    ),
]

# The public insight pages (``/inzicht/``, names "insight:…"): loket/urls.py mounts them.
public_insight = [
    path("", insight.public_index, name="index"),
    path("csv/<slug:table>/", insight.public_index_csv, name="index_csv"),
    path("<slug:slug>/", insight.public_region, name="region"),
    path("<slug:slug>/csv/<slug:table>/", insight.public_region_csv, name="region_csv"),
]

urlpatterns = [
    path("documenten/<int:pk>/", document, name="document"),
    path("loket/", include((desk_patterns, "desk"))),
    path("opleiding/", include((adviser_patterns, "adviser"))),
]
