from django.urls import path

from . import history_views

app_name = "history"

urlpatterns = [
    path("", history_views.session_list, name="list"),
]
