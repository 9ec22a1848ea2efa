from django.urls import path

from . import live_views, start_views, views

app_name = "sessions"

urlpatterns = [
    path("partner/<int:partner_id>/start/", start_views.start, name="start"),
    path("partner/<int:partner_id>/routines/", start_views.routines, name="routines"),
    path("<int:session_id>/", views.run, name="run"),
    path("<int:session_id>/advance/", views.advance, name="advance"),
    path("<int:session_id>/check-in/", views.check_in, name="check_in"),
    path("<int:session_id>/finish/", views.finish, name="finish"),
    path("<int:session_id>/stop/", views.stop, name="stop"),
    path("<int:session_id>/stop/reason/", views.stop_reason, name="stop_reason"),
    path("<int:session_id>/lean/", live_views.lean, name="lean"),
    path("<int:session_id>/state/", live_views.state, name="state"),
    path("<int:session_id>/invite/", live_views.invite, name="invite"),
    path("<int:session_id>/invite/stop/", live_views.invite_stop, name="invite_stop"),
    path("routine/<int:routine_id>/preview/", start_views.routine_preview, name="routine_preview"),
]
