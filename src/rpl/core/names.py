"""Names of the record's small closed lists of codes, marked for translation: one definition,
shown by the presenter (`rpl.present`) and the record form and page (`rpl.web.records.names`).

The catalogue (`knowledge/catalogue/codes.yaml`, its own gettext domain) names the larger
vocabularies: tests, outcomes, conditions, symptoms, family history, pregnancy features and
symptoms. The small lists are named here: smoking, confirmation, conception, tissue genetics,
imaging, location, subject, measurements, and the words a laboratory writes for a qualitative
result. Each name is a `Name` (its English words and, where a word needs one, its msgctxt).
"""

from __future__ import annotations

from typing import NamedTuple


class Name(NamedTuple):
    message: str
    context: str | None = None


# Named as makemessages extracts them (`_`, `pgettext_lazy`), so the django catalogue collects
# each name with its context; both return the `Name`, translated where it is shown.
def _(message: str) -> Name:
    return Name(message)


def pgettext_lazy(context: str, message: str) -> Name:
    return Name(message, context)


NAMES: dict[str, dict[str, Name]] = {
    "smoking": {
        "never": pgettext_lazy("smoking", "never smoked"),
        "former": pgettext_lazy("smoking", "former smoker"),
        "current": pgettext_lazy("smoking", "smokes now"),
        "unknown": _("unknown"),
    },
    "confirmation": {
        "ultrasound": _("ultrasound"),
        "histology": _("histology"),
        "hcg_only": _("hCG only"),
        "unknown": _("unknown"),
    },
    "conception": {
        "natural": _("natural"),
        "iui": _("intrauterine insemination (IUI)"),
        "ivf": _("in vitro fertilisation (IVF)"),
        "unknown": _("unknown"),
    },
    "tissue_genetics": {
        "normal": _("normal"),
        "aneuploid": _("aneuploid"),
        "unbalanced_structural": _("unbalanced structural abnormality"),
        "other_abnormal": _("other abnormality"),
        "failed": _("test failed"),
        "not_done": _("not done"),
    },
    "imaging": {
        "3d_ultrasound": _("3D ultrasound"),
        "2d_ultrasound": _("2D ultrasound"),
        "sonohysterography": _("sonohysterography"),
        "hysterosalpingography": _("hysterosalpingography"),
        "hysteroscopy": _("hysteroscopy"),
        "mri": _("MRI"),
    },
    "location": {
        "intrauterine": _("intrauterine"),
        "unknown": _("unknown"),
        "ectopic": _("ectopic"),
    },
    "subject": {"woman": _("woman"), "partner": _("partner")},
    "measurements": {
        "internal_indentation_mm": _("Internal indentation (mm)"),
        "indentation_angle_deg": _("Indentation angle (°)"),
        "wall_thickness_mm": _("Wall thickness (mm)"),
        "external_indentation_mm": _("External indentation (mm)"),
        "cervical_length_mm": _("Cervical length (mm)"),
    },
    # A laboratory's usual words for a qualitative result (and a result's reading, normal or
    # abnormal); anything else is shown as written.
    "result_words": {
        "positive": _("positive"),
        "negative": _("negative"),
        "normal": _("normal"),
        "abnormal": _("abnormal"),
    },
}
