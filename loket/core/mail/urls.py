from django.urls import path

from loket.core.mail import views

app_name = "mail"

urlpatterns = [
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("uitgaand/", views.outbox_list, name="outbox"),
    path("uitgaand/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("uitgaand/<int:pk>/html/", views.outbox_html, name="outbox_html"),
    path("uitgaand/opnieuw/", views.outbox_requeue, name="outbox_requeue_all"),
    path("uitgaand/<int:pk>/opnieuw/", views.outbox_requeue, name="outbox_requeue"),
]
