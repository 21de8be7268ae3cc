from pathlib import Path

import pytest
import yaml

from rpl.core.calculators.bmi_class import CUT_OFF_SETS
from rpl.core.classification import classify
from rpl.core.knowledge import knowledge_path
from rpl.core.profiles import (
    DEFAULT_PROFILE_ID,
    Definition,
    ProfileError,
    get_profile,
    load_profiles,
)
from rpl.core.sources import load_sources
from tests.core.helpers import checked

SHIPPED = load_profiles()


def test_the_three_contract_profiles_ship_and_eshre_is_the_default():
    assert {"eshre-2022", "rcog-2023", "asrm-2012"} <= set(SHIPPED)
    assert get_profile(None, SHIPPED).id == DEFAULT_PROFILE_ID == "eshre-2022"


@pytest.mark.parametrize("profile", SHIPPED.values(), ids=lambda p: p.id)
def test_every_definition_setting_of_every_profile_cites_a_known_source(profile):
    sources = load_sources()
    assert set(profile.citations) >= set(Definition.model_fields)
    for setting, citation in profile.citations.items():
        assert citation.source in sources, f"{profile.id}.{setting} cites {citation.source}"
        assert citation.ref.strip()


def test_source_ids_are_unique_and_every_source_has_a_title():
    sources = load_sources()
    assert all(source.title for source in sources.values())


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


def test_a_clinic_adds_a_22_week_profile_as_a_data_file_without_code(tmp_path):
    folder = write(
        tmp_path / "clinic",
        "clinic.yaml",
        """
id: clinic-22w
title: Our clinic
summary: ESHRE with a 22-week limit.
extends: eshre-2022
definition: {loss_upper_limit_weeks: 22}
citations:
  loss_upper_limit_weeks: {source: VN-MOH, ref: "miscarriage before 22 weeks", evidence: secondary}
""",
    )
    profiles = load_profiles([folder])
    record = checked("miscarriage 8 ultrasound", "miscarriage 23 ultrasound")
    assert classify(record, profiles["eshre-2022"]).meets_definition is True
    assert classify(record, profiles["clinic-22w"]).meets_definition is False


def test_an_override_without_a_citation_is_refused(tmp_path):
    folder = write(
        tmp_path / "clinic",
        "bad.yaml",
        "id: bad\ntitle: Bad\nsummary: x\nextends: eshre-2022\ndefinition: {min_losses: 3}\n",
    )
    with pytest.raises(ProfileError, match="need a citation: min_losses"):
        load_profiles([folder])


def test_a_clinic_profile_citing_a_source_that_is_not_in_sources_yaml_is_refused(tmp_path):
    # CONTRIBUTING's example cited VN-MOH-2020, no source at all, and the clinic showed it.
    folder = write(
        tmp_path / "clinic",
        "typo.yaml",
        """
id: typo-22w
title: Our clinic
extends: eshre-2022
definition: {loss_upper_limit_weeks: 22}
citations:
  loss_upper_limit_weeks: {source: VN-MOH-2020, ref: "22 weeks", evidence: secondary}
""",
    )
    with pytest.raises(
        ProfileError,
        match=r"typo.yaml: cites a source that is not in sources.yaml: "
        r"loss_upper_limit_weeks \(VN-MOH-2020\)",
    ):
        load_profiles([folder])


def test_a_profile_missing_a_setting_is_refused(tmp_path):
    folder = write(
        tmp_path / "clinic",
        "bad.yaml",
        "id: bad\ntitle: Bad\nsummary: x\ndefinition: {min_losses: 2}\nbmi_cut_offs: who\n"
        "citations: {bmi_cut_offs: {source: WHO-BMI, ref: Table 1, evidence: secondary}}\n",
    )
    with pytest.raises(ProfileError, match=r"bad.yaml: definition\."):
        load_profiles([folder])


def test_a_profile_extending_an_unknown_profile_is_refused(tmp_path):
    folder = write(tmp_path / "c", "x.yaml", "id: x\ntitle: X\nsummary: x\nextends: nope\n")
    with pytest.raises(ProfileError, match="does not exist"):
        load_profiles([folder])


def test_a_duplicate_profile_id_is_refused(tmp_path):
    folder = write(
        tmp_path / "c",
        "dup.yaml",
        "id: eshre-2022\ntitle: X\nsummary: x\nextends: asrm-2012\n",
    )
    with pytest.raises(ProfileError, match="duplicate profile id"):
        load_profiles([folder])


def test_an_unknown_profile_id_lists_the_known_ones():
    with pytest.raises(ProfileError, match="known profiles: asrm-2012"):
        get_profile("who-2030", SHIPPED)


def test_the_chinese_profile_counts_only_consecutive_losses_with_the_same_partner():
    profile = SHIPPED["cn-consensus-2022"]
    apart = checked(
        "miscarriage 8 ultrasound same_partner",
        "live_birth 39",
        "miscarriage 9 ultrasound same_partner",
    )
    together = checked(
        "miscarriage 8 ultrasound same_partner", "miscarriage 26 ultrasound same_partner"
    )
    assert classify(apart, profile).meets_definition is False
    assert classify(together, profile).meets_definition is True
    unknown_partner = checked("miscarriage 8 ultrasound same_partner", "miscarriage 9 ultrasound")
    assert classify(unknown_partner, profile).meets_definition is None


# --- BMI cut-offs: a setting each profile names, never a silent default ----------------------

PROFILE_FILES = sorted(knowledge_path("profiles").glob("*.yaml"))


def without_bmi_cut_offs(text: str) -> str:
    """A profile's text with its BMI cut-offs setting and that setting's citation removed."""
    kept = [line for line in text.splitlines() if not line.lstrip().startswith("bmi_cut_offs:")]
    return "\n".join(kept) + "\n"


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.stem)
def test_every_shipped_profile_names_its_bmi_cut_offs_with_a_citation(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if raw.get("extends") is None:
        assert raw.get("bmi_cut_offs") in CUT_OFF_SETS, path.name
        assert raw["citations"]["bmi_cut_offs"]["source"] in load_sources(), path.name
    assert SHIPPED[raw["id"]].bmi_cut_offs == raw.get(
        "bmi_cut_offs", SHIPPED[raw.get("extends") or raw["id"]].bmi_cut_offs
    )


def test_a_profile_that_does_not_name_its_bmi_cut_offs_is_refused_naming_it_and_the_setting(
    tmp_path,
):
    text = (knowledge_path("profiles") / "rcog-2023.yaml").read_text(encoding="utf-8")
    folder = write(
        tmp_path / "clinic",
        "our-rules.yaml",
        without_bmi_cut_offs(text.replace("id: rcog-2023", "id: our-rules")),
    )
    with pytest.raises(ProfileError) as refused:
        load_profiles([folder])
    message = str(refused.value)
    assert message.startswith("our-rules.yaml: profile our-rules does not say which BMI cut-offs")
    assert "bmi_cut_offs" in message and "who, who-asia-2004" in message
    assert "citation" in message


def test_a_profile_that_extends_another_takes_its_parents_bmi_cut_offs(tmp_path):
    folder = write(
        tmp_path / "clinic",
        "child.yaml",
        "id: vn-child\ntitle: Child\nsummary: x\nextends: vn-moh-22w\n",
    )
    assert load_profiles([folder])["vn-child"].bmi_cut_offs == "asia-pacific-2000"
