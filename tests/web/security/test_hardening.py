"""Hardening: a strict Content-Security-Policy with self-hosted assets only, security headers,
HTTPS-only cookies and HSTS in production, Django's deployment check clean, no start without a
real secret key, and CSRF protection on every form."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.test import Client

from rpl.web import config
from tests.web.helpers import GOOD_KEY, run
from tests.web.security.access import crawl_pages
from tests.web.security.conftest import CALLERS
from tests.web.security.urlmap import all_urls, paths

WEB = Path(__file__).resolve().parents[3] / "src" / "rpl" / "web"
PRODUCTION_ENV = {
    "RPL_PRODUCTION": "1",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "rpl.example.org",
    "DJANGO_SETTINGS_MODULE": "rpl.web.settings",
}
# The only page allowed inline styles (Swagger UI sets them), never inline scripts; django-ninja
# gives its schema (JSON) the same policy.
INLINE_STYLE_PAGES = {"api-v1:openapi-view", "api-v1:openapi-json"}
SWAGGER_EXTRAS = {"'unsafe-inline'", "data:"}  # its inline styles and data: icons


# --- Content-Security-Policy and what pages load ------------------------------------------------


def policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        if words := part.split():
            directives[words[0].lower()] = words[1:]
    return directives


class AssetScanner(HTMLParser):
    """Collects what a page would run or load: inline scripts, event-handler attributes,
    javascript: links, and the addresses of scripts, styles, images and frames."""

    LOADS: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "link": "href",
    }

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.assets: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...>")
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self.problems.append("inline <script>")
        loads = tag != "link" or values.get("rel") in ("stylesheet", "icon", "preload")
        if tag in self.LOADS and loads and (address := values.get(self.LOADS[tag])):
            self.assets.append(address)


def is_own(address: str) -> bool:
    """A path on this site (not another host, not protocol-relative)."""
    return address.startswith("/") and not address.startswith("//")


def header_problems(key: str, response: Any) -> list[str]:
    """Every response forbids framing and content sniffing and keeps its address to itself."""
    # The private answer link goes further: its key never leaves in a Referer header.
    referrer = "no-referrer" if key == "questions:answer" else "same-origin"
    wanted = {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Referrer-Policy": referrer,
    }
    return [f"{h}: {response.get(h)}" for h, value in wanted.items() if response.get(h) != value]


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy_security_headers_and_own_files(world):
    failures = []
    html_pages = 0
    for key, path, response in crawl_pages(world):
        failures += [f"{path}: {problem}" for problem in header_problems(key, response)]
        csp = policy(response.get("Content-Security-Policy", ""))
        scripts = csp.get("script-src", csp.get("default-src", []))
        if scripts != ["'self'"] or csp.get("default-src") != ["'self'"]:
            failures.append(f"{path}: scripts from {scripts}, default {csp.get('default-src')}")
        for directive in ("object-src", "base-uri", "frame-ancestors"):
            if csp.get(directive) != ["'none'"]:
                failures.append(f"{path}: {directive} {csp.get(directive)}")
        if csp.get("form-action") != ["'self'"]:
            failures.append(f"{path}: forms may be sent to {csp.get('form-action')}")
        styles = csp.get("style-src", csp["default-src"])
        if styles != ["'self'"] and key not in INLINE_STYLE_PAGES:
            failures.append(f"{path}: styles from {styles}")
        allowed = {"'self'", "'none'"} | (SWAGGER_EXTRAS if key in INLINE_STYLE_PAGES else set())
        if others := {src for sources in csp.values() for src in sources} - allowed:
            failures.append(f"{path}: sources other than this site: {sorted(others)}")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html_pages += 1
        scanner = AssetScanner()
        scanner.feed(response.content.decode())
        failures += [f"{path}: {problem}" for problem in scanner.problems]
        failures += [f"{path}: loads {a}" for a in scanner.assets if not is_own(a)]
    assert not failures, "\n".join(failures)
    assert html_pages > 100  # every language of every public page, the staff pages, the admin


# --- production settings ------------------------------------------------------------------------


def production_settings(rpl_env: dict[str, str], **extra: str) -> dict[str, Any]:
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "SILENCED_SYSTEM_CHECKS",
    ]
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = run([sys.executable, "-c", script], {**rpl_env, **PRODUCTION_ENV, **extra})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_make_the_site_https_only_with_secure_cookies(rpl_env):
    loaded = production_settings(rpl_env)
    assert loaded["DEBUG"] is False
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["SESSION_COOKIE_HTTPONLY"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert (loaded["X_FRAME_OPTIONS"], loaded["SECURE_REFERRER_POLICY"]) == ("DENY", "same-origin")
    # Preloading is opt-in, and only then is Django's reminder about it heard again.
    assert (loaded["SECURE_HSTS_PRELOAD"], loaded["SILENCED_SYSTEM_CHECKS"]) == (
        False,
        ["security.W021"],
    )
    preloaded = production_settings(rpl_env, RPL_HSTS_PRELOAD="1", RPL_HSTS_SECONDS="63072000")
    assert preloaded["SECURE_HSTS_PRELOAD"] is True
    assert preloaded["SECURE_HSTS_SECONDS"] == 63072000
    assert preloaded["SILENCED_SYSTEM_CHECKS"] == []
    assert production_settings(rpl_env, RPL_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"] is False


def test_local_mode_stays_plain_http_without_hsts():
    assert config.hsts_seconds({}) == 0
    assert config.ssl_redirect({}) is False
    assert config.hsts_seconds({"RPL_PRODUCTION": "1", "RPL_HSTS_SECONDS": "0"}) == 0
    with pytest.raises(ValueError, match="RPL_HSTS_SECONDS"):
        config.hsts_seconds({"RPL_PRODUCTION": "1", "RPL_HSTS_SECONDS": "a year"})


def test_djangos_deployment_check_finds_nothing_in_production_settings(rpl_env, tmp_path):
    from tests.web.site.test_clinic_identity import completed_notice

    clinic = {
        "RPL_EMERGENCY_NUMBER": "115",
        "RPL_PRIVACY_NOTICE": str(completed_notice(tmp_path, "vn-decree-13-2023")),
    }
    result = run(
        [str(Path(sys.executable).with_name("django-admin")), "check", "--deploy"],
        {**rpl_env, **PRODUCTION_ENV, **clinic},
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_in_production_responses_carry_hsts_and_the_cookies_are_secure(
    settings, rpl_env, make_staff
):
    for name, value in production_settings(rpl_env).items():
        if name not in ("DEBUG", "SILENCED_SYSTEM_CHECKS"):
            setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["rpl.example.org"]
    client = Client(HTTP_HOST="rpl.example.org")
    plain = client.get("/en/book/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://rpl.example.org/en/book/"
    page = client.get("/en/book/", secure=True)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    csrf_cookie = page.cookies["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["samesite"] == "Lax"
    make_staff("nurse", "clinician")
    signed_in = client.post(
        "/staff/login/",
        {"username": "nurse", "password": "a-long-test-password"},
        secure=True,
    )
    assert signed_in.status_code == 302
    session_cookie = signed_in.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


# --- the secret key ---------------------------------------------------------------------------


PLACEHOLDER_KEYS = [
    "django-insecure-" + "x1y2z3" * 10,  # what `startproject` writes
    "change-me-" + "a1b2c3d4e5" * 5,
    "ab" * 30,  # long but hardly random
    "short-key",
]


@pytest.mark.parametrize(
    "key", PLACEHOLDER_KEYS, ids=["django-insecure", "change-me", "ab", "short"]
)
def test_settings_refuse_to_start_with_debug_off_and_a_placeholder_secret_key(rpl_env, key):
    for extra in ({}, PRODUCTION_ENV):
        env = {**rpl_env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings", **extra, "SECRET_KEY": key}
        result = run([sys.executable, "-c", "import django; django.setup()"], env)
        assert result.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY" in result.stderr
        assert key not in result.stderr  # the key is never printed


def test_a_placeholder_secret_key_is_tolerated_only_with_debug_on():
    key = PLACEHOLDER_KEYS[0]
    assert config.secret_key_problems({"SECRET_KEY": key, "DEBUG": "1"}) == []
    assert config.secret_key_problems({"SECRET_KEY": key}) != []
    assert config.production_problems({"SECRET_KEY": key, "DEBUG": "1", "ALLOWED_HOSTS": "a"})
    assert config.secret_key_problems({"SECRET_KEY": GOOD_KEY}) == []


def test_without_a_secret_key_production_refuses_and_local_mode_makes_a_random_one(rpl_env):
    env = {**rpl_env, **PRODUCTION_ENV, "SECRET_KEY": ""}
    refused = run([sys.executable, "-c", "import django; django.setup()"], env)
    assert "ImproperlyConfigured: SECRET_KEY is not set" in refused.stderr
    script = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    local = run(
        [sys.executable, "-c", script], {**rpl_env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"}
    )
    assert local.returncode == 0, local.stderr
    assert config.secret_key_problem(local.stdout.strip()) is None


def test_rpl_serve_refuses_a_placeholder_key_in_local_mode_too(run_rpl, rpl_env):
    result = run_rpl("serve", env={**rpl_env, "SECRET_KEY": PLACEHOLDER_KEYS[0]})
    assert result.returncode == 1
    assert "refused to start: SECRET_KEY is a placeholder" in result.stderr


# --- CSRF ---------------------------------------------------------------------------------------

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def test_every_post_form_in_the_templates_carries_a_csrf_token():
    templates = sorted(WEB.glob("**/templates/**/*.html"))
    forms = 0
    missing = []
    for template in templates:
        for form in FORM.findall(template.read_text(encoding="utf-8")):
            opening = form[: form.index(">") + 1]
            if not re.search(r"method=\"?post", opening, re.I):
                continue
            forms += 1
            if "{% csrf_token %}" not in form:
                missing.append(f"{template.relative_to(WEB)}: {opening}")
    assert not missing, "POST forms without {% csrf_token %}:\n" + "\n".join(missing)
    assert forms >= 15


# Token-authenticated machine interfaces: no cookie authenticates them, so no CSRF token either.
CSRF_EXEMPT_PREFIXES = ("api/v1/", "cds-services", "fhir/")


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
def test_every_url_refuses_a_form_sent_without_the_csrf_token(caller, world):
    """A POST with the session cookie but no CSRF token is refused (403) by every URL but the
    token-authenticated API, CDS Hooks and FHIR face, whatever the caller may otherwise do there."""
    client = world.client(caller, enforce_csrf_checks=True)
    failures = []
    exempt = []
    for spec in all_urls():
        callback = spec.callback
        if getattr(callback, "csrf_exempt", False):
            exempt.append(spec.route)
            continue
        path = paths(spec, world)[0]
        response = client.post(path, {"text": "anything"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            failures.append(f"POST {path}: {response.status_code}")
    assert not failures, f"as {caller}:\n" + "\n".join(failures)
    assert exempt and all(route.startswith(CSRF_EXEMPT_PREFIXES) for route in exempt), exempt


# --- the admin never shows an authenticator's secret --------------------------------------------


@pytest.mark.django_db
def test_an_admin_can_remove_an_authenticator_but_never_read_its_secret(world):
    client = world.client("admin")
    device = world.device
    change = client.get(f"/staff/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    assert client.get(f"/staff/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get(f"/staff/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403
    deleted = client.post(f"/staff/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not type(device).objects.filter(pk=device.pk).exists()
