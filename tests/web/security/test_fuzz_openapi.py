"""Schemathesis reads the OpenAPI document and sends generated requests to every operation,
in process (WSGI, no server): valid ones and ones that break the schema (negative data). None may
end in a server error or an undocumented response, and a request that breaks the schema must be
refused (negative_data_rejection).

Two things are left to other tests: unknown query parameters are ignored by design, so they are
not generated; and the token is always sent (its absence is tests/web/security/test_api_tokens.py).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.security.fuzzing import SENT, fuzz_settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)


@pytest.mark.django_db
@schema.parametrize()
@fuzz_settings(25)
def test_generated_requests_never_cause_a_server_error(case, full_token):
    SENT[f"openapi {case.operation.label}"] += 1
    case.call_and_validate(
        headers={"Authorization": f"Bearer {full_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )
