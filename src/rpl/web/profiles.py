"""The one place the site chooses a guideline profile: clinic, API, self-check and CDS Hooks.

Profiles are loaded once per set of folders (the shipped ones plus `RPL_PROFILE_DIRS`, a
clinic's own) and of the clinic's profiles edited in the staff area that are signed off today
(`rpl.web.clinic.models.ClinicProfile`: one that awaits approval is not offered), and kept by
id; every request reuses them. A record or a request may name a
profile; otherwise the clinic's default, `RPL_PROFILE`, applies (CDS Hooks:
`RPL_CDS_HOOKS_PROFILE`, which defaults to `RPL_PROFILE`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from rpl.core.governance import ApprovedPractice
from rpl.core.profiles import Profile, ProfileError, load_profiles


# A few sets at most: one per set of folders and signed-off clinic profiles (a new version of a
# clinic profile, once approved, makes a new set).
@lru_cache(maxsize=8)
def _loaded(dirs: tuple[str, ...], texts: tuple[tuple[str, str], ...]) -> dict[str, Profile]:
    return load_profiles([Path(d) for d in dirs], texts)


def file_profiles() -> list[Path]:
    """The clinic's profile folders (`RPL_PROFILE_DIRS`)."""
    return [Path(d) for d in settings.RPL_PROFILE_DIRS]


def _signed_off_clinic_profiles() -> dict[str, tuple[str, str, dt.date]]:
    """The staff-area clinic profiles signed off today: id -> (text, reviewer, date)."""
    from rpl.web.clinic import governance
    from rpl.web.clinic.models import ClinicProfile

    if not ClinicProfile.objects.exists():
        return {}
    found = {}
    for state in governance.states("profile"):
        sign_off = state.sign_off
        if sign_off.signed_off and sign_off.reviewed_on is not None:
            text = str(state.item.content["text"])
            found[state.item.item_id] = (text, sign_off.reviewer, sign_off.reviewed_on)
    return found


def loadable_texts(
    texts: Iterable[tuple[str, str]], dirs: Iterable[str | Path] | None = None
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The clinic profile texts (id, text) that load beside the shipped profiles and the
    folders, and the loader's message for each one that does not, by id.

    A clinic profile can stop loading after it was approved (its parent folder went, or a
    newer loader refuses a citation it accepted): that one is set aside and named, the
    others stay offered — one broken profile must not take the clinic's other profiles, and
    their approved practice, away with it."""
    folders = tuple(str(d) for d in (settings.RPL_PROFILE_DIRS if dirs is None else dirs))
    kept, problems = _split(folders, tuple(sorted(texts)))
    return list(kept), dict(problems)


# Cached like `_loaded`: with a broken profile, every request would otherwise try the set again.
@lru_cache(maxsize=8)
def _split(
    folders: tuple[str, ...], texts: tuple[tuple[str, str], ...]
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    left = list(texts)
    try:
        _loaded(folders, texts)
        return texts, ()
    except ProfileError:
        pass
    kept: list[tuple[str, str]] = []
    # Several passes: a profile may extend another clinic profile further down the list.
    progressed = True
    while progressed and left:
        progressed = False
        for pair in list(left):
            try:
                _loaded(folders, tuple(sorted([*kept, pair])))
            except ProfileError:
                continue
            kept.append(pair)
            left.remove(pair)
            progressed = True
    problems = []
    for pid, text in left:
        try:
            _loaded(folders, tuple(sorted([*kept, (pid, text)])))
        except ProfileError as error:
            problems.append((pid, str(error)))
    return tuple(sorted(kept)), tuple(problems)


def clinic_profile_problems() -> dict[str, str]:
    """By id, why each signed-off clinic profile that no longer loads is not offered."""
    signed = _signed_off_clinic_profiles()
    return loadable_texts((pid, text) for pid, (text, _, _) in signed.items())[1]


def available_profiles() -> Mapping[str, Profile]:
    """Shipped profiles plus a clinic's own, by id (loaded once per set of folders and of
    signed-off clinic profiles). A signed-off clinic profile that no longer loads is left
    out and named on the profiles page (`clinic_profile_problems`)."""
    signed = _signed_off_clinic_profiles()
    texts, _ = loadable_texts((pid, text) for pid, (text, _, _) in signed.items())
    return _loaded(tuple(settings.RPL_PROFILE_DIRS), tuple(texts))


def practice_for(profile: Profile) -> list[ApprovedPractice]:
    """The practice overrides of a signed-off clinic profile, with their approval, for the
    presenter to apply; none for any other profile (a practice awaiting approval never
    applies)."""
    if not profile.practice:
        return []
    signed = _signed_off_clinic_profiles().get(profile.id)
    if signed is None:
        return []
    _, reviewer, approved_on = signed
    profiles = available_profiles()
    root = profiles.get(profile.lineage[-1])
    differs_from = root.title if root is not None else profile.lineage[-1]
    return [ApprovedPractice(o, reviewer, approved_on, differs_from) for o in profile.practice]


def default_profile_id() -> str:
    """The clinic's default profile (`RPL_PROFILE`)."""
    return str(settings.RPL_PROFILE)


def choose_profile(wanted: str | None = None) -> Profile:
    """The profile named (by a request or a record), else the clinic's default.

    Raises ProfileError naming the known profiles (never echoing more than the id asked for).
    """
    profiles = available_profiles()
    profile_id = wanted or default_profile_id()
    found = profiles.get(profile_id)
    if found is None:
        raise ProfileError(
            f"unknown profile {profile_id!r}; known profiles: {', '.join(sorted(profiles))}"
        )
    return found


def cds_hooks_profile() -> Profile:
    """The profile the CDS Hooks services apply (`RPL_CDS_HOOKS_PROFILE`)."""
    return choose_profile(settings.RPL_CDS_HOOKS_PROFILE or None)


def loaded_profile_sets() -> int:
    """How many sets of profiles are held in memory (one per set of folders): for tests."""
    return _loaded.cache_info().currsize
