"""Default screening questions added after the first ones, appended in order (`screening.seed`):
the red flags any pull on the spine must respect, a recent pain, and age."""

from .default_questions import BLOCK, CAUTION, RECEIVER, REST, Default

ADDED_DEFAULTS: list[Default] = [
    (
        "unstable-spine",
        RECEIVER,
        BLOCK,
        "Spondylolisthesis, spondylolysis, or a spine a doctor called unstable",
        "Spondylolisthesis: a bone of the spine has slipped forward over the one below. "
        "Spondylolysis: a crack in the back part of a vertebra.",
        "A bone that can slip is held in place by the muscles around it. A pull on the spine "
        "can move it further.",
    ),
    (
        "cancer",
        RECEIVER,
        BLOCK,
        "Cancer, at any time, anywhere in the body",
        "Tick this even if it was treated long ago, or was far from the back.",
        "Some cancers spread to the bones of the spine and weaken them, sometimes before "
        "anyone knows.",
    ),
    (
        "weight-loss",
        RECEIVER,
        BLOCK,
        "Losing weight without trying: about 5 kg (11 lb) or more in the last 3 months",
        "Weight lost without dieting or more exercise.",
        "Losing weight without trying, together with back trouble, needs a doctor to find "
        "the cause first.",
    ),
    (
        "constant-pain",
        RECEIVER,
        BLOCK,
        "Back pain that is there all the time and rest does not ease, or that is worse at night",
        "For example pain that wakes you, or that no position makes any better.",
        "Pain that rest does not ease can come from something other than muscles and "
        "joints. A doctor should look at it before any stretch.",
    ),
    (
        "injecting-drugs",
        RECEIVER,
        BLOCK,
        "Injecting drugs, now or recently",
        "Any drug injected without a prescription.",
        "Injecting drugs makes an infection of the spine more likely, and a pull can harm "
        "an infected spine.",
    ),
    (
        "weak-immunity",
        RECEIVER,
        BLOCK,
        "A weakened immune system",
        "For example during chemotherapy, on medicines after a transplant, or HIV that is "
        "not under control.",
        "A weakened immune system makes an infection of the spine more likely and harder "
        "to notice.",
    ),
    (
        "minor-fall-older",
        RECEIVER,
        BLOCK,
        "A minor fall or knock in the last few weeks, and aged 65 or over or with thin bones",
        "Even a small fall, such as from standing height, or a bump against furniture.",
        "At 65 or over, or with thin bones, even a small fall can crack a bone of the spine "
        "without much pain.",
    ),
    (
        "heart-or-lung",
        RECEIVER,
        CAUTION,
        "A heart or lung condition that limits what you can do",
        "For example angina, heart failure, or lung disease that stops you walking far.",
        "Holding a lean and the effort around it can strain a heart or lungs that already "
        "work hard.",
    ),
    (
        "aged-65",
        RECEIVER,
        CAUTION,
        "Aged 65 or over",
        "",
        "Bones and discs change with age. A doctor or physiotherapist should clear the "
        "stretch first, and the gentler routine is chosen for you.",
    ),
    (
        "pain-last-24h",
        RECEIVER,
        REST,
        "Pain, tingling or numbness during or after a stretch in the last 24 hours",
        "This stretch or any other.",
        "Pain, tingling or numbness after a stretch means the back needs a rest: no session "
        "until the next day.",
    ),
]
