"""Reword the default questions as a checklist ("Do any of these apply?").

Only a default question that still reads exactly as first seeded is reworded: a question
staff have edited keeps their wording. Screenings already taken keep the wording they
showed (each stores its own copy), so nothing recorded changes.
"""

from django.db import migrations

# slug -> (text, help_text) as seeded by 0003 before the checklist wording.
QUESTION_WORDING = {
    "saddle-numbness": (
        "Is there new numbness or tingling around your groin, genitals, inner thighs or buttocks?",
        "The parts that would touch a bicycle saddle. New means it started recently or is getting worse.",
    ),
    "bladder-bowel": (
        "Do you have new problems with your bladder or bowels?",
        "For example trouble starting to pee, not feeling when you need to go, or leaking that did not happen before.",
    ),
    "both-legs": (
        "Do you have new weakness, numbness or tingling in both legs?",
        "For example legs that give way, or pins and needles in both feet.",
    ),
    "fall-or-accident": (
        "Did your back pain start after a serious fall, a crash or a hard blow to the back?",
        "For example a fall from a height or down the stairs, a car or bike accident, or a collision in sport.",
    ),
    "fever": (
        "Do you have back pain together with a fever, chills or feeling generally unwell?",
        "A fever is a temperature of 38 °C (100.4 °F) or more. Night sweats count too.",
    ),
    "spinal-injury": (
        "Have you ever had an injury to your spine?",
        "For example a broken vertebra, a whiplash injury, or any spine damage a doctor told you about.",
    ),
    "herniated-disc": (
        "Have you ever been told you have a herniated, bulging or slipped disc?",
        "Discs are the soft cushions between the bones of the spine. Also called a prolapsed or ruptured disc.",
    ),
    "back-surgery": (
        "Have you ever had an operation on your back or spine?",
        "Any operation, however long ago.",
    ),
    "weak-bones": (
        "Do you have osteoporosis (thin or brittle bones), or have you broken a bone in the last year?",
        "Also answer yes if a doctor has said your bone density is low.",
    ),
    "fusion-or-implants": (
        "Do you have a spinal fusion, or rods, screws or any other implant in your spine?",
        "",
    ),
    "pregnancy": ("Are you pregnant, or could you be?", ""),
    "inflammatory-arthritis": (
        "Do you have inflammatory arthritis or ankylosing spondylitis?",
        "For example rheumatoid arthritis, psoriatic arthritis or axial spondyloarthritis: conditions usually looked after by a rheumatologist.",
    ),
    "spinal-tumour-or-infection": (
        "Have you ever had a tumour or an infection in your spine?",
        "Including a cancer that has spread to the bones.",
    ),
    "arm-injury": (
        "Have you ever injured or dislocated your shoulder, elbow or wrist?",
        "Now or in the past. The lift goes through your arms, so these joints take the pull.",
    ),
    "blood-thinners": (
        "Do you take blood thinners?",
        "For example warfarin, apixaban, rivaroxaban, dabigatran, or aspirin every day on a doctor's advice.",
    ),
    "hypermobility": (
        "Are your joints very flexible, or do they slip out of place easily?",
        "Sometimes called being double-jointed, or diagnosed as hypermobility or Ehlers-Danlos syndrome.",
    ),
    "spinal-stenosis": (
        "Have you been told you have spinal stenosis?",
        "A narrowing of the space around the nerves in the spine.",
    ),
    "long-term-steroids": (
        "Have you taken steroid tablets for three months or longer?",
        "For example prednisolone or prednisone. Inhalers and creams do not count.",
    ),
    "new-pain-over-50": ("Are you over 50, with back pain that started in the last few weeks?", ""),
    "helper-back": (
        "Does the helper have a back injury, or back pain at the moment?",
        "The helper leans back while holding the other person's weight, which loads the helper's own back.",
    ),
    "helper-chair": (
        "Is the helper's chair missing, on wheels, or wobbly?",
        "The helper needs a sturdy chair without wheels: a kitchen or dining chair is ideal. Answer yes if there is no such chair at hand right now.",
    ),
}


def _swap(apps, *, to_checklist: bool) -> None:
    from screening.seed import DEFAULT_QUESTIONS

    question_model = apps.get_model("screening", "Question")
    checklist = {slug: (text, help_text) for slug, _w, _s, text, help_text, _r in DEFAULT_QUESTIONS}
    for slug, question_wording in QUESTION_WORDING.items():
        old, new = question_wording, checklist[slug]
        if not to_checklist:
            old, new = new, old
        question_model.objects.filter(slug=slug, text=old[0], help_text=old[1]).update(
            text=new[0], help_text=new[1]
        )


def forwards(apps, schema_editor):
    _swap(apps, to_checklist=True)


def backwards(apps, schema_editor):
    _swap(apps, to_checklist=False)


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0003_seed_default_questions"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
