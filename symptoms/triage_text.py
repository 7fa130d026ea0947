"""Patient-readable texts for triage results: one reason per rule ID, and the advice per level.

English msgids; Danish and Turkish live in the .po files. Placeholders are named so that
translators can move them.
"""

from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from symptoms.triage import Level

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

REASONS: dict[str, "StrPromise"] = {
    "E1": _("You have trouble breathing. This needs emergency help."),
    "E2": _("You have a widespread allergic reaction, such as hives over the body."),
    "E3": _("The swelling is growing fast. This needs emergency help."),
    "E4": _("Your eyesight has changed. This needs emergency help."),
    "E5": _(
        "You have numbness, weakness, drooping or trouble speaking. This needs emergency help."
    ),
    "E6": _("You have a fever, which can be a sign of a serious infection."),
    "E7": _("There is pus, which can be a sign of a serious infection."),
    "E8": _("The redness is spreading, which can be a sign of a serious infection."),
    "E9": _("Your pain is strong (8 or more out of 10)."),
    "E10": _("Your pain is severe (7 out of 10) and is not getting better."),
    "E11": _("You have chest pain. This needs emergency help."),
    "E12": _("The area is warm or leaking fluid and getting worse: a possible fast infection."),
    "E13": _("What you wrote describes a danger sign, such as trouble breathing or fainting."),
    "C1": _(
        "Your symptoms are getting worse. "
        "The guide says worsening should not be assumed to be normal."
    ),
    "C2": _("Your pain score has gone up by 2 or more since your last entry."),
    "C3": _("The swelling is marked (4 or more out of 10)."),
    "C4": _("The skin has changed colour (pale, white, blue, dark or blotchy)."),
    "C5": _("One side looks clearly different from the other."),
    "C6": _("You have firm lumps under the skin."),
    "C7": _("Fluid is leaking from the treated area."),
    "C8": _("The area is hot to the touch or has blisters."),
    "C9": _("You feel unwell, dizzy or have a racing or pounding heart."),
    "C10": _("Your pain is severe (7 out of 10), even though it is getting better."),
    "C11": _("Your discomfort has not eased after 3 days. The guide says it should be going down."),
    "C12": _("You still have moderate discomfort a week after treatment."),
    "C13": _("A new symptom started several days after treatment."),
    "C14": _("You have a symptom that is not on the list of normal reactions."),
    "R1": _("You have signs of infection and a condition that slows healing."),
    "R2": _("Redness or swelling is not going down, and you have a condition that slows healing."),
    "R3": _("The swelling is getting worse and you take blood thinners."),
    "R4": _("You have a large bruise and take blood thinners."),
    "R5": _("You feel dizzy or your heart is racing, and you have a heart condition."),
    "R6": _("Your discomfort is moderate or worse, and you are pregnant or breastfeeding."),
    "R7": _("Swelling or itching is getting worse, and you have a history of allergy."),
    "R8": _("You have signs of infection on the scalp and a scalp condition."),
}


def advice(level: Level, *, clinic_phone: str, emergency_number: str) -> str:
    """The advice to show the patient for `level`, in the active language."""
    if level == Level.EMERGENCY:
        return gettext(
            "Call %(emergency_number)s now. "
            "Do not wait for a reply from the clinic, and do not wait to take a photo."
        ) % {"emergency_number": emergency_number}
    if level == Level.CALL_CLINIC:
        return gettext(
            "Call the clinic on %(phone)s. The clinic has been told about your entry."
        ) % {"phone": clinic_phone}
    return gettext(
        "This looks like a normal reaction. Take it easy: "
        "do not put stress on the area on the first day. "
        "Avoid strong heat, hard exercise and massaging the area. "
        "Do not use strong skin products or medicine unless the clinic has advised it. "
        "Log again if anything changes. "
        "When you take a photo, use the same light and angle as before."
    )
