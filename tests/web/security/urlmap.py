"""Every URL pattern of `rpl.web.urls`, with a stable key and a way to fill in its arguments.

The key is the pattern's name ("clinic:record"); a pattern without a name, or with a name that
another pattern also uses, is keyed by its route ("staff/admin/auth/user/<path:object_id>/").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

ADMIN_PREFIX = "staff/admin/"


@dataclass(frozen=True)
class UrlSpec:
    key: str
    route: str  # the whole route, "<lang>/" standing for the language prefix
    name: str | None
    i18n: bool
    callback: Callable[..., Any]
    parts: tuple[Any, ...]  # the patterns from the root down to this one

    @property
    def is_staff(self) -> bool:
        return self.route.startswith("staff/")

    @property
    def is_api(self) -> bool:
        return self.route.startswith(("api/", "cds-services", "fhir/"))


def _walk(
    patterns: list[Any], route: str, names: list[str], i18n: bool, parts: tuple[Any, ...]
) -> Iterator[tuple[str, str | None, bool, Callable[..., Any], tuple[Any, ...]]]:
    for pattern in patterns:
        here = (*parts, pattern)
        if isinstance(pattern, URLResolver):
            locale = isinstance(pattern.pattern, LocalePrefixPattern)
            piece = "<lang>/" if locale else str(pattern.pattern)
            namespace = [pattern.namespace] if pattern.namespace else []
            yield from _walk(
                pattern.url_patterns, route + piece, names + namespace, i18n or locale, here
            )
        elif isinstance(pattern, URLPattern):
            name = ":".join([*names, pattern.name]) if pattern.name else None
            yield route + str(pattern.pattern), name, i18n, pattern.callback, here


def all_urls() -> list[UrlSpec]:
    found = list(_walk(get_resolver().url_patterns, "", [], False, ()))
    name_counts = Counter(name for _, name, *_ in found if name)
    specs = []
    for route, name, i18n, callback, parts in found:
        key = name if name and name_counts[name] == 1 else route
        specs.append(UrlSpec(key, route, name, i18n, callback, parts))
    return specs


def languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


# --- filling in arguments ----------------------------------------------------------------------

_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _admin_model(route: str) -> Any:
    """The model behind a Django admin route "staff/admin/<app>/<model>/...", or None."""
    from django.contrib import admin

    rest = route.removeprefix(ADMIN_PREFIX).split("/")
    if len(rest) < 2:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == (rest[0], rest[1]):
            return model
    return None


class MissingArgument(LookupError):
    pass


def argument_values(spec: UrlSpec, world: Any) -> dict[str, str]:
    """A real value for each argument of the route, from the objects the test created."""
    values: dict[str, str] = {}
    for match in _ARGUMENT.finditer(spec.route):
        name = match.group("name") or match.group("rname")
        if name == "lang":
            continue
        value = world.argument(spec, name, _admin_model(spec.route))
        if value is None:
            raise MissingArgument(
                f"{spec.key}: no value for the URL argument {name!r}; "
                "add one to World.argument in tests/web/security/conftest.py"
            )
        values[name] = str(value)
    return values


def paths(spec: UrlSpec, world: Any) -> list[str]:
    """The path(s) to request: one per site language for language-prefixed pages."""
    values = argument_values(spec, world)
    path = spec.route
    for match in reversed(list(_ARGUMENT.finditer(spec.route))):
        name = match.group("name") or match.group("rname")
        if name == "lang":
            continue
        path = path[: match.start()] + values[name] + path[match.end() :]
    # Only regex anchors go: FHIR operations keep their "$" ("fhir/$export").
    path = path.replace("^", "").removesuffix("$")
    if not spec.i18n:
        return ["/" + path]
    return ["/" + path.replace("<lang>/", f"{language}/") for language in languages()]
