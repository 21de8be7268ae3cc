"""Second factor (TOTP, django-otp): set up, confirm, verify at sign-in, remove."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator app"


def pending_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use; its key is shown once set up."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_device(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator with a code from it; signs this session in as verified."""
    if not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def verify_second_factor(request: HttpRequest, token: str) -> bool:
    """Check a code against the user's confirmed authenticators; marks the session verified."""
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token.strip()):
            otp_login(request, device)
            return True
    return False


def has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remove_devices(user: Any) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted
