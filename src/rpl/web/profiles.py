"""The one place the site chooses a guideline profile: clinic, API, self-check and CDS Hooks.

Profiles are loaded once per set of folders (the shipped ones plus `RPL_PROFILE_DIRS`, a
clinic's own) and kept by id; every request reuses them. A record or a request may name a
profile; otherwise the clinic's default, `RPL_PROFILE`, applies (CDS Hooks:
`RPL_CDS_HOOKS_PROFILE`, which defaults to `RPL_PROFILE`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from django.conf import settings

from rpl.core.profiles import Profile, ProfileError, load_profiles


@cache
def _loaded(dirs: tuple[str, ...]) -> dict[str, Profile]:
    return load_profiles([Path(d) for d in dirs])


def available_profiles() -> Mapping[str, Profile]:
    """Shipped profiles plus a clinic's own, by id (loaded once per set of folders)."""
    return _loaded(tuple(settings.RPL_PROFILE_DIRS))


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
