from django.urls import path

from . import views

app_name = "sessions"

urlpatterns = [
    path("partner/<int:partner_id>/start/", views.start, name="start"),
]
