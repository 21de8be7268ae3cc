"""Times are stored in UTC and shown in the clinic's zone (RPL_TIME_ZONE), always labelled."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from django.template import Context, Template
from django.utils import timezone

from rpl.web import config
from tests.web.helpers import run

MOMENT = dt.datetime(2026, 12, 7, 14, 54, 30, tzinfo=dt.UTC)


def test_the_time_zone_defaults_to_utc_and_takes_an_iana_name():
    assert config.time_zone({}) == "UTC"
    assert config.time_zone({"RPL_TIME_ZONE": " Asia/Ho_Chi_Minh "}) == "Asia/Ho_Chi_Minh"


def test_an_unknown_time_zone_is_refused_with_a_message_naming_the_setting():
    with pytest.raises(ValueError, match="RPL_TIME_ZONE 'Saigon' is not a time zone name"):
        config.time_zone({"RPL_TIME_ZONE": "Saigon"})


def test_the_settings_refuse_to_load_with_an_unknown_time_zone(tmp_path):
    result = run(
        [sys.executable, "-c", "import django; django.setup()"],
        {
            "DJANGO_SETTINGS_MODULE": "rpl.web.settings",
            "RPL_DATA_DIR": str(tmp_path),
            "RPL_TIME_ZONE": "Mars/Olympus",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert result.returncode != 0
    assert "RPL_TIME_ZONE 'Mars/Olympus' is not a time zone name" in result.stderr


def render(source: str, **context: object) -> str:
    return Template("{% load clock %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Ho_Chi_Minh", "2026-12-07 21:54 (Asia/Ho_Chi_Minh, UTC+07:00)"),
        ("Asia/Shanghai", "2026-12-07 22:54 (Asia/Shanghai, UTC+08:00)"),
        ("Europe/Istanbul", "2026-12-07 17:54 (Europe/Istanbul, UTC+03:00)"),
        ("UTC", "2026-12-07 14:54 (UTC, UTC+00:00)"),
    ],
)
def test_a_stored_utc_time_is_shown_in_the_clinics_zone_with_the_zone_named(zone, shown):
    with timezone.override(zone):
        html = render("{{ moment|when }}", moment=MOMENT)
    assert html == f'<time datetime="2026-12-07T14:54:30Z">{shown}</time>'


def test_seconds_are_kept_when_asked_and_a_missing_time_is_a_dash():
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert "21:54:30 (Asia/Ho_Chi_Minh" in render('{{ m|when:"seconds" }}', m=MOMENT)
        assert render("{{ m|when }}", m=None) == "—"
        assert render("{% clock_zone %}") == "Asia/Ho_Chi_Minh, UTC+07:00"


@pytest.mark.django_db
def test_staff_pages_show_times_in_the_configured_zone(client, settings, django_user_model):
    from django.contrib.auth.models import Group

    from rpl.web.audit.services import record_event

    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    admin = django_user_model.objects.create_user("zone-admin")
    admin.groups.add(Group.objects.get(name="admin"))
    event = record_event(None, "view", "page", "somewhere", actor=admin)
    client.force_login(admin)
    page = client.get("/staff/audit/").content.decode()
    local = timezone.localtime(event.at, timezone.get_fixed_timezone(7 * 60))
    assert local.strftime("%Y-%m-%d %H:%M") in page
    assert "(Asia/Ho_Chi_Minh, UTC+07:00)" in page
    assert "Asia/Ho_Chi_Minh" in page.split("From (day,", 1)[1][:60]
