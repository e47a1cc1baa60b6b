"""The desk's pages under /loket/ (staff of a region) and the study advisers' under /opleiding/."""

from django.urls import include, path

from loket.desk import views

desk_patterns = [
    path("", views.pipeline, name="pipeline"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("kandidaten/<int:pk>/", views.candidate_file, name="candidate"),
    path("kandidaten/<int:pk>/contact/", views.log_contact, name="log_contact"),
    path("kandidaten/<int:pk>/notitie/", views.add_note, name="add_note"),
    path("kandidaten/<int:pk>/begeleider/", views.assign_guide, name="assign_guide"),
    path("kandidaten/<int:pk>/volgende-actie/", views.set_next_action, name="next_action"),
    path("kandidaten/<int:pk>/fase/", views.change_phase, name="change_phase"),
    path("kandidaten/<int:pk>/geschiktheid/", views.refer_assessment, name="refer_assessment"),
    path("kandidaten/<int:pk>/doorverwijzen/", views.refer_region, name="refer_region"),
    path("kandidaten/<int:pk>/matches/", views.candidate_matches, name="candidate_matches"),
    path("kandidaten/<int:pk>/voorstellen/", views.propose, name="propose"),
    path("vacatures/<int:pk>/kandidaten/", views.vacancy_matches, name="vacancy_matches"),
    path("voorstellen/", views.proposals, name="proposals"),
    path("voorstellen/<int:pk>/intrekken/", views.withdraw_proposal, name="withdraw_proposal"),
    path("doorverwijzingen/", views.referrals, name="referrals"),
    path("doorverwijzingen/<int:pk>/antwoord/", views.answer_referral, name="answer_referral"),
    path("doorverwijzingen/<int:pk>/intrekken/", views.withdraw_referral, name="withdraw_referral"),
]

adviser_patterns = [
    path("", views.adviser_list, name="list"),
    path("<int:pk>/", views.adviser_assessment, name="assessment"),
]

urlpatterns = [
    path("loket/", include((desk_patterns, "desk"))),
    path("opleiding/", include((adviser_patterns, "adviser"))),
]
