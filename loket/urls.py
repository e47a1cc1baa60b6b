from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from kandidaten import urls as kandidaten_urls
from loket import views
from loket.core import bench
from loket.core.reauth import reauthenticate_by_code
from loket.desk import urls as desk_urls
from vacatures import urls as vacatures_urls

admin.site.site_header = _("Regional desk administration")
admin.site.site_title = settings.LOKET_PORTAL_NAME

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("health/background/", views.health_background, name="health_background"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/reauthenticate/code/", reauthenticate_by_code, name="reauthenticate_code"),
    path("mijn-account/", views.account_overview, name="account_overview"),
    path("accounts/", include("allauth.urls")),
    path("privacyverklaring/", views.privacy_statement, name="privacy_statement"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility_statement"),
    path("contact/", views.contact, name="contact"),
    re_path(
        r"^beheer/(?P<app_label>kandidaten)/"
        r"(?P<model>phasenorm|contact|candidatenote|assessment|referral)/(?P<rest>.*)$",
        views.moved_admin,
    ),
    re_path(
        r"^beheer/(?P<app_label>vacatures)/(?P<model>proposal|proposalevent)/(?P<rest>.*)$",
        views.moved_admin,
    ),
    path("beheer/login/", views.admin_login, name="admin_login"),
    path("beheer/", admin.site.urls),
    path("e-mail/", include("loket.core.mail.urls")),
    path("", include("loket.desk.urls")),
    path("inzicht/", include((desk_urls.public_insight, "insight"))),
    path("", include((kandidaten_urls.urlpatterns + desk_urls.in_kandidaten, "kandidaten"))),
    path("", include((vacatures_urls.urlpatterns + desk_urls.in_vacatures, "vacatures"))),
]
if settings.LOKET_BENCH:
    urlpatterns.insert(0, path("bench/floor/", bench.floor))
