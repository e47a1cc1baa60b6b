"""Vacancies: the public board and pages, and the HR officers' own pages (``beheer``)."""

from django.urls import path

from vacatures.feeds import RegionVacancyFeed
from vacatures.views.board import board, vacancy_detail, vacancy_interest
from vacatures.views.hr import (
    hr_change_status,
    hr_create,
    hr_detail,
    hr_edit,
    hr_invitation,
    hr_invite,
    hr_list,
)

# Included under the namespace "vacatures" by loket/urls.py, with the desk's HR proposal
# pages under /vacatures/beheer/voorstellen/.

urlpatterns = [
    path("vacatures/", board, name="board"),
    path("vacatures/<int:pk>/", vacancy_detail, name="detail"),
    path("vacatures/<int:pk>/interesse/", vacancy_interest, name="interest"),
    path("vacatures/<slug:region_slug>/feed/", RegionVacancyFeed(), name="region_feed"),
    path("vacatures/beheer/", hr_list, name="hr_list"),
    path("vacatures/beheer/nieuw/", hr_create, name="hr_create"),
    path("vacatures/beheer/uitnodigen/", hr_invite, name="hr_invite"),
    path("vacatures/uitnodiging/<str:token>/", hr_invitation, name="hr_invitation"),
    path("vacatures/beheer/<int:pk>/", hr_detail, name="hr_detail"),
    path("vacatures/beheer/<int:pk>/bewerken/", hr_edit, name="hr_edit"),
    path("vacatures/beheer/<int:pk>/status/", hr_change_status, name="hr_status"),
]
