"""Candidates and their journey: registration at /aanmelden/, their own page at /mijn-traject/."""

from django.urls import path

from kandidaten.views.desk_events import (
    desk_event_attendance,
    desk_event_cancel,
    desk_event_create,
    desk_event_edit,
    desk_event_list,
    desk_event_registrations,
)
from kandidaten.views.events import (
    event_calendar,
    event_detail,
    event_list,
    event_signoff,
    event_signup,
    event_unwait,
    event_wait,
)
from kandidaten.views.intakes import (
    calendar_feed,
    guide_agenda,
    guide_feed_renew,
    guide_slot_withdraw,
    intake_book,
    intake_booking,
    intake_cancel,
)
from kandidaten.views.journey import change_consent, journey, pause, resume, withdraw
from kandidaten.views.privacy import (
    agree_statement,
    data_export,
    delete_document,
    documents,
    erase,
    erased,
    upload_document,
)
from kandidaten.views.registration import request_intake, start, step

# Included under the namespace "kandidaten" by loket/urls.py, with the desk's pages that
# belong to the same URLs (declining a proposal from My journey, appointments from the file).

urlpatterns = [
    path("aanmelden/", start, name="start"),
    path("aanmelden/stap/<int:number>/", step, name="step"),
    path("aanmelden/intake/", request_intake, name="request_intake"),
    path("mijn-traject/", journey, name="journey"),
    path("mijn-traject/pauzeren/", pause, name="pause"),
    path("mijn-traject/stoppen/", withdraw, name="withdraw"),
    path("mijn-traject/hervatten/", resume, name="resume"),
    path("mijn-traject/toestemming/", change_consent, name="consent"),
    path("mijn-traject/gegevens/", data_export, name="data_export"),
    path("mijn-traject/verwijderen/", erase, name="erase"),
    path("mijn-traject/verwijderd/", erased, name="erased"),
    path("mijn-traject/documenten/", documents, name="documents"),
    path("mijn-traject/documenten/uploaden/", upload_document, name="upload_document"),
    path("mijn-traject/documenten/<int:pk>/verwijderen/", delete_document, name="delete_document"),
    path("mijn-traject/privacyverklaring/", agree_statement, name="agree_statement"),
]

# Events: the public pages, then the desk's event pages.
urlpatterns += [
    path("evenementen/", event_list, name="event_list"),
    path("evenementen/<int:pk>/", event_detail, name="event_detail"),
    path("evenementen/<int:pk>/aanmelden/", event_signup, name="event_signup"),
    path("evenementen/<int:pk>/afmelden/", event_signoff, name="event_signoff"),
    path("evenementen/<int:pk>/agenda.ics", event_calendar, name="event_calendar"),
    path("evenementen/<int:pk>/wachtlijst/", event_wait, name="event_wait"),
    path("evenementen/<int:pk>/wachtlijst/verlaten/", event_unwait, name="event_unwait"),
    path("loket/evenementen/", desk_event_list, name="desk_events"),
    path("loket/evenementen/nieuw/", desk_event_create, name="desk_event_create"),
    path(
        "loket/evenementen/<int:pk>/bewerken/",
        desk_event_edit,
        name="desk_event_edit",
    ),
    path(
        "loket/evenementen/<int:pk>/annuleren/",
        desk_event_cancel,
        name="desk_event_cancel",
    ),
    path(
        "loket/evenementen/<int:pk>/aanmeldingen/",
        desk_event_registrations,
        name="desk_event_registrations",
    ),
    path(
        "loket/evenementen/<int:pk>/aanwezigheid/",
        desk_event_attendance,
        name="desk_event_attendance",
    ),
]

# Self-booked intakes: the candidate's page, the guide's agenda and their private feed.
urlpatterns += [
    path("mijn-traject/intake/", intake_booking, name="intake_booking"),
    path("mijn-traject/intake/<int:slot_pk>/boeken/", intake_book, name="intake_book"),
    path("mijn-traject/intake/annuleren/", intake_cancel, name="intake_cancel"),
    path("loket/agenda/", guide_agenda, name="guide_agenda"),
    path(
        "loket/agenda/tijden/<int:pk>/intrekken/", guide_slot_withdraw, name="guide_slot_withdraw"
    ),
    path("loket/agenda/adres-vernieuwen/", guide_feed_renew, name="guide_feed_renew"),
    path("agenda/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
