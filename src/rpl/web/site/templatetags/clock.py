"""Times as people at the clinic read them: in the clinic's zone (RPL_TIME_ZONE), labelled.

Every time is stored in UTC. A bare "14:30" on a screen in Ha Noi or Istanbul would be read as
local time whether or not it is, so no time is shown without its zone.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def zone_label(moment: dt.datetime | None = None) -> str:
    """The zone's name and its offset from UTC at `moment` (now by default):
    "Asia/Ho_Chi_Minh, UTC+07:00"."""
    zone = timezone.get_current_timezone()
    local = timezone.localtime(moment or timezone.now(), zone)
    offset = local.strftime("%z")
    return f"{zone}, UTC{offset[:3]}:{offset[3:]}"


def local_text(moment: dt.datetime, with_seconds: bool = False) -> str:
    """ "2026-12-07 21:54 (Asia/Ho_Chi_Minh, UTC+07:00)"."""
    local = timezone.localtime(moment)
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")
    return f"{shown} ({zone_label(moment)})"


@register.filter
def when(moment: dt.datetime | None, precision: str = "") -> SafeString | str:
    """A stored time in the clinic's zone with the zone named, in a <time> element whose
    machine-readable value is UTC. `|when:"seconds"` keeps the seconds."""
    if not isinstance(moment, dt.datetime):
        return "—"
    return format_html(
        '<time datetime="{}">{}</time>',
        moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        local_text(moment, with_seconds=precision == "seconds"),
    )


@register.simple_tag
def clock_zone() -> str:
    """The clinic's zone, for a column heading or a form label: "Asia/Ho_Chi_Minh, UTC+07:00"."""
    return zone_label()
