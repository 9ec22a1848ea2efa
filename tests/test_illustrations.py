"""The bundled step illustrations: every catalogue entry is a small, safe, themeable SVG."""

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from sessions.choices import LeanPhase
from sessions.illustrations import (
    FRAGMENT,
    SINGLE_PICTURES,
    VIEW_BOX,
    Illustration,
    LeanIllustrations,
    illustration_choices,
    step_pictures,
)
from sessions.models import StepKind

SVG = "{http://www.w3.org/2000/svg}"
STATIC_ROOT = Path(settings.BASE_DIR) / "static"
STEPS_DIR = STATIC_ROOT / "img" / "steps"
SESSION_BUDGET = 30 * 1024


def _file(picture: Illustration) -> Path:
    return STATIC_ROOT / picture.static_path


def _tree(picture: Illustration) -> ET.Element:
    return ET.fromstring(_file(picture).read_bytes())


def _colour_attributes(root: ET.Element) -> list[str]:
    return [
        element.get(name)
        for element in root.iter()
        for name in ("fill", "stroke", "color", "stop-color")
        if element.get(name) is not None
    ]


@pytest.mark.parametrize("picture", Illustration)
def test_every_picture_has_its_file(picture):
    assert _file(picture).is_file()


def test_every_file_in_the_folder_is_in_the_catalogue():
    on_disk = {path.stem for path in STEPS_DIR.glob("*")}
    assert on_disk == set(Illustration.values)


@pytest.mark.parametrize("picture", Illustration)
def test_picture_is_an_svg_with_the_shared_view_box_and_a_title(picture):
    root = _tree(picture)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == VIEW_BOX
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text
    assert title.text.strip()
    assert next(iter(root)) is title


@pytest.mark.parametrize("picture", Illustration)
def test_picture_has_the_group_a_page_references(picture):
    groups = [element for element in _tree(picture).iter() if element.get("id") == FRAGMENT]
    assert len(groups) == 1
    assert groups[0].tag == f"{SVG}g"


@pytest.mark.parametrize("picture", Illustration)
def test_picture_holds_no_script_style_raster_font_or_link(picture):
    text = _file(picture).read_text()
    root = _tree(picture)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"script", "style", "image", "foreignObject", "text", "font", "a"}
    attributes = {name for element in root.iter() for name in element.attrib}
    assert "style" not in attributes
    assert not any(name.lower().startswith("on") for name in attributes)
    assert not any(name.endswith("href") for name in attributes)
    assert "data:" not in text
    assert "url(" not in text
    assert "<!ENTITY" not in text


@pytest.mark.parametrize("picture", Illustration)
def test_picture_takes_its_colours_from_the_page(picture):
    colours = _colour_attributes(_tree(picture))
    assert colours
    for colour in colours:
        assert colour in {"none", "currentColor"} or colour.startswith("var(--"), colour


@pytest.mark.parametrize("picture", Illustration)
def test_receiver_and_helper_are_painted_differently(picture):
    colours = set(_colour_attributes(_tree(picture)))
    assert any(colour.startswith("var(--figure-receiver") for colour in colours)
    assert any(colour.startswith("var(--figure-helper") for colour in colours)


def test_every_picture_has_its_own_text_alternative():
    alts = [str(picture.alt) for picture in Illustration]
    assert all(alt.strip().endswith(".") for alt in alts)
    assert len(set(alts)) == len(alts)


@pytest.mark.parametrize("picture", Illustration)
def test_file_title_says_what_the_catalogue_says(picture):
    with translation.override("en"):
        assert _tree(picture).find(f"{SVG}title").text == str(picture.alt)


def test_lean_alternatives_name_the_grip():
    for picture in LeanIllustrations.HANDS.pictures:
        assert "receiver's hands" in str(picture.alt)
    for picture in LeanIllustrations.ARMS.pictures:
        assert "under the receiver's arms" in str(picture.alt)


def test_all_pictures_together_stay_within_one_session_budget():
    # Every picture at once is more than any one session shows; each is served on its own,
    # so each is compressed on its own.
    compressed = sum(
        len(gzip.compress(_file(picture).read_bytes(), compresslevel=9)) for picture in Illustration
    )
    assert compressed <= SESSION_BUDGET


@pytest.mark.parametrize("lean_set", LeanIllustrations)
def test_lean_set_shows_three_different_pictures_in_phase_order(lean_set):
    pictures = lean_set.pictures
    assert len(set(pictures)) == 3
    assert [getattr(pictures, phase.value) for phase in LeanPhase] == list(pictures)


def test_lean_phases_use_the_timers_names():
    assert LeanPhase.values == ["lean_in", "hold", "release"]


def test_lean_step_offers_the_lean_sets():
    assert [value for value, _label in illustration_choices(StepKind.LEAN)] == ["hands", "arms"]


@pytest.mark.parametrize("kind", [StepKind.PREPARE, StepKind.CHECK_IN, StepKind.FINISH])
def test_other_steps_offer_single_pictures_without_lean_phases(kind):
    values = {value for value, _label in illustration_choices(kind)}
    assert values == {picture.value for picture in SINGLE_PICTURES}
    assert {"position", "grip-hands", "grip-arms", "check-in", "stop-signal", "rest"} == values


def test_lean_step_shows_its_set_in_phase_order():
    assert step_pictures(kind=StepKind.LEAN, value="arms") == (
        Illustration.ARMS_LEAN_IN,
        Illustration.ARMS_HOLD,
        Illustration.ARMS_RELEASE,
    )


def test_prepare_step_shows_one_picture():
    assert step_pictures(kind="prepare", value="grip-hands") == (Illustration.GRIP_HANDS,)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (StepKind.PREPARE, "hands"),
        (StepKind.CHECK_IN, "hands-hold"),
        (StepKind.LEAN, "position"),
        (StepKind.PREPARE, "<svg onload=alert(1)>"),
    ],
)
def test_a_choice_of_the_wrong_kind_is_refused(kind, value):
    with pytest.raises(ValueError, match=r"not a valid|not a step.s"):
        step_pictures(kind=kind, value=value)


def test_fragment_url_points_at_the_drawing_group():
    assert re.fullmatch(r".*/img/steps/grip-arms\.svg#art", Illustration.GRIP_ARMS.fragment_url)


# ---- the session snapshot records the picture shown ------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "stored", "recorded"),
    [
        (StepKind.LEAN, "arms", "arms"),
        (StepKind.LEAN, "", "hands"),
        (StepKind.PREPARE, "grip-arms", "grip-arms"),
        (StepKind.CHECK_IN, "", "check-in"),
        (StepKind.FINISH, "", "rest"),
        # A value that does not fit the kind (written around admin) shows the default.
        (StepKind.LEAN, "rest", "hands"),
        (StepKind.PREPARE, "hands-hold", "position"),
    ],
)
def test_snapshot_records_the_choice_or_the_kinds_default(kind, stored, recorded):
    from sessions.steps import step_snapshot
    from tests.factories import StepFactory

    step = StepFactory(kind=kind, illustration=stored)
    assert step_snapshot(step)["illustration"] == recorded


def test_a_whole_step_shows_its_pictures_and_an_older_snapshot_its_kinds_default():
    from sessions.panels import snapshot_pictures

    lean = snapshot_pictures({"kind": "lean", "illustration": "arms"})
    assert [p.illustration for p in lean] == list(LeanIllustrations.ARMS.pictures)
    assert [p.phase_label for p in lean] == ["Lean back slowly", "Hold", "Release slowly"]
    older = snapshot_pictures({"kind": "check_in"})
    assert [(p.illustration, p.phase_label) for p in older] == [(Illustration.CHECK_IN, "")]
    assert snapshot_pictures({"kind": "dance"}) == []
    assert snapshot_pictures({"kind": "prepare", "illustration": "hands"}) == []


def test_an_ended_session_shows_the_release_after_a_stop_and_rest_otherwise():
    from sessions.panels import ended_session_pictures
    from sessions.stages import Stage

    steps = [
        {"kind": "prepare", "illustration": "position"},
        {"kind": "lean", "illustration": "arms"},
    ]
    stopped = ended_session_pictures(kind=Stage.STOPPED, steps=steps)
    assert [p.illustration for p in stopped] == [Illustration.ARMS_RELEASE]
    assert stopped[0].alt  # a text alternative
    # A snapshot without a lean (or one this code cannot read) shows the default grip's release.
    assert [p.illustration for p in ended_session_pictures(kind=Stage.STOPPED, steps=[])] == [
        Illustration.HANDS_RELEASE
    ]
    for kind in (Stage.SUMMARY, Stage.ABANDONED):
        assert [p.illustration for p in ended_session_pictures(kind=kind, steps=steps)] == [
            Illustration.REST
        ]
    assert ended_session_pictures(kind=Stage.PREPARE, steps=steps) == ()
