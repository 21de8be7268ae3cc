from tests.web.api.conftest import full_token, token_for  # noqa: F401  # fixtures used here
