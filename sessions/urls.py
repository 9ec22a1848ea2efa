from django.urls import path

from .views import live, owner, start

app_name = "sessions"

urlpatterns = [
    path("partner/<int:partner_id>/start/", start.start, name="start"),
    path("partner/<int:partner_id>/routines/", start.routines, name="routines"),
    path("<int:session_id>/", owner.run, name="run"),
    path("<int:session_id>/advance/", owner.advance, name="advance"),
    path("<int:session_id>/check-in/", owner.check_in, name="check_in"),
    path("<int:session_id>/finish/", owner.finish, name="finish"),
    path("<int:session_id>/stop/", owner.stop, name="stop"),
    path("<int:session_id>/stop/reason/", owner.stop_reason, name="stop_reason"),
    path("<int:session_id>/lean/", live.lean, name="lean"),
    path("<int:session_id>/state/", live.state, name="state"),
    path("<int:session_id>/invite/", live.invite, name="invite"),
    path("<int:session_id>/invite/stop/", live.invite_stop, name="invite_stop"),
    path("routine/<int:routine_id>/preview/", start.routine_preview, name="routine_preview"),
]
