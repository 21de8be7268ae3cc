from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from rpl.web.accounts import services
from rpl.web.accounts.access import needs_second_factor, requires
from rpl.web.accounts.roles import ROLE_NAMES, roles_of
from rpl.web.clinic import selectors as clinic_selectors


@requires("staff_area")
def staff_home(request: HttpRequest) -> HttpResponse:
    """Where staff land after signing in. Shows counts only, never record contents."""
    context = {
        "roles": [ROLE_NAMES[role] for role in roles_of(request.user)],
        "counts": clinic_selectors.workspace_counts(request.user),
        "has_second_factor": services.has_confirmed_device(request.user),
    }
    return render(request, "accounts/staff_home.html", context)


def _safe_next(request: HttpRequest, default: str = "accounts:staff-home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of signing in for staff who set up an authenticator app."""
    if not needs_second_factor(request):
        return redirect(_safe_next(request))
    error = ""
    if request.method == "POST":
        if services.verify_second_factor(request, request.POST.get("token", "")):
            return redirect(_safe_next(request))
        error = _("That code is not right. Codes change every 30 seconds; try the newest one.")
    return render(
        request, "accounts/verify.html", {"error": error, "next": _safe_next(request, "")}
    )


@requires("staff_area")
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up (or remove) an authenticator app as a second sign-in step."""
    error = ""
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.remove_devices(request.user)
        return redirect("accounts:two-factor")
    device = None
    if not services.has_confirmed_device(request.user):
        device = services.pending_device(request.user)
        if request.method == "POST":
            if services.confirm_device(request, device, request.POST.get("token", "")):
                return redirect("accounts:two-factor")
            error = _("That code is not right. Check the phone's clock and try the newest code.")
    context = {
        "device": device,
        "enabled": device is None,
        "error": error,
        "secret": _base32_key(device) if device is not None else "",
        "qr_code": totp_qr_svg(device.config_url) if device is not None else "",
    }
    return render(request, "accounts/two_factor.html", context)


def totp_qr_svg(config_url: str) -> SafeString:
    """The authenticator's otpauth:// address as a QR code, an SVG inline in the page: the
    site's Content-Security-Policy allows images from this site only (no data: URIs), and an
    inline <svg> element is part of the page, not a fetched image. Drawn with segno (pure
    Python, no image library); nothing leaves the server."""
    import segno

    svg = segno.make(config_url, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", title=_("QR code"), svgclass="totp-qr"
    )
    # Named for screen readers; the key is also written out below it for typing.
    label = escape(_("QR code for your authenticator app"))
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return mark_safe(labelled)  # noqa: S308  # segno's own markup of our own URL


def _base32_key(device: services.TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def oidc_failed(request: HttpRequest) -> HttpResponse:
    """Back from the identity provider without a sign-in (refused there, no staff role, or a
    check failed): the sign-in page again, saying so."""
    from django.contrib.auth.forms import AuthenticationForm

    context = {"form": AuthenticationForm(request), "oidc_failed": True}
    return render(request, "accounts/login.html", context, status=403)
