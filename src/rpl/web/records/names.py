"""Staff names of the record's codes, shown on the record form and page.

The catalogue (knowledge/catalogue/codes.yaml, its own gettext domain) names results' tests,
pregnancy outcomes and the record's larger vocabularies (conditions, symptoms, family history,
pregnancy features and symptoms; clinical names). The small closed lists (smoking, confirmation,
conception, imaging, location, subject, measurements) are named here.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rpl.core.catalogue import Group
from rpl.present.translate import translator

NAMES: dict[str, dict[str, Promise]] = {
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
}
# Vocabularies the catalogue names (clinical names, its own gettext domain).
CATALOGUE: dict[str, Group] = {
    "tests": "tests",
    "outcomes": "outcomes",
    "conditions": "conditions",
    "symptoms": "symptoms",
    "family_history": "family_history",
    "features": "features",
    "pregnancy_symptoms": "pregnancy_symptoms",
}


def code_name(vocabulary: str, code: Any) -> str:
    """A code's staff name in the active language; an unknown code shows as written."""
    if code is None or code == "":
        return ""
    code = str(code)
    if vocabulary in CATALOGUE:
        language = translation.get_language() or "en"
        return str(translator(language).name(CATALOGUE[vocabulary], code, "clinical"))
    name = NAMES.get(vocabulary, {}).get(code)
    return str(name) if name is not None else code
