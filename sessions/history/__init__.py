"""History: past sessions, trends per partner, exports, and deleting one session.

One module per job:

- `selectors` — the queries the pages read (list, one session, trend points, week counts);
- `timeline` — one session's steps as they were shown then, each with its check-ins;
- `charts` — server-drawn SVG charts laid out in Python, and the one-sentence summary;
- `exports` — CSV and JSON of everything the account owns, streamed;
- `services` — the writes: the note, deleting one session;
- `forms`, `views`, `urls` — the pages (templates in `templates/sessions/history/`).

The rules the history keeps:

- Ownership is part of every query (`GuidedSession.objects.for_account`): another
  account's session or partner answers 404.
- Queries per page are constant in the number of sessions: every per-session number on a
  page is a stored field, a model property, an annotation or one prefetch, never a query
  per row — a page costs the same with ten sessions or ten thousand.
- The facts shown (duration, relief, lowest comfort, outcome) are the ones
  `sessions.models` defines; the history computes none of its own.
- Ratings are immutable; only the note can change afterwards. A session's steps are the
  snapshot taken at its start, so later admin edits never rewrite a past session.
- Deleting the whole account lives with the accounts, in `decompress.accounts`.
"""
