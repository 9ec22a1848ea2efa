"""The history's writes. Ratings are never changed afterwards; the note may be."""

from django.db import transaction

from sessions.models import GuidedSession


@transaction.atomic
def session_note_set(*, session: GuidedSession, note: str) -> GuidedSession:
    """Notes stay editable afterwards; the ratings never are."""
    if len(note) > GuidedSession.note_max_length:
        raise ValueError("The note is too long.")
    session.note = note
    GuidedSession.objects.filter(pk=session.pk).update(note=note)
    return session


@transaction.atomic
def session_delete(*, session: GuidedSession) -> None:
    """Deletes the session with its check-ins; its screening and other sessions stay.

    A rest the session caused outlives it (`sessions.rest.Rest`): the record is the owner's
    to delete, the safety rule is not.
    """
    session.delete()
