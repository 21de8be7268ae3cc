"""The access matrix: every URL of the site, generated from the URL configuration, requested by
each kind of caller (anonymous, private-link holder, receptionist, clinician, admin) and checked
against the table in access.yaml."""

from __future__ import annotations

import pytest

from tests.web.security.access import (
    REFUSALS,
    outcome_of,
    query_for,
    request,
    table,
)
from tests.web.security.conftest import CALLERS
from tests.web.security.urlmap import all_urls, paths

pytestmark = pytest.mark.django_db
# The two sign-in pages are the only staff URLs a visitor may open.
SIGN_IN_PAGES = {"accounts:login", "admin:login"}


def test_the_access_table_has_an_entry_for_every_url_and_none_for_urls_that_are_gone():
    keys = {spec.key for spec in all_urls()}
    missing = sorted(keys - set(table()))
    assert not missing, (
        "URLs without an entry in tests/web/security/access.yaml (say who may open them): "
        + ", ".join(missing)
    )
    gone = sorted(set(table()) - keys)
    assert not gone, "access.yaml lists URLs that no longer exist: " + ", ".join(gone)


@pytest.mark.parametrize("caller", CALLERS)
def test_every_url_answers_each_caller_as_the_access_table_says(caller, world):
    client = world.client(caller)
    failures = []
    for spec in all_urls():
        expectation = table()[spec.key]
        expected = expectation.outcomes[caller]
        for path in paths(spec, world):
            response = request(
                client, expectation.method, spec, path, query_for(spec, caller, world)
            )
            if (got := outcome_of(response)) != expected:
                failures.append(f"{expectation.method} {path}: expected {expected}, got {got}")
    assert not failures, f"as {caller}:\n" + "\n".join(failures)


@pytest.mark.parametrize("caller", CALLERS)
def test_a_caller_kept_out_of_a_url_is_kept_out_whatever_the_method(caller, world):
    """Sending a form (POST), PUT or DELETE to a URL the caller may not read is refused too,
    before anything is changed."""
    client = world.client(caller)
    # The API serves several operations on one route (GET /calc/{name} describes, POST runs):
    # each method belongs to its own table entry.
    claimed: dict[str, set[str]] = {}
    for spec in all_urls():
        claimed.setdefault(spec.route, set()).add(table()[spec.key].method)
    failures = []
    for spec in all_urls():
        expectation = table()[spec.key]
        if expectation.outcomes[caller] not in REFUSALS:
            continue
        for method in {"GET", "POST", "PUT", "DELETE"} - claimed[spec.route]:
            for path in paths(spec, world)[:1]:
                response = request(client, method, spec, path, query_for(spec, caller, world))
                if (got := outcome_of(response)) not in REFUSALS | {"method"}:
                    failures.append(f"{method} {path}: got {got}")
    assert not failures, f"as {caller}:\n" + "\n".join(failures)
    from rpl.web.records.models import CoupleRecord

    assert CoupleRecord.objects.filter(local_id=world.record.local_id).exists()


@pytest.mark.parametrize("caller", ["anonymous", "link_holder"])
def test_no_staff_url_answers_a_visitor_with_a_page(caller, world):
    """Independent of the table: a visitor gets a redirect or a refusal from every staff URL
    but the two sign-in pages, never a 2xx, and no booking or question text."""
    client = world.client(caller)
    secrets_on_file = [world.booking.name, world.booking.phone, world.question.text]
    failures = []
    for spec in all_urls():
        if not spec.is_staff or spec.key in SIGN_IN_PAGES:
            continue
        for method in ("GET", "POST"):
            path = paths(spec, world)[0]
            response = request(client, method, spec, path, {})
            body = response.content.decode("utf-8", "replace")
            if response.status_code < 300 or any(s in body for s in secrets_on_file):
                failures.append(f"{method} {path}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_patient_data_reaches_a_visitor_only_through_their_own_private_link(world):
    """Every URL as anonymous and as the link holder: the booking's name and phone never show;
    the question's text shows on one page only, the holder's answer page."""
    shown_to = []
    for caller in ("anonymous", "link_holder"):
        client = world.client(caller)
        for spec in all_urls():
            expectation = table()[spec.key]
            for path in paths(spec, world):
                response = request(
                    client, expectation.method, spec, path, query_for(spec, caller, world)
                )
                body = response.content.decode("utf-8", "replace")
                assert world.booking.name not in body, path
                assert world.booking.phone not in body, path
                if world.question.text in body:
                    shown_to.append((caller, spec.key))
    assert set(shown_to) == {("link_holder", "questions:answer")}
