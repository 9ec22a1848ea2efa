"""Links that are their own permission (a calendar feed, a shared report).

The random token goes into the link and is shown once; only its SHA-256 is stored, so a
copy of the database opens nothing. Looking a link up hashes what was presented.
"""

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits


def token_new() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
