from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidedSessionsConfig(AppConfig):
    name = "sessions"
    # django.contrib.sessions already owns the label "sessions".
    label = "guided"
    verbose_name = _("Guided sessions")

    def ready(self) -> None:
        from screening.signals import stretch_withdrawn

        # A screening that turns blocked or urgent stops a session in progress. Connected
        # strongly: a safety rule must not hang on a reference being kept somewhere.
        stretch_withdrawn.connect(
            _stop_for_screening, weak=False, dispatch_uid="sessions.stop_for_screening"
        )


def _stop_for_screening(*, partner, **kwargs) -> None:
    from .stopping import sessions_stop_for_screening

    sessions_stop_for_screening(partner=partner)
