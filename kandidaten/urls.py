"""Candidates and their journey: registration at /aanmelden/, their own page at /mijn-traject/."""

from django.urls import path

from kandidaten import event_views, views

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

# Events and appointments (kandidaten.event_views): public pages, then the desk's pages.
urlpatterns += [
    path("evenementen/", event_views.event_list, name="event_list"),
    path("evenementen/<int:pk>/", event_views.event_detail, name="event_detail"),
    path("evenementen/<int:pk>/aanmelden/", event_views.event_signup, name="event_signup"),
    path("evenementen/<int:pk>/afmelden/", event_views.event_signoff, name="event_signoff"),
    path("loket/evenementen/", event_views.desk_event_list, name="desk_events"),
    path("loket/evenementen/nieuw/", event_views.desk_event_create, name="desk_event_create"),
    path(
        "loket/evenementen/<int:pk>/bewerken/",
        event_views.desk_event_edit,
        name="desk_event_edit",
    ),
    path(
        "loket/evenementen/<int:pk>/annuleren/",
        event_views.desk_event_cancel,
        name="desk_event_cancel",
    ),
    path(
        "loket/evenementen/<int:pk>/aanmeldingen/",
        event_views.desk_event_registrations,
        name="desk_event_registrations",
    ),
    path(
        "loket/kandidaten/<int:pk>/afspraken/",
        event_views.desk_appointments,
        name="desk_appointments",
    ),
    path(
        "loket/kandidaten/<int:pk>/afspraken/<int:appointment_pk>/annuleren/",
        event_views.desk_appointment_cancel,
        name="desk_appointment_cancel",
    ),
]
