"""What the screening tells the rest of the app, without knowing who listens.

`stretch_withdrawn` is sent, inside the transaction that keeps the screening, when a
partner's new answers block the stretch or call for urgent care. Whatever is under way for
that partner must end: the sessions app stops a session in progress (its receiver is
connected in `sessions.apps`), so both phones leave the lean at their next update.
"""

from django.dispatch import Signal

# Sent with `partner` (decompress.models.Partner) and `screening` (the one just kept).
stretch_withdrawn = Signal()
