"""The bundled step illustrations: a closed set of pictures, and the lean sets built from them.

What is here
    ``Illustration`` — every single picture in ``static/img/steps/``: its stored value (the
    file's name without ``.svg``), a short label for admin, and ``alt``, the translated
    sentence a screen reader says instead of the picture. ``LeanIllustrations`` — the two
    grips a lean can show; each names one picture per ``LeanPhase`` (lean-in, hold,
    release; the phase values are the names the page's lean timer uses). A step's
    illustration is a choice from these sets, never free-form markup.

Which step picks what
    A prepare, check-in or finish step shows one ``Illustration`` from
    ``SINGLE_PICTURES``; a lean step shows one ``LeanIllustrations`` set, whose picture
    follows the running phase. ``illustration_choices(kind)`` gives the admin choices for a
    step kind, and ``step_pictures(kind=..., value=...)`` turns a stored choice into the
    pictures the step shows (one, or the three of a lean in phase order) and refuses a value
    that does not belong to that kind. Record the stored value in the session's snapshot
    like the step's text, so an edit reaches only the next session.

How to put a picture on a page
    The drawings paint with ``currentColor`` and the custom properties ``--figure-receiver``
    (the person on the floor), ``--figure-helper`` (the person on the chair),
    ``--figure-ground`` (chair and floor) and ``--figure-gap`` (the thin outline between a
    limb in front and the one behind), set for the light and dark themes in the
    "illustrations" section of ``static/css/app.css``. An ``<img>`` would not work: it is a
    separate document that sees neither the page's colours nor its theme. Instead reference
    the drawing's ``#art`` group from an inline ``<svg>``, which inherits the page's colours
    and needs no inline style or script (fine under the strict CSP)::

        <svg class="illustration" role="img" aria-label="{{ picture.alt }}"
             viewBox="{{ view_box }}"><use href="{% static picture.static_path %}#art"/></svg>

    with ``view_box`` = ``VIEW_BOX`` (every drawing shares it) — ``picture.fragment_url``
    gives the same address from Python. The file's own ``<title>`` is the English
    description for anyone opening the file directly; the page uses ``alt``.

Every file is a small hand-written SVG: a ``viewBox``, a ``<title>``, no script, no style
attribute, no embedded image or font. ``tests/test_illustrations.py`` holds each entry to
that and keeps one session's pictures within 30 KB compressed.
"""

from typing import TYPE_CHECKING, NamedTuple

from django.db import models
from django.templatetags.static import static
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import StepKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .steps import StepSnapshot

STATIC_DIR = "img/steps"
FRAGMENT = "art"
VIEW_BOX = "30 6 166 140"


class Illustration(models.TextChoices):
    POSITION = "position", _("Position: receiver on the floor, helper on a chair behind")
    STOP_SIGNAL = "stop-signal", _("Stop signal: the receiver raises a hand")
    CHECK_IN = "check-in", _("Check-in: the receiver says how it feels")
    GRIP_HANDS = "grip-hands", _("Grip A: hands held")
    GRIP_ARMS = "grip-arms", _("Grip B: forearms under the arms")
    HANDS_LEAN_IN = "hands-lean-in", _("Grip A, lean-in")
    HANDS_HOLD = "hands-hold", _("Grip A, hold")
    HANDS_RELEASE = "hands-release", _("Grip A, release")
    ARMS_LEAN_IN = "arms-lean-in", _("Grip B, lean-in")
    ARMS_HOLD = "arms-hold", _("Grip B, hold")
    ARMS_RELEASE = "arms-release", _("Grip B, release")
    REST = "rest", _("Rest: the receiver lies down")

    @property
    def alt(self) -> Promise:
        """What the picture shows, in one sentence: the page's text alternative."""
        return _ALT_TEXT[self]

    @property
    def static_path(self) -> str:
        """The file's path for ``{% static %}``."""
        return f"{STATIC_DIR}/{self.value}.svg"

    @property
    def fragment_url(self) -> str:
        """The address an inline ``<svg><use href=…>`` points at."""
        return f"{static(self.static_path)}#{FRAGMENT}"


_ALT_TEXT = {
    Illustration.POSITION: _(
        "The receiver sits upright on the floor with legs crossed; the helper sits on a chair "
        "right behind them, feet flat on the floor, one leg on each side of the receiver."
    ),
    Illustration.STOP_SIGNAL: _(
        "The receiver raises an open hand: the stop signal. The helper stops the moment they "
        "see or hear it."
    ),
    Illustration.CHECK_IN: _(
        "The partners pause and talk: the receiver says how comfortable their back feels."
    ),
    Illustration.GRIP_HANDS: _(
        "Grip A: the receiver raises their arms and the helper, sitting upright, holds the "
        "receiver's hands."
    ),
    Illustration.GRIP_ARMS: _(
        "Grip B: the receiver folds their arms and the helper, sitting upright, hooks their "
        "forearms under the receiver's arms."
    ),
    Illustration.HANDS_LEAN_IN: _(
        "The helper starts to lean back slowly, holding the receiver's hands."
    ),
    Illustration.HANDS_HOLD: _(
        "The helper leans back and holds still, arms straight, holding the receiver's hands; "
        "the receiver's back lengthens upward."
    ),
    Illustration.HANDS_RELEASE: _(
        "The helper comes back upright slowly, still holding the receiver's hands, and the "
        "stretch eases."
    ),
    Illustration.ARMS_LEAN_IN: _(
        "The helper starts to lean back slowly, forearms hooked under the receiver's arms."
    ),
    Illustration.ARMS_HOLD: _(
        "The helper leans back and holds still, forearms hooked under the receiver's arms; "
        "the receiver's back lengthens upward."
    ),
    Illustration.ARMS_RELEASE: _(
        "The helper comes back upright slowly, forearms still under the receiver's arms, and "
        "the stretch eases."
    ),
    Illustration.REST: _(
        "The receiver rests, lying on their back with knees bent; the helper stays seated."
    ),
}


class LeanPictures(NamedTuple):
    lean_in: Illustration
    hold: Illustration
    release: Illustration


class LeanIllustrations(models.TextChoices):
    HANDS = "hands", _("Grip A: hands held (lean-in, hold, release)")
    ARMS = "arms", _("Grip B: forearms under the arms (lean-in, hold, release)")

    @property
    def pictures(self) -> LeanPictures:
        """The set's three pictures, in phase order."""
        return _LEAN_SETS[self]


_LEAN_SETS = {
    LeanIllustrations.HANDS: LeanPictures(
        lean_in=Illustration.HANDS_LEAN_IN,
        hold=Illustration.HANDS_HOLD,
        release=Illustration.HANDS_RELEASE,
    ),
    LeanIllustrations.ARMS: LeanPictures(
        lean_in=Illustration.ARMS_LEAN_IN,
        hold=Illustration.ARMS_HOLD,
        release=Illustration.ARMS_RELEASE,
    ),
}

# The pictures a step of any kind but a lean may show: a lean phase's picture on its own
# would show a movement while the page asks for none.
SINGLE_PICTURES = tuple(
    picture
    for picture in Illustration
    if not any(picture in pictures for pictures in _LEAN_SETS.values())
)


def illustration_choices(kind: StepKind | str) -> "list[tuple[str, StrOrPromise]]":
    """Admin choices for a step of ``kind``: lean sets for a lean, single pictures otherwise."""
    if StepKind(kind) == StepKind.LEAN:
        return list(LeanIllustrations.choices)
    return [(picture.value, picture.label) for picture in SINGLE_PICTURES]


def step_pictures(*, kind: StepKind | str, value: str) -> tuple[Illustration, ...]:
    """The pictures a step of ``kind`` shows for its stored choice ``value``.

    One picture for a prepare, check-in or finish step; a lean's three in phase order.
    Raises ``ValueError`` when ``value`` is not a choice for that kind.
    """
    if StepKind(kind) == StepKind.LEAN:
        return tuple(LeanIllustrations(value).pictures)
    picture = Illustration(value)
    if picture not in SINGLE_PICTURES:
        raise ValueError(f"{value!r} is a lean phase's picture, not a step's")
    return (picture,)


# The picture a step shows when its snapshot names none (a session started before steps
# chose their illustrations, or a step nobody has given one).
DEFAULT_BY_KIND = {
    StepKind.PREPARE: Illustration.POSITION.value,
    StepKind.CHECK_IN: Illustration.CHECK_IN.value,
    StepKind.LEAN: LeanIllustrations.HANDS.value,
    StepKind.FINISH: Illustration.REST.value,
}


def snapshot_illustration(step: "StepSnapshot") -> str:
    """The stored illustration choice of a step snapshot, or its kind's default (snapshots
    taken before steps chose pictures, migration guided 0007 of 2026-11-28, have none)."""
    return step.get("illustration") or DEFAULT_BY_KIND[StepKind(step["kind"])]
