"""Stable codes of the record contract (docs/vocabulary.md). Add codes; never rename or reuse one."""

from __future__ import annotations

from typing import Literal

Outcome = Literal[
    "live_birth",
    "stillbirth",
    "miscarriage",
    "biochemical_loss",
    "pul_resolved",
    "ectopic",
    "molar",
    "induced_abortion",
    "ongoing",
]

PregnancyFeature = Literal[
    "painless_cervical_dilation",
    "preterm_prelabour_rupture_of_membranes",
    "cerclage_in_place",
    "severe_preeclampsia_before_34w",
    "placental_insufficiency_before_34w",
    "fetal_anomaly",
    "morphologically_normal_fetus",
    "fetal_heartbeat_seen",
    "multiple_pregnancy",
]

TissueGeneticsResult = Literal[
    "normal", "aneuploid", "unbalanced_structural", "other_abnormal", "failed", "not_done"
]

Confirmation = Literal["ultrasound", "histology", "hcg_only", "unknown"]
Conception = Literal["natural", "iui", "ivf", "unknown"]
Smoking = Literal["never", "former", "current", "unknown"]
PregnancyLocation = Literal["intrauterine", "unknown", "ectopic"]
Subject = Literal["woman", "partner"]

Condition = Literal[
    "pcos",
    "diabetes",
    "hypertension",
    "hypothyroidism",
    "hyperthyroidism",
    "sle",
    "antiphospholipid_syndrome",
    "venous_thrombosis",
    "arterial_thrombosis",
    "heart_disease",
    "epilepsy",
    "obesity",
    "kidney_disease",
    "coeliac_disease",
    "intrauterine_adhesions",
    "submucosal_fibroid",
    "endometrial_polyp",
]

Symptom = Literal["oligomenorrhoea", "amenorrhoea", "galactorrhoea", "hirsutism"]

FamilyHistory = Literal[
    "recurrent_miscarriage_sibling",
    "recurrent_miscarriage_parents",
    "venous_thrombosis_first_degree",
    "chromosome_rearrangement",
    "child_with_anomaly",
]

PregnancySymptom = Literal[
    "bleeding_spotting",
    "bleeding_light",
    "bleeding_heavy",
    "pain_mild",
    "pain_severe",
    "pain_one_sided",
    "shoulder_tip_pain",
    "dizziness_fainting",
    "fever",
    "offensive_discharge",
    "passing_tissue",
    "loss_of_pregnancy_symptoms",
    "fluid_leak",
    "reduced_fetal_movements",
]

TestCode = Literal[
    "tissue_genetics",
    "karyotype",
    "lupus_anticoagulant",
    "anticardiolipin_igg",
    "anticardiolipin_igm",
    "anti_b2gp1_igg",
    "anti_b2gp1_igm",
    "hereditary_thrombophilia_screen",
    "tsh",
    "free_t4",
    "tpo_antibodies",
    "prolactin",
    "hba1c",
    "fasting_glucose",
    "fasting_insulin",
    "ovarian_reserve",
    "luteal_phase_progesterone",
    "androgens",
    "lh",
    "homocysteine",
    "vitamin_d",
    "full_blood_count",
    "uterine_imaging",
    "sperm_dna_fragmentation",
    "antinuclear_antibodies",
    "nk_cells",
    "hla_typing",
    "cytokines",
    "anti_hla_antibodies",
    "infection_screen",
    "cervical_length",
]

ImagingMethod = Literal[
    "3d_ultrasound",
    "2d_ultrasound",
    "sonohysterography",
    "hysterosalpingography",
    "hysteroscopy",
    "mri",
]

# Raw measurements on results; the unit is part of each key's name.
MeasurementKey = Literal[
    "internal_indentation_mm",
    "indentation_angle_deg",
    "wall_thickness_mm",
    "external_indentation_mm",
    "cervical_length_mm",
]

TriageLevel = Literal["emergency", "urgent", "soon", "routine"]
# `undecided`: a cited recommendation may apply, but the record lacks what decides it (the
# item's reason says what is needed) - never a guessed recommendation (rule NP06).
Recommendation = Literal[
    "recommended", "conditional", "not_recommended", "research_only", "undecided"
]
Evidence = Literal["verified", "secondary", "unverified"]
