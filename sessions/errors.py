"""Why a session write is refused: raised by the domain, answered by the views."""


class ScreeningRequired(Exception):
    """The partner has no valid cleared screening: no session may start or continue."""


class NoRoutine(Exception):
    """No default routine with steps is installed."""


class UnsafeRoutine(NoRoutine):
    """The routine lacks the stop-signal agreement or the starting rating before its first
    lean (`sessions.routine_checks.routine_safety_problems`): admin refuses to offer such a
    routine, and the engine refuses to start one that got through some other way."""


class SessionClosed(Exception):
    """The session is no longer active (completed, stopped or abandoned)."""


class StaleStep(Exception):
    """The request answers a step the session is not on (an old tab, say)."""
