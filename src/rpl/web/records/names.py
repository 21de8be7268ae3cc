"""Staff names of the record's codes that the catalogue (knowledge/catalogue/codes.yaml) does not
name: its groups are the codes an assessment shows (tests, findings, plan, outcomes); these are
the record's other vocabularies (rpl.core.vocabulary), shown on the record form and page.

Results' tests and pregnancy outcomes are named by the catalogue (clinical names).
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
    "conditions": {
        "pcos": _("polycystic ovary syndrome"),
        "diabetes": _("diabetes"),
        "hypertension": _("high blood pressure"),
        "hypothyroidism": _("underactive thyroid (hypothyroidism)"),
        "hyperthyroidism": _("overactive thyroid (hyperthyroidism)"),
        "sle": _("systemic lupus erythematosus"),
        "antiphospholipid_syndrome": _("antiphospholipid syndrome"),
        "venous_thrombosis": _("venous thrombosis"),
        "arterial_thrombosis": _("arterial thrombosis"),
        "heart_disease": _("heart disease"),
        "epilepsy": _("epilepsy"),
        "obesity": _("obesity"),
        "kidney_disease": _("kidney disease"),
        "coeliac_disease": _("coeliac disease"),
        "intrauterine_adhesions": _("intrauterine adhesions"),
        "submucosal_fibroid": _("submucosal fibroid"),
        "endometrial_polyp": _("endometrial polyp"),
    },
    "symptoms": {
        "oligomenorrhoea": _("infrequent periods (oligomenorrhoea)"),
        "amenorrhoea": _("no periods (amenorrhoea)"),
        "galactorrhoea": _("milky nipple discharge (galactorrhoea)"),
        "hirsutism": _("excess hair growth (hirsutism)"),
    },
    "family_history": {
        "recurrent_miscarriage_sibling": _("a sister with recurrent miscarriage"),
        "recurrent_miscarriage_parents": _("recurrent miscarriage in a parent's family"),
        "venous_thrombosis_first_degree": _("venous thrombosis in a first-degree relative"),
        "chromosome_rearrangement": _("a chromosome rearrangement in the family"),
        "child_with_anomaly": _("a child with a congenital anomaly in the family"),
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
    "features": {
        "painless_cervical_dilation": _("painless cervical dilation"),
        "preterm_prelabour_rupture_of_membranes": _("preterm prelabour rupture of membranes"),
        "cerclage_in_place": _("cerclage in place"),
        "severe_preeclampsia_before_34w": _("severe pre-eclampsia before 34 weeks"),
        "placental_insufficiency_before_34w": _("placental insufficiency before 34 weeks"),
        "fetal_anomaly": _("fetal anomaly"),
        "morphologically_normal_fetus": _("morphologically normal fetus"),
        "fetal_heartbeat_seen": _("fetal heartbeat seen"),
        "multiple_pregnancy": _("multiple pregnancy"),
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
    "pregnancy_symptoms": {
        "bleeding_spotting": _("spotting"),
        "bleeding_light": _("light bleeding"),
        "bleeding_heavy": _("heavy bleeding"),
        "pain_mild": _("mild pain"),
        "pain_severe": _("severe pain"),
        "pain_one_sided": _("one-sided pain"),
        "shoulder_tip_pain": _("shoulder-tip pain"),
        "dizziness_fainting": _("dizziness or fainting"),
        "fever": _("fever"),
        "offensive_discharge": _("offensive discharge"),
        "passing_tissue": _("passing tissue"),
        "loss_of_pregnancy_symptoms": _("loss of pregnancy symptoms"),
        "fluid_leak": _("fluid leaking"),
        "reduced_fetal_movements": _("reduced fetal movements"),
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
CATALOGUE: dict[str, Group] = {"tests": "tests", "outcomes": "outcomes"}


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
