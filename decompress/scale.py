"""The comfort scale the receiver rates on, and the numbers the safety rules stand on.

One home for each: the models' validators and constraints, the forms and their messages,
the stop rules (`sessions.comfort`), the charts' axes, the stop reasons' labels and
sentences and every page (through `sessions.context_processors.safety`) read them here,
at the moment they are needed, so a page never states a number its rule does not use.

- Comfort is rated from `COMFORT_MIN` (severe pain) to `COMFORT_MAX` (completely
  comfortable).
- A rating at or below `LOW_COMFORT_LIMIT` stops the session: the stretch is not helping
  today, and the partner rests (`decompress.rest`).
- A rating nobody gave shows as `MISSING`, on every page and in the report.
"""

COMFORT_MIN = 0
COMFORT_MAX = 10
LOW_COMFORT_LIMIT = 3
MISSING = "—"


def ratings() -> range:
    """Every rating a receiver can give, lowest first (the buttons of a check-in)."""
    return range(COMFORT_MIN, COMFORT_MAX + 1)
