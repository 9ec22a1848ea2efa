from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidedSessionsConfig(AppConfig):
    name = "sessions"
    # django.contrib.sessions already owns the label "sessions".
    label = "guided"
    verbose_name = _("Guided sessions")
