"""gunicorn's access log without the links that are their own permission.

An invitation (`/j/<token>/`), a shared report (`/report/<token>/`), a calendar feed
(`/calendar/<token>.ics`), an address confirmation and a password reset carry a secret in
their path: whoever reads the log could open them. `make run` logs through
`RedactingLogger`, which writes `[token]` in their place, in the request line, the path,
the query and every header (a Referer carries them too); the secret never reaches the log.
"""

import re

from gunicorn.glogging import Logger

_SECRET_PATHS = [
    re.compile(r"(/j/)[^/?#\s\"]+"),
    re.compile(r"(/report/)[^/?#\s\"]+"),
    re.compile(r"(/calendar/)[^/?#\s\"]+?(?=\.ics)"),
    re.compile(r"(/accounts/email/confirm/)[^/?#\s\"]+"),
    re.compile(r"(/accounts/password/reset/)[^/?#\s\"]+/[^/?#\s\"]+"),
]
# The same paths as a query's `next=` carries them, percent-encoded.
_ENCODED = re.compile(r"(%2F(?:j|report|calendar)%2F)[^&%\s\"]+", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with the secret part of every such link replaced by `[token]`."""
    for pattern in _SECRET_PATHS:
        text = pattern.sub(r"\1[token]", text)
    return _ENCODED.sub(r"\1[token]", text)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(v) if isinstance(v, str) else v for key, v in atoms.items()}
