"""Staff sign in through the hospital's identity provider (OpenID Connect): a real provider in
a second process (django-oauth-toolkit), the real protocol (authorization code with PKCE, a
signed ID token checked against the provider's keys, userinfo), the provider's groups mapped to
our roles. Local passwords keep working beside it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from rpl.web.accounts.models import ExternalIdentity
from rpl.web.accounts.roles import roles_of
from tests.web.oidc.conftest import through_the_provider

pytestmark = [pytest.mark.django_db]


def test_a_doctor_signs_in_through_the_hospital_and_gets_the_clinician_role(
    client, hospital_sign_in
):
    page = client.get("/staff/login/").content.decode()
    assert "Sign in with Demo Hospital" in page
    back = through_the_provider(client, hospital_sign_in, "lan.nguyen")
    assert back.status_code == 302 and back["Location"] == "/staff/"
    user = get_user_model().objects.get(username="lan.nguyen")
    assert (user.first_name, user.last_name) == ("Lan", "Nguyễn")
    assert roles_of(user) == ["clinician"]
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.issuer == hospital_sign_in + "/o" and identity.subject
    assert client.get("/staff/records/").status_code == 200


def test_groups_map_to_roles_on_every_sign_in(client, hospital_sign_in):
    through_the_provider(client, hospital_sign_in, "it.boss")
    boss = get_user_model().objects.get(username="it.boss")
    assert roles_of(boss) == ["clinician", "admin"]
    boss.groups.clear()  # changed by hand here: the provider's groups win at the next sign-in
    client.post("/staff/logout/")
    through_the_provider(client, hospital_sign_in, "it.boss")
    boss = get_user_model().objects.get(username="it.boss")
    assert roles_of(boss) == ["clinician", "admin"]


def test_a_deleted_role_group_is_made_again_so_a_doctor_still_gets_the_clinician_role(
    client, hospital_sign_in
):
    from django.contrib.auth.models import Group

    Group.objects.filter(name="clinician").delete()
    through_the_provider(client, hospital_sign_in, "lan.nguyen")
    assert roles_of(get_user_model().objects.get(username="lan.nguyen")) == ["clinician"]


def test_someone_whose_groups_map_to_no_role_is_refused(client, hospital_sign_in):
    back = through_the_provider(client, hospital_sign_in, "visitor")
    assert back.status_code == 302 and back["Location"] == "/staff/login/provider-refused/"
    refused = client.get(back["Location"])
    assert refused.status_code == 403
    assert "did not let you in here" in refused.content.decode()
    assert not get_user_model().objects.filter(username="visitor").exists()
    assert client.get("/staff/").status_code == 302  # not signed in


def test_a_provider_account_never_takes_over_a_local_account_of_the_same_name(
    client, hospital_sign_in, make_staff
):
    local_admin = make_staff("admin", "admin")
    through_the_provider(client, hospital_sign_in, "admin")
    linked = ExternalIdentity.objects.get().user
    assert linked.pk != local_admin.pk and linked.username.startswith("admin-")
    assert roles_of(linked) == ["receptionist"]
    local_admin.refresh_from_db()
    assert roles_of(local_admin) == ["admin"]


def test_a_tampered_callback_signs_nobody_in(client, hospital_sign_in):
    client.get("/staff/oidc/start/")
    back = client.get("/staff/oidc/callback/", {"code": "made-up", "state": "made-up"})
    assert back.status_code == 400  # a state this browser was never given
    assert client.get("/staff/").status_code == 302


def test_without_a_provider_the_sign_in_page_has_no_button_and_its_addresses_are_gone(client):
    assert "Sign in with" not in client.get("/staff/login/").content.decode()
    assert client.get("/staff/oidc/start/").status_code == 404
    assert client.get("/staff/oidc/callback/").status_code == 404


def test_the_role_mapping_setting_is_read_and_a_wrong_one_refused():
    from rpl.web import config

    raw = "clinician=Doctors|Nurses; receptionist=Front desk ;admin=IT admins"
    assert config.oidc_role_groups({"RPL_OIDC_ROLE_GROUPS": raw}) == {
        "clinician": ["Doctors", "Nurses"],
        "receptionist": ["Front desk"],
        "admin": ["IT admins"],
    }
    with pytest.raises(ValueError, match="RPL_OIDC_ROLE_GROUPS takes role=group"):
        config.oidc_role_groups({"RPL_OIDC_ROLE_GROUPS": "doctor=Doctors"})


def test_a_half_configured_provider_stops_the_settings_in_one_line(tmp_path):
    import sys

    from tests.web.helpers import run

    result = run(
        [sys.executable, "-c", "import django; django.setup()"],
        {
            "DJANGO_SETTINGS_MODULE": "rpl.web.settings",
            "RPL_DATA_DIR": str(tmp_path),
            "RPL_OIDC_CLIENT_ID": "rpl-care",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert result.returncode != 0
    assert "RPL_OIDC_CLIENT_ID is set but not RPL_OIDC_ISSUER" in result.stderr
