from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from loket import views

admin.site.site_header = _("Regional desk administration")
admin.site.site_title = settings.LOKET_PORTAL_NAME

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
    path("e-mail/", include("loket.mail.urls")),
    path("", include("loket.desk.urls")),
    path("", include("kandidaten.urls")),
    path("", include("vacatures.urls")),
]
