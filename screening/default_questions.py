"""The first default screening questions: red flags, the reasons the stretch is not for
this person, cautions, and the helper's seat (`screening.seed` seeds them).

Sources: the article's own warnings (known spinal injury, herniated disc, back surgery),
the PAR-Q+ style of yes/no items, and the usual clinical red flags for low back pain
(cauda equina signs, trauma, fever). What each severity means: `screening.seed`.
"""

EMERGENCY = "emergency"
BLOCK = "block"
CAUTION = "caution"
REST = "rest"
RECEIVER = "receiver"
HELPER = "helper"

# (slug, applies_to, severity, text, help_text, reason)
# (slug, applies_to, severity, text, help_text, reason)
Default = tuple[str, str, str, str, str, str]

FIRST_DEFAULTS: list[Default] = [
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
]
