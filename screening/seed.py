"""The default screening questions, worded as a checklist, in plain words.

The questionnaire shows them a page at a time under "Do any of these apply?", so each item
is a statement to tick, not a question to answer; its help text stays visible under it.

Called by the data migration 0003 (with the historical model), by 0004 (which rewords the
earlier question-style defaults that staff have not edited) and by the browser tests'
`seeded` fixture (with no argument: the real model). Idempotent: each default question has
a stable slug, and a question that already exists is left exactly as staff edited it.

Sources: the article's own warnings (known spinal injury, herniated disc, back surgery),
the PAR-Q+ style of yes/no items, and the usual clinical red flags for low back pain
(cauda equina signs, trauma, fever). The rule each severity stands for:

- emergency: a red flag. The stretch is off and the person is told to seek urgent medical
  care now, before anything else.
- block: the stretch is not for this person (the article's three, plus the conditions
  where a pull through the arms onto the spine can do harm). A physiotherapist or doctor
  and the long-term back care habits are offered instead.
- caution: allowed only once a doctor or physiotherapist has cleared the stretch, which
  the person confirms with a tick that is recorded; without it, a caution item blocks.
- rest: not today. A yes rests the partner until the next day (the rest's own rule,
  `sessions.rest`), and nothing more.
- Helper items (`applies_to=helper`) carry a severity like any other: the helper leans
  back under load, so a helper's back injury or a chair that can roll or tip blocks.

New defaults are appended to the list, never inserted: a fresh install and an upgraded one
then give them the same positions, after the items they follow on their page. A data
migration calls `seed_questions` again to add them; a cleared screening taken before they
were added must answer them before the next session (`screening.guard`).
"""

EMERGENCY = "emergency"
BLOCK = "block"
CAUTION = "caution"
REST = "rest"
RECEIVER = "receiver"
HELPER = "helper"

# (slug, applies_to, severity, text, help_text, reason)
DEFAULT_QUESTIONS: list[tuple[str, str, str, str, str, str]] = [
    # Red flags: seek urgent care now.
    (
        "saddle-numbness",
        RECEIVER,
        EMERGENCY,
        "New numbness or tingling around the groin, genitals, inner thighs or buttocks",
        "The parts that would touch a bicycle saddle. New means it started recently or is "
        "getting worse.",
        "Numbness there can mean the nerves at the base of the spine are being squeezed. "
        "That needs a doctor today.",
    ),
    (
        "bladder-bowel",
        RECEIVER,
        EMERGENCY,
        "New problems with the bladder or bowels",
        "For example trouble starting to pee, not feeling when you need to go, or leaking "
        "that did not happen before.",
        "Together with back trouble, this can be a sign of pressure on nerves that needs "
        "treatment straight away.",
    ),
    (
        "both-legs",
        RECEIVER,
        EMERGENCY,
        "New weakness, numbness or tingling in both legs",
        "For example legs that give way, or pins and needles in both feet.",
        "Symptoms in both legs can mean pressure on the spinal cord or its nerves.",
    ),
    (
        "fall-or-accident",
        RECEIVER,
        EMERGENCY,
        "Back pain that started after a serious fall, a crash or a hard blow to the back",
        "For example a fall from a height or down the stairs, a car or bike accident, or a "
        "collision in sport.",
        "After a hard impact the spine has to be checked for a fracture before any stretch.",
    ),
    (
        "fever",
        RECEIVER,
        EMERGENCY,
        "Back pain together with a fever, chills or feeling generally unwell",
        "A fever is a temperature of 38 °C (100.4 °F) or more. Night sweats count too.",
        "Back pain with a fever can be a sign of an infection, which needs checking quickly.",
    ),
    # The article's three, then the other reasons the stretch is not for this person.
    (
        "spinal-injury",
        RECEIVER,
        BLOCK,
        "An injury to the spine, at any time",
        "For example a broken vertebra, a whiplash injury, or any spine damage a doctor mentioned.",
        "The stretch pulls on the spine. An injured spine can be hurt again by that pull.",
    ),
    (
        "herniated-disc",
        RECEIVER,
        BLOCK,
        "A herniated, bulging or slipped disc, now or in the past",
        "Discs are the soft cushions between the bones of the spine. Also called a "
        "prolapsed or ruptured disc.",
        "Pulling on the spine can push a damaged disc further out, onto a nerve.",
    ),
    (
        "back-surgery",
        RECEIVER,
        BLOCK,
        "An operation on the back or spine",
        "Any operation, however long ago.",
        "After back surgery, what the spine can take is for your surgeon or "
        "physiotherapist to decide.",
    ),
    (
        "weak-bones",
        RECEIVER,
        BLOCK,
        "Osteoporosis (thin or brittle bones), or a broken bone in the last year",
        "Tick this too if a doctor has said the bone density is low.",
        "Weak bones can break under a pull that would be harmless for someone else.",
    ),
    (
        "fusion-or-implants",
        RECEIVER,
        BLOCK,
        "A spinal fusion, or rods, screws or any other implant in the spine",
        "",
        "A fused or fixed part of the spine cannot stretch, so the pull lands on the joints "
        "next to it.",
    ),
    (
        "pregnancy",
        RECEIVER,
        BLOCK,
        "Pregnant, or could be",
        "",
        "Pregnancy loosens the joints of the back and pelvis, and the lean strains the belly.",
    ),
    (
        "inflammatory-arthritis",
        RECEIVER,
        BLOCK,
        "Inflammatory arthritis or ankylosing spondylitis",
        "For example rheumatoid arthritis, psoriatic arthritis or axial spondyloarthritis: "
        "conditions usually looked after by a rheumatologist.",
        "These conditions can stiffen or weaken the spine and neck, so a pull can injure them.",
    ),
    (
        "spinal-tumour-or-infection",
        RECEIVER,
        BLOCK,
        "A tumour or an infection in the spine, now or in the past",
        "Including a cancer that has spread to the bones.",
        "A tumour or an infection can weaken the bones of the spine.",
    ),
    (
        "arm-injury",
        RECEIVER,
        BLOCK,
        "An injured or dislocated shoulder, elbow or wrist, now or in the past",
        "The lift goes through the arms, so these joints take the pull.",
        "The helper lifts you through your arms. A joint that was injured or dislocated "
        "before can be hurt or slip out again.",
    ),
    # Allowed only when a doctor or physiotherapist has cleared the stretch.
    (
        "blood-thinners",
        RECEIVER,
        CAUTION,
        "Taking blood thinners",
        "For example warfarin, apixaban, rivaroxaban, dabigatran, or aspirin every day on a "
        "doctor's advice.",
        "Blood thinners make bruising and bleeding more likely, even from a firm grip.",
    ),
    (
        "hypermobility",
        RECEIVER,
        CAUTION,
        "Very flexible joints, or joints that slip out of place easily",
        "Sometimes called being double-jointed, or diagnosed as hypermobility or "
        "Ehlers-Danlos syndrome.",
        "Loose joints can be stretched too far before it starts to hurt.",
    ),
    (
        "spinal-stenosis",
        RECEIVER,
        CAUTION,
        "Spinal stenosis",
        "A narrowing of the space around the nerves in the spine.",
        "A narrow spinal canal leaves the nerves little room; changing the spine's shape may "
        "press on them.",
    ),
    (
        "long-term-steroids",
        RECEIVER,
        CAUTION,
        "Steroid tablets taken for three months or longer",
        "For example prednisolone or prednisone. Inhalers and creams do not count.",
        "Steroid tablets taken for a long time can thin the bones.",
    ),
    (
        "new-pain-over-50",
        RECEIVER,
        CAUTION,
        "Over 50, with back pain that started in the last few weeks",
        "",
        "New back pain after 50 is more often caused by something that needs checking first.",
    ),
    # The helper leans back under load and needs a seat that cannot roll or tip.
    (
        "helper-back",
        HELPER,
        BLOCK,
        "The helper has a back injury, or back pain at the moment",
        "The helper leans back while holding the other person's weight, which loads the "
        "helper's own back.",
        "The helper leans back under load. With an injured or painful back, the helper can "
        "get hurt.",
    ),
    (
        "helper-chair",
        HELPER,
        BLOCK,
        "No sturdy chair for the helper: it is missing, on wheels, or wobbly",
        "The helper needs a sturdy chair without wheels: a kitchen or dining chair is ideal. "
        "Tick this if there is no such chair at hand right now.",
        "The helper leans back while holding on. A chair that rolls or tips can send you "
        "both to the floor. Find a sturdy chair without wheels, then answer again.",
    ),
    # Added later (appended, see above): the red flags any pull on the spine must respect.
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


def seed_questions(question_model=None) -> None:
    if question_model is None:
        from .models import Question as question_model

    for position, (slug, applies_to, severity, text, help_text, reason) in enumerate(
        DEFAULT_QUESTIONS, start=1
    ):
        question_model.objects.get_or_create(
            slug=slug,
            defaults={
                "applies_to": applies_to,
                "severity": severity,
                "text": text,
                "help_text": help_text,
                "reason": reason,
                "position": position * 10,
                "active": True,
            },
        )
