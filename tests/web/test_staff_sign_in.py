"""Staff sign in and out, with the demo users."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from rpl.web import demo

pytestmark = pytest.mark.django_db


def test_login_page_renders_a_labelled_form(client):
    response = client.get("/staff/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<label for="id_username">Username</label>' in page
    assert '<label for="id_password">Password</label>' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'autocomplete="current-password"' in page


def test_demo_clinician_can_sign_in_and_sees_the_staff_area(client, demo_data_dir):
    call_command("load_demo_data", verbosity=0)
    password = demo.read_credentials()["clinician"]
    response = client.post("/staff/login/", {"username": "clinician", "password": password})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    page = client.get("/staff/").content.decode()
    assert "You are signed in as clinician." in page
    assert '<span class="role">clinician</span>' in page
    assert "The clinic holds 4 couple records." in page


def test_staff_area_sends_visitors_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=/staff/"


def test_a_wrong_password_is_refused(client, demo_data_dir):
    call_command("load_demo_data", verbosity=0)
    response = client.post("/staff/login/", {"username": "clinician", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_takes_a_post_and_returns_to_the_home_page(client, demo_data_dir):
    call_command("load_demo_data", verbosity=0)
    client.login(username="receptionist", password=demo.read_credentials()["receptionist"])
    assert client.get("/staff/logout/").status_code == 405
    response = client.post("/staff/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"  # the home page, in the visitor's language
    assert client.get("/staff/").status_code == 302
