"""Couple-record CRUD through the API, for clients holding the records scopes."""

from __future__ import annotations

from rpl.web.records.models import CoupleRecord
from tests.web.api.conftest import example


def test_a_record_is_created_read_listed_replaced_assessed_and_deleted(api):
    record = example("secondary-rpl-unexplained")
    created = api.send("post", "/records", record)
    assert created.status_code == 201
    record_id = created.json()["id"]
    assert record_id == record["id"]

    assert api.get(f"/records/{record_id}").json()["pregnancies"] == record["pregnancies"]
    assert [r["id"] for r in api.get("/records").json()["records"]] == [record_id]

    record["woman"]["smoking"] = "former"
    assert api.send("put", f"/records/{record_id}", record).status_code == 200
    assert CoupleRecord.objects.get(local_id=record_id).document["woman"]["smoking"] == "former"

    assessment = api.get(f"/records/{record_id}/assessment", profile="rcog-2023")
    assert assessment.json()["profile"]["id"] == "rcog-2023"

    assert api.delete(f"/records/{record_id}").status_code == 204
    assert api.get(f"/records/{record_id}").status_code == 404
    assert not CoupleRecord.objects.exists()


def test_an_invalid_record_is_not_stored(api):
    record = example("secondary-rpl-unexplained")
    record["pregnancies"][0]["gestational_age"] = "50+0"
    response = api.send("post", "/records", record)
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "pregnancies[0].gestational_age"
    assert not CoupleRecord.objects.exists()


def test_a_second_record_with_the_same_id_is_a_conflict_and_changes_nothing(api):
    record = example("secondary-rpl-unexplained")
    api.send("post", "/records", record)
    changed = {**record, "woman": {**record["woman"], "smoking": "current"}}
    assert api.send("post", "/records", changed).status_code == 409
    assert CoupleRecord.objects.get().document["woman"] == record["woman"]


def test_a_replacement_must_keep_the_id_of_the_url(api):
    record = example("secondary-rpl-unexplained")
    api.send("post", "/records", record)
    response = api.send("put", f"/records/{record['id']}", {**record, "id": "another-id"})
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"path": "id", "message": "must equal the id in the URL"}
    ]


def test_a_record_whose_id_cannot_be_an_address_is_refused(api):
    record = {**example("secondary-rpl-unexplained"), "id": "Couple 7/B"}
    response = api.send("post", "/records", record)
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "id"
    assert "Couple 7/B" not in response.content.decode()


def test_the_list_is_paged_by_offset_and_limit(api):
    for number in range(3):
        api.send(
            "post", "/records", {**example("secondary-rpl-unexplained"), "id": f"couple-{number}"}
        )
    page = api.get("/records", offset=1, limit=1).json()
    assert page["count"] == 3
    assert [r["id"] for r in page["records"]] == ["couple-1"]


def test_an_offset_past_any_database_integer_gives_an_empty_page_not_a_server_error(api):
    api.send("post", "/records", example("secondary-rpl-unexplained"))
    response = api.get("/records", offset=46397782311494558562512111642083328, limit=-2727)
    assert response.status_code == 200
    assert response.json() == {"count": 1, "records": []}


def test_a_stored_record_is_served_as_a_fhir_bundle(api):
    record = example("secondary-rpl-unexplained")
    api.send("post", "/records", record)
    bundle = api.get(f"/records/{record['id']}/fhir", profile="rcog-2023").json()
    assert bundle["resourceType"] == "Bundle"
    assert bundle["identifier"]["value"] == record["id"]
