"""Which phone a request comes from: its seat at the session.

The account holder's phone leads (Ready, the lean's start and pause, the finish, sharing);
a phone joined by an invitation's link follows, by its token, with only the ratings, the
pain report, STOP and its own refresh (`sessions.views.joined`). A `Seat` is built once
per request by the view and handed to the responders (`sessions.views.respond`) and the
templates (`seat.leads`, `seat.joined`, `seat.urls`), in place of a token threaded
through them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from sessions.models import GuidedSession

# The forms and links each seat's panels carry.
_OWNER_URLS = ("advance", "check_in", "finish", "stop", "stop_reason", "lean", "state")
_JOINED_URLS = ("check_in", "stop", "stop_reason", "state", "live")


@dataclass(frozen=True)
class Seat:
    session_id: int
    # The invitation's token of a joined phone; None on the account holder's phone.
    token: str | None = None

    @classmethod
    def owner(cls, session: GuidedSession) -> Seat:
        return cls(session_id=session.pk)

    @classmethod
    def joined_by(cls, session: GuidedSession, token: str) -> Seat:
        return cls(session_id=session.pk, token=token)

    @property
    def leads(self) -> bool:
        return self.token is None

    @property
    def joined(self) -> bool:
        return self.token is not None

    @property
    def urls(self) -> dict[str, str]:
        """Where the panel's forms post, and the page's own address (`state`, `live`)."""
        if self.token is not None:
            return {name: reverse(f"joined:{name}", args=[self.token]) for name in _JOINED_URLS}
        return {name: reverse(f"sessions:{name}", args=[self.session_id]) for name in _OWNER_URLS}

    @property
    def page_url(self) -> str:
        """The whole page of this seat, where a write without htmx goes next."""
        if self.token is not None:
            return reverse("joined:live", args=[self.token])
        return reverse("sessions:run", args=[self.session_id])
