from django.urls import path

from . import joined_views

app_name = "joined"

urlpatterns = [
    path("<str:token>/", joined_views.join, name="join"),
    path("<str:token>/live/", joined_views.live, name="live"),
    path("<str:token>/state/", joined_views.state, name="state"),
    path("<str:token>/check-in/", joined_views.check_in, name="check_in"),
    path("<str:token>/stop/", joined_views.stop, name="stop"),
    path("<str:token>/stop/reason/", joined_views.stop_reason, name="stop_reason"),
]
