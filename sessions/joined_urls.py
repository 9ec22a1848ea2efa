from django.urls import path

from .views import joined

app_name = "joined"

urlpatterns = [
    path("<str:token>/", joined.join, name="join"),
    path("<str:token>/live/", joined.live, name="live"),
    path("<str:token>/state/", joined.state, name="state"),
    path("<str:token>/check-in/", joined.check_in, name="check_in"),
    path("<str:token>/stop/", joined.stop, name="stop"),
    path("<str:token>/stop/reason/", joined.stop_reason, name="stop_reason"),
]
