"""One place chooses the guideline profile (rpl.web.profiles), loaded once and reused."""

from __future__ import annotations

import gc

import pytest

from rpl.core import profiles as core_profiles
from rpl.core.profiles import ProfileError
from rpl.web import profiles
from rpl.web.profiles import available_profiles, cds_hooks_profile, choose_profile

pytestmark = pytest.mark.django_db

ANSWERS = {
    "losses": "3",
    "loss_weeks": "7, 9, ?",
    "confirmation": "scan",
    "live_births": "none",
    "age_years": "36",
    "smoking": "current",
    "height_cm": "160",
    "weight_kg": "80",
    "alcohol_per_week": "",
    "caffeine_mg_per_day": "",
}


def test_the_clinics_default_profile_is_the_rpl_profile_setting(settings):
    settings.RPL_PROFILE = "rcog-2023"
    assert choose_profile().id == "rcog-2023"
    assert choose_profile(None).id == "rcog-2023"
    assert choose_profile("asrm-2012").id == "asrm-2012"


def test_an_unknown_profile_is_refused_with_the_known_ones_named():
    with pytest.raises(ProfileError, match=r"known profiles: .*eshre-2022"):
        choose_profile("no-such-profile")


def test_cds_hooks_follow_the_clinics_default_unless_told_otherwise(settings):
    settings.RPL_PROFILE = "rcog-2023"
    settings.RPL_CDS_HOOKS_PROFILE = ""
    assert cds_hooks_profile().id == "rcog-2023"
    settings.RPL_CDS_HOOKS_PROFILE = "asrm-2012"
    assert cds_hooks_profile().id == "asrm-2012"


def test_a_clinics_own_profile_folder_is_honoured(settings, tmp_path):
    (tmp_path / "my-clinic.yaml").write_text(
        "id: my-clinic\ntitle: My clinic\nextends: eshre-2022\n", encoding="utf-8"
    )
    settings.RPL_PROFILE_DIRS = [str(tmp_path)]
    settings.RPL_PROFILE = "my-clinic"
    assert "my-clinic" in available_profiles()
    assert choose_profile().id == "my-clinic"


def test_profiles_are_loaded_once_and_reused():
    first = choose_profile("eshre-2022")
    assert choose_profile("eshre-2022") is first


def test_five_hundred_self_checks_leave_memory_and_caches_flat(client, settings, monkeypatch):
    settings.RPL_PROFILE = "eshre-2022"
    built = []
    build = core_profiles._build
    monkeypatch.setattr(core_profiles, "_build", lambda *a: built.append(1) or build(*a))

    def post(times: int) -> None:
        for _ in range(times):
            assert client.post("/en/self-check/", ANSWERS).status_code == 200

    post(20)  # warm up: templates, catalogues, the profile set
    sets = profiles.loaded_profile_sets()
    derived = dict(choose_profile()._derived)
    post(80)
    built.clear()
    gc.collect()
    after_100 = len(gc.get_objects())
    post(400)
    gc.collect()
    after_500 = len(gc.get_objects())
    assert not built, "a request loaded the profiles again"
    assert profiles.loaded_profile_sets() == sets
    assert choose_profile()._derived.keys() == derived.keys()
    # 400 more requests leave no more objects behind than a few pages' worth (one profile set
    # per request, as before, left about 180 objects each: 72 000 for 400).
    assert after_500 - after_100 < 5_000
