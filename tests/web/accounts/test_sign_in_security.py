"""Argon2 hashing, lockout after repeated failures, the optional second factor, idle timeout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # noqa: S105  # test users only


def test_passwords_are_hashed_with_argon2():
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert get_hasher("default").algorithm == "argon2"


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, make_staff):
    make_staff("nurse", "receptionist")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/staff/login/", {"username": "nurse", "password": "wrong"})
        assert response.status_code == 200
    locked = client.post("/staff/login/", {"username": "nurse", "password": "wrong"})
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()
    again = client.post("/staff/login/", {"username": "nurse", "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in(client, make_staff):
    make_staff("nurse", "receptionist")
    client.post("/staff/login/", {"username": "nurse", "password": "wrong"})
    response = client.post("/staff/login/", {"username": "nurse", "password": PASSWORD})
    assert response.status_code == 302


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_second_factor_is_set_up_and_then_asked_for_at_every_sign_in(
    client, make_staff, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    make_staff("doc", "clinician")
    assert (
        client.post("/staff/login/", {"username": "doc", "password": PASSWORD}).status_code == 302
    )
    page = client.get("/staff/two-factor/")
    assert "or by typing this key" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="doc")
    assert_shows_the_qr_code_of(page, device)
    assert (
        client.post(
            "/staff/two-factor/", {"token": "000000" if _code(device) != "000000" else "111111"}
        ).status_code
        == 200
    )
    assert client.post("/staff/two-factor/", {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    client.post("/staff/logout/")
    client.post("/staff/login/", {"username": "doc", "password": PASSWORD})
    response = client.get("/staff/records/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/code/?next=%2Fstaff%2Frecords%2F"
    wrong = client.post("/staff/login/code/", {"token": "12345x", "next": "/staff/records/"})
    assert "That code is not right." in wrong.content.decode()
    device.refresh_from_db()
    device.last_t = -1  # a code is accepted once; pretend the next 30-second window has begun
    device.save()
    right = client.post("/staff/login/code/", {"token": _code(device), "next": "/staff/records/"})
    assert right.status_code == 302
    assert right["Location"] == "/staff/records/"
    assert client.get("/staff/records/").status_code == 200


def test_a_staff_session_ends_after_the_idle_timeout(client, make_staff):
    make_staff("doc", "clinician")
    client.post("/staff/login/", {"username": "doc", "password": PASSWORD})
    assert client.get("/staff/").status_code == 200
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_each_staff_request_renews_the_idle_timeout(client, make_staff):
    make_staff("doc", "clinician")
    client.post("/staff/login/", {"username": "doc", "password": PASSWORD})
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.update(expire_date=soon)
    assert client.get("/staff/").status_code == 200
    renewed = Session.objects.get().expire_date
    assert renewed > soon + dt.timedelta(minutes=20)


def test_a_patients_page_views_after_booking_write_nothing_to_the_database(client):
    session = client.session
    session["booking_reference"] = "ABCDEFGH"  # as the booking form leaves it
    session.save()
    stored = Session.objects.get().expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/faq/").status_code == 200
        assert client.get("/en/learn/").status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert Session.objects.get().expire_date == stored


def assert_shows_the_qr_code_of(page, device):
    """The setup page draws the authenticator's otpauth:// address as an inline SVG QR code:
    nothing fetched, so the site's Content-Security-Policy (images from this site only, no
    data: URIs) lets it show."""
    import re

    import segno

    html = page.content.decode()
    svg = re.search(r'<svg role="img"[^>]*class="totp-qr".*?</svg>', html, re.S).group(0)
    expected = segno.make(device.config_url, error="m").svg_inline(scale=4, border=4)
    drawn = re.findall(r' d="([^"]+)"', svg)[-1]  # the dark modules (after the light square)
    assert drawn == re.findall(r' d="([^"]+)"', expected)[-1]
    assert "otpauth://totp/" in device.config_url and "secret=" in device.config_url
    assert "data:" not in html and "<img" not in html.split("<main", 1)[1]
    policy = page["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "img-src" not in policy
