"""Guideline profiles: named sets of definitions, read from data files.

A profile is a YAML file (`rpl/knowledge/profiles/*.yaml`, or a clinic's own folder).
A clinic profile may `extends:` another and override some definition settings; each
override must carry its own citation. Nothing about a definition is written in code.
A clinic profile may also list `practice:` overrides, where its clinicians decided to differ
from the guideline for an item a rule gives (`rpl.core.governance.PracticeOverride`); the
engine never applies them: the presenter does, and only with their approval.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from rpl.core.calculators.bmi_class import CUT_OFF_SETS, CutOffs
from rpl.core.governance import PracticeOverride
from rpl.core.knowledge import knowledge_path
from rpl.core.sources import load_sources
from rpl.core.vocabulary import Evidence

DEFAULT_PROFILE_ID = "eshre-2022"


class ProfileError(ValueError):
    """A profile file is missing, malformed or refers to something unknown."""


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(description="Source id from rpl/knowledge/sources.yaml.")
    ref: str = Field(description="Recommendation number, section or table in the source.")
    evidence: Evidence
    note: str | None = None


class Definition(BaseModel):
    """How a profile decides which pregnancies count as losses and when RPL is met."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_losses: int = Field(
        ge=1, le=10, description="Counted losses needed to meet the definition."
    )
    loss_upper_limit_weeks: int = Field(
        ge=12, le=30, description="A loss counts only before this many weeks (+0 days)."
    )
    consecutive_required: bool = Field(
        description="Count only an uninterrupted run of losses (longest run in the history)."
    )
    same_partner_required: bool = Field(description="Count only losses with the current partner.")
    count_biochemical: bool = Field(description="Count losses shown only by hCG.")
    count_resolved_pul: bool = Field(description="Count resolved pregnancies of unknown location.")
    clinical_confirmation_required: bool = Field(
        description="A miscarriage counts only when seen on ultrasound or confirmed by histology."
    )
    count_ectopic: bool
    count_molar: bool
    first_trimester_only: bool = Field(
        description="Only first-trimester losses count towards min_losses."
    )
    first_trimester_upper_weeks: int = Field(
        ge=10, le=16, description="First trimester = before this many weeks (+0 days)."
    )
    min_second_trimester_losses: int | None = Field(
        ge=1,
        description="If set, this many second-trimester losses meet the definition on their own.",
    )
    secondary_after_weeks: int = Field(
        ge=12,
        le=30,
        description=(
            "Beyond viability: a pregnancy reaching this gestation (or a live birth of unknown"
            " gestation); RPL is secondary when the losses after the earliest one meet the"
            " definition on their own."
        ),
    )


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    title: str
    summary: str
    extends: str | None = None
    definition: Definition
    # Which published BMI cut-offs classify weight (the `bmi-class` calculator's sets): the WHO
    # classes, or a set for Asian populations where a national profile uses one (issue 22).
    # A definition like the others: every profile names it (a child takes its parent's).
    bmi_cut_offs: CutOffs
    citations: dict[str, Citation]
    practice: tuple[PracticeOverride, ...] = ()
    _lineage: tuple[str, ...] = PrivateAttr(default=())
    # Values worked out from this profile (e.g. its definition in words), kept with it so
    # that they go when the profile goes.
    _derived: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def lineage(self) -> tuple[str, ...]:
        """This profile's id, then its parent's, and so on: where its rules come from."""
        return self._lineage or (self.id,)

    def derived(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value worked out from this (frozen) profile, computed once."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def citation_for(self, setting: str) -> Citation:
        return self.citations[setting]


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{path.name}: cannot read profile ({exc.__class__.__name__})") from exc
    return parse_profile_text(text, path.name)


def parse_profile_text(text: str, origin: str) -> dict[str, Any]:
    """One profile's YAML text as a mapping (not yet checked against its parent)."""
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date like 2026-02-30
        raise ProfileError(f"{origin}: cannot read profile ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{origin}: a profile file must be a mapping")
    return data


def _build(raw: Mapping[str, Any], parents: Mapping[str, Profile], origin: str) -> Profile:
    data = dict(raw)
    own = data.get("citations")
    if "bmi_cut_offs" in data and not (isinstance(own, dict) and "bmi_cut_offs" in own):
        # Like a definition setting, the choice of BMI cut-offs names its source.
        raise ProfileError(f"{origin}: overridden settings need a citation: bmi_cut_offs")
    parent_id = data.get("extends")
    if parent_id is not None:
        if parent_id not in parents:
            raise ProfileError(f"{origin}: extends unknown profile {parent_id!r}")
        parent = parents[parent_id]
        overrides = data.get("definition") or {}
        own_citations = data.get("citations") or {}
        if not isinstance(overrides, dict) or not isinstance(own_citations, dict):
            raise ProfileError(f"{origin}: definition and citations are mappings")
        data["definition"] = {**parent.definition.model_dump(), **overrides}
        uncited = sorted(set(overrides) - set(own_citations))
        if uncited:
            raise ProfileError(
                f"{origin}: overridden settings need a citation: {', '.join(uncited)}"
            )
        data["citations"] = {
            **{k: v.model_dump() for k, v in parent.citations.items()},
            **own_citations,
        }
        data.setdefault("summary", parent.summary)
        data.setdefault("bmi_cut_offs", parent.bmi_cut_offs)
        # A child's override of the same rule and code replaces its parent's.
        own_practice = data.get("practice") or []
        if not isinstance(own_practice, list):
            raise ProfileError(f"{origin}: practice is a list")
        replaced = {
            (str(p.get("rule")), str(p.get("code"))) for p in own_practice if isinstance(p, dict)
        }
        data["practice"] = [
            *(p.model_dump() for p in parent.practice if (p.rule, p.code) not in replaced),
            *own_practice,
        ]
    if parent_id is None and "bmi_cut_offs" not in data:
        raise ProfileError(
            f"{origin}: profile {data.get('id', '(no id)')} does not say which BMI cut-offs it"
            f" uses: set bmi_cut_offs to one of {', '.join(CUT_OFF_SETS)}, with its citation"
        )
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ProfileError(f"{origin}: {where}: {first['msg']}") from exc
    parent_lineage = parents[parent_id].lineage if parent_id is not None else ()
    profile._lineage = (profile.id, *parent_lineage)
    uncited = sorted(set(Definition.model_fields) - set(profile.citations))
    if uncited:
        raise ProfileError(
            f"{origin}: every definition setting needs a citation: {', '.join(uncited)}"
        )
    # Every setting shown must lead to a named source: a clinic profile citing an id that is
    # not in sources.yaml (a typo such as VN-MOH-2020) was shown as if it were one.
    own_citations = raw.get("citations") or {}
    known = load_sources()
    unknown = sorted(
        f"{setting} ({profile.citations[setting].source})"
        for setting in own_citations
        if setting in profile.citations and profile.citations[setting].source not in known
    )
    if unknown:
        raise ProfileError(
            f"{origin}: cites a source that is not in sources.yaml: {', '.join(unknown)}"
        )
    return profile


def load_profiles(
    extra_dirs: Iterable[Path] = (), extra_texts: Iterable[tuple[str, str]] = ()
) -> dict[str, Profile]:
    """Shipped profiles plus any `*.yaml` in extra_dirs (a clinic's own), by id.

    `extra_texts` are (origin, YAML text) pairs of profiles kept elsewhere (the clinic's
    profiles edited in the staff area); the origin names them in errors.
    """
    files = sorted(knowledge_path("profiles").glob("*.yaml"))
    for directory in extra_dirs:
        if not directory.is_dir():
            raise ProfileError(f"{directory}: not a folder of profile files")
        files += sorted(directory.glob("*.yaml"))
    # Keyed by (place, name): two folders may hold files of the same name.
    pending: dict[tuple[str, str], dict[str, Any]] = {
        (str(path), path.name): _read_yaml(path) for path in files
    }
    for origin, text in extra_texts:
        pending[(f"text:{origin}", origin)] = parse_profile_text(text, origin)
    profiles: dict[str, Profile] = {}
    # Resolve `extends` chains in as many passes as needed.
    while pending:
        progressed = False
        for key, raw in list(pending.items()):
            origin = key[1]
            parent = raw.get("extends")
            if parent is not None and parent not in profiles:
                continue
            profile = _build(raw, profiles, origin)
            if profile.id in profiles:
                raise ProfileError(f"{origin}: duplicate profile id {profile.id!r}")
            profiles[profile.id] = profile
            del pending[key]
            progressed = True
        if not progressed:
            names = ", ".join(sorted(name for _, name in pending))
            raise ProfileError(f"{names}: extends a profile that does not exist (or a cycle)")
    return profiles


def get_profile(profile_id: str | None, profiles: Mapping[str, Profile]) -> Profile:
    wanted = profile_id or DEFAULT_PROFILE_ID
    if wanted not in profiles:
        raise ProfileError(
            f"unknown profile {wanted!r}; known profiles: {', '.join(sorted(profiles))}"
        )
    return profiles[wanted]
