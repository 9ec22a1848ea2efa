"""The default screening questions (DESIGN §3), in plain words.

Called by the data migration 0003 (with the historical model) and by the browser tests'
`seeded` fixture (with no argument: the real model). Idempotent: each default question has
a stable slug, and a question that already exists is left exactly as staff edited it.

Sources: the article's own warnings (known spinal injury, herniated disc, back surgery),
the PAR-Q+ style of yes/no questions, and the usual clinical red flags for low back pain
(cauda equina signs, trauma, fever). Severity: emergency = urgent care now; block = the
stretch is not for this person; caution = only with a professional's clearance.
"""

EMERGENCY = "emergency"
BLOCK = "block"
CAUTION = "caution"
RECEIVER = "receiver"
HELPER = "helper"

# (slug, applies_to, severity, text, help_text, reason)
DEFAULT_QUESTIONS: list[tuple[str, str, str, str, str, str]] = [
    # Red flags: seek urgent care now.
    (
        "saddle-numbness",
        RECEIVER,
        EMERGENCY,
        "Is there new numbness or tingling around your groin, genitals, inner thighs or buttocks?",
        "The parts that would touch a bicycle saddle. New means it started recently or is "
        "getting worse.",
        "Numbness there can mean the nerves at the base of the spine are being squeezed. "
        "That needs a doctor today.",
    ),
    (
        "bladder-bowel",
        RECEIVER,
        EMERGENCY,
        "Do you have new problems with your bladder or bowels?",
        "For example trouble starting to pee, not feeling when you need to go, or leaking "
        "that did not happen before.",
        "Together with back trouble, this can be a sign of pressure on nerves that needs "
        "treatment straight away.",
    ),
    (
        "both-legs",
        RECEIVER,
        EMERGENCY,
        "Do you have new weakness, numbness or tingling in both legs?",
        "For example legs that give way, or pins and needles in both feet.",
        "Symptoms in both legs can mean pressure on the spinal cord or its nerves.",
    ),
    (
        "fall-or-accident",
        RECEIVER,
        EMERGENCY,
        "Did your back pain start after a serious fall, a crash or a hard blow to the back?",
        "For example a fall from a height or down the stairs, a car or bike accident, or a "
        "collision in sport.",
        "After a hard impact the spine has to be checked for a fracture before any stretch.",
    ),
    (
        "fever",
        RECEIVER,
        EMERGENCY,
        "Do you have back pain together with a fever, chills or feeling generally unwell?",
        "A fever is a temperature of 38 °C (100.4 °F) or more. Night sweats count too.",
        "Back pain with a fever can be a sign of an infection, which needs checking quickly.",
    ),
    # The article's three, then the other reasons the stretch is not for this person.
    (
        "spinal-injury",
        RECEIVER,
        BLOCK,
        "Have you ever had an injury to your spine?",
        "For example a broken vertebra, a whiplash injury, or any spine damage a doctor "
        "told you about.",
        "The stretch pulls on the spine. An injured spine can be hurt again by that pull.",
    ),
    (
        "herniated-disc",
        RECEIVER,
        BLOCK,
        "Have you ever been told you have a herniated, bulging or slipped disc?",
        "Discs are the soft cushions between the bones of the spine. Also called a "
        "prolapsed or ruptured disc.",
        "Pulling on the spine can push a damaged disc further out, onto a nerve.",
    ),
    (
        "back-surgery",
        RECEIVER,
        BLOCK,
        "Have you ever had an operation on your back or spine?",
        "Any operation, however long ago.",
        "After back surgery, what the spine can take is for your surgeon or "
        "physiotherapist to decide.",
    ),
    (
        "weak-bones",
        RECEIVER,
        BLOCK,
        "Do you have osteoporosis (thin or brittle bones), or have you broken a bone in the "
        "last year?",
        "Also answer yes if a doctor has said your bone density is low.",
        "Weak bones can break under a pull that would be harmless for someone else.",
    ),
    (
        "fusion-or-implants",
        RECEIVER,
        BLOCK,
        "Do you have a spinal fusion, or rods, screws or any other implant in your spine?",
        "",
        "A fused or fixed part of the spine cannot stretch, so the pull lands on the joints "
        "next to it.",
    ),
    (
        "pregnancy",
        RECEIVER,
        BLOCK,
        "Are you pregnant, or could you be?",
        "",
        "Pregnancy loosens the joints of the back and pelvis, and the lean strains the belly.",
    ),
    (
        "inflammatory-arthritis",
        RECEIVER,
        BLOCK,
        "Do you have inflammatory arthritis or ankylosing spondylitis?",
        "For example rheumatoid arthritis, psoriatic arthritis or axial spondyloarthritis: "
        "conditions usually looked after by a rheumatologist.",
        "These conditions can stiffen or weaken the spine and neck, so a pull can injure them.",
    ),
    (
        "spinal-tumour-or-infection",
        RECEIVER,
        BLOCK,
        "Have you ever had a tumour or an infection in your spine?",
        "Including a cancer that has spread to the bones.",
        "A tumour or an infection can weaken the bones of the spine.",
    ),
    (
        "arm-injury",
        RECEIVER,
        BLOCK,
        "Have you ever injured or dislocated your shoulder, elbow or wrist?",
        "Now or in the past. The lift goes through your arms, so these joints take the pull.",
        "The helper lifts you through your arms. A joint that was injured or dislocated "
        "before can be hurt or slip out again.",
    ),
    # Allowed only when a doctor or physiotherapist has cleared the stretch.
    (
        "blood-thinners",
        RECEIVER,
        CAUTION,
        "Do you take blood thinners?",
        "For example warfarin, apixaban, rivaroxaban, dabigatran, or aspirin every day on a "
        "doctor's advice.",
        "Blood thinners make bruising and bleeding more likely, even from a firm grip.",
    ),
    (
        "hypermobility",
        RECEIVER,
        CAUTION,
        "Are your joints very flexible, or do they slip out of place easily?",
        "Sometimes called being double-jointed, or diagnosed as hypermobility or "
        "Ehlers-Danlos syndrome.",
        "Loose joints can be stretched too far before it starts to hurt.",
    ),
    (
        "spinal-stenosis",
        RECEIVER,
        CAUTION,
        "Have you been told you have spinal stenosis?",
        "A narrowing of the space around the nerves in the spine.",
        "A narrow spinal canal leaves the nerves little room; changing the spine's shape may "
        "press on them.",
    ),
    (
        "long-term-steroids",
        RECEIVER,
        CAUTION,
        "Have you taken steroid tablets for three months or longer?",
        "For example prednisolone or prednisone. Inhalers and creams do not count.",
        "Steroid tablets taken for a long time can thin the bones.",
    ),
    (
        "new-pain-over-50",
        RECEIVER,
        CAUTION,
        "Are you over 50, with back pain that started in the last few weeks?",
        "",
        "New back pain after 50 is more often caused by something that needs checking first.",
    ),
    # The helper leans back under load and needs a seat that cannot roll or tip.
    (
        "helper-back",
        HELPER,
        BLOCK,
        "Does the helper have a back injury, or back pain at the moment?",
        "The helper leans back while holding the other person's weight, which loads the "
        "helper's own back.",
        "The helper leans back under load. With an injured or painful back, the helper can "
        "get hurt.",
    ),
    (
        "helper-chair",
        HELPER,
        BLOCK,
        "Is the helper's chair missing, on wheels, or wobbly?",
        "The helper needs a sturdy chair without wheels: a kitchen or dining chair is ideal. "
        "Answer yes if there is no such chair at hand right now.",
        "The helper leans back while holding on. A chair that rolls or tips can send you "
        "both to the floor. Find a sturdy chair without wheels, then answer again.",
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
