"""Staff sign-in through the hospital's identity provider (OpenID Connect).

mozilla-django-oidc does the protocol (authorization code with PKCE, state and nonce, the token
request, the ID token's signature against the provider's keys, the userinfo request). Here: who
the person is (the provider's `sub`, linked once to one staff account), and what they may do
(the provider's groups mapped to our roles, RPL_OIDC_ROLE_GROUPS, on every sign-in). Someone
whose groups map to no role is refused. Local passwords (with TOTP) keep working beside it.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from rpl.web.accounts.models import ExternalIdentity
from rpl.web.accounts.roles import ROLES, ensure_role_groups

logger = logging.getLogger("rpl.web.oidc")


def roles_from_claims(claims: dict[str, Any]) -> list[str]:
    """Our roles for the provider's groups (RPL_OIDC_ROLE_GROUPS), in the order of ROLES."""
    groups = claims.get(settings.RPL_OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    held = {str(group) for group in groups}
    mapping: dict[str, list[str]] = settings.RPL_OIDC_ROLE_GROUPS
    return [role for role in ROLES if held & set(mapping.get(role, []))]


class HospitalOIDCBackend(OIDCAuthenticationBackend):
    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return "a provider account"  # logged by the library: no name, no address

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not claims.get("sub"):
            raise SuspiciousOperation("the provider sent no subject (sub)")
        if not roles_from_claims(claims):
            raise SuspiciousOperation("none of the provider's groups maps to a staff role")
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(
            external_identity__issuer=settings.RPL_OIDC_ISSUER,
            external_identity__subject=str(claims["sub"]),
        )

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> Any:
        user = self.UserModel.objects.create_user(self._free_username(claims))
        user.set_unusable_password()  # signs in through the provider only
        user.save(update_fields=["password"])
        ExternalIdentity.objects.create(
            user=user, issuer=settings.RPL_OIDC_ISSUER, subject=str(claims["sub"])
        )
        return self.update_user(user, claims)

    def _free_username(self, claims: dict[str, Any]) -> str:
        wanted = str(claims.get("preferred_username") or claims["sub"])[:100]
        if not self.UserModel.objects.filter(username=wanted).exists():
            return wanted
        # Taken by another account (a local one, say): never share it.
        suffix = hashlib.sha256(f"{settings.RPL_OIDC_ISSUER}|{claims['sub']}".encode())
        return f"{wanted}-{suffix.hexdigest()[:8]}"

    @transaction.atomic
    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        """Names and e-mail from the provider; roles set to exactly those its groups map to."""
        user.first_name = str(claims.get("given_name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        user.email = str(claims.get("email") or "")[:254]
        user.save(update_fields=["first_name", "last_name", "email"])
        roles = roles_from_claims(claims)
        # A deleted role group would sign the person in with no role: the groups are ours to keep.
        ensure_role_groups(Group)
        role_groups = Group.objects.filter(name__in=ROLES)
        user.groups.remove(*role_groups.exclude(name__in=roles))
        user.groups.add(*role_groups.filter(name__in=roles))
        user._rpl_roles = None  # the cached roles are stale now
        ExternalIdentity.objects.filter(user=user).update(last_sign_in=timezone.now())
        return user


def _enabled() -> None:
    if not settings.RPL_OIDC_ENABLED:
        raise Http404("no identity provider is configured")


def start(request: HttpRequest) -> HttpResponse:
    """To the provider's sign-in page (404 when none is configured)."""
    _enabled()
    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)
    return response


def callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: signed in, or to the sign-in page with a failure note."""
    _enabled()
    response: HttpResponse = OIDCAuthenticationCallbackView.as_view()(request)
    return response
