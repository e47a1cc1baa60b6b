"""Vacancies: the public board and pages, and the HR officers' own pages (``beheer``)."""

from django.urls import path

from vacatures import views
from vacatures.feeds import RegionVacancyFeed

app_name = "vacatures"

urlpatterns = [
    path("vacatures/", views.board, name="board"),
    path("vacatures/<int:pk>/", views.vacancy_detail, name="detail"),
    path("vacatures/<int:pk>/interesse/", views.vacancy_interest, name="interest"),
    path("vacatures/<slug:region_slug>/feed/", RegionVacancyFeed(), name="region_feed"),
    path("vacatures/beheer/", views.hr_list, name="hr_list"),
    path("vacatures/beheer/nieuw/", views.hr_create, name="hr_create"),
    path("vacatures/beheer/uitnodigen/", views.hr_invite, name="hr_invite"),
    path("vacatures/beheer/<int:pk>/", views.hr_detail, name="hr_detail"),
    path("vacatures/beheer/<int:pk>/bewerken/", views.hr_edit, name="hr_edit"),
    path("vacatures/beheer/<int:pk>/status/", views.hr_change_status, name="hr_status"),
    path("vacatures/beheer/voorstellen/", views.hr_proposals, name="hr_proposals"),
    path("vacatures/beheer/voorstellen/<int:pk>/", views.hr_proposal, name="hr_proposal"),
    path(
        "vacatures/beheer/voorstellen/<int:pk>/uitnodigen/",
        views.hr_proposal_invite,
        name="hr_proposal_invite",
    ),
    path(
        "vacatures/beheer/voorstellen/<int:pk>/afwijzen/",
        views.hr_proposal_decline,
        name="hr_proposal_decline",
    ),
    path(
        "vacatures/beheer/voorstellen/<int:pk>/uitkomst/",
        views.hr_proposal_outcome,
        name="hr_proposal_outcome",
    ),
]
