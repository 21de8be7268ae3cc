"""The reliability tests use the web tests' throwaway PostgreSQL database fixture."""

from tests.web.conftest import postgres_url  # noqa: F401  # a fixture, used by name
