"""Candidates and their journey: registration at /aanmelden/, their own page at /mijn-traject/."""

from django.urls import path

from kandidaten import views

app_name = "kandidaten"

urlpatterns = [
    path("aanmelden/", views.start, name="start"),
    path("aanmelden/stap/<int:number>/", views.step, name="step"),
    path("aanmelden/intake/", views.request_intake, name="request_intake"),
    path("mijn-traject/", views.journey, name="journey"),
    path("mijn-traject/pauzeren/", views.pause, name="pause"),
    path("mijn-traject/stoppen/", views.withdraw, name="withdraw"),
    path("mijn-traject/hervatten/", views.resume, name="resume"),
    path("mijn-traject/toestemming/", views.change_consent, name="consent"),
    path(
        "mijn-traject/voorstellen/<int:pk>/afzien/",
        views.decline_proposal,
        name="decline_proposal",
    ),
]
