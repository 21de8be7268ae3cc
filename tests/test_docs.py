"""The docs must stay true: the quickstart is the two commands CI runs, profiles are documented."""

import re
from pathlib import Path

from rpl.core.profiles import Definition, load_profiles

ROOT = Path(__file__).resolve().parent.parent


def quickstart_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quickstart", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def test_the_readme_quickstart_is_exactly_the_run_and_test_commands():
    assert quickstart_commands() == ["make run", "make test"]


def test_ci_runs_exactly_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^exec make test$", ci, re.M)


def test_every_definition_setting_and_shipped_profile_is_documented():
    guide = (ROOT / "docs" / "profiles.md").read_text()
    for setting in Definition.model_fields:
        assert f"`{setting}`" in guide, setting
    for profile_id in load_profiles():
        assert f"`{profile_id}`" in guide, profile_id


def test_the_glossary_defines_the_terms_the_classification_outputs():
    glossary = (ROOT / "GLOSSARY.md").read_text()
    for term in ["Consecutive losses", "Care level", "Undecided pregnancy", "Evidence status"]:
        assert f"**{term}**" in glossary


# How the code reads an environment variable: `_env.get("RPL_X"`, `os.environ["RPL_X"]`,
# `os.getenv("RPL_X"`, or a settings helper `config.flag(_env, "RPL_X"`.
ENV_READ = re.compile(
    r"""(?:environ(?:\.get)?[\[(]|getenv\(|_env(?:\.get)?[\[(]|\(_env,\s*)\s*["'](RPL_[A-Z0-9_]+)["']"""
)


def test_every_rpl_setting_the_code_reads_is_documented_in_the_deployment_guide():
    read = set()
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "scripts").glob("*")]:
        if path.is_file():
            read |= set(ENV_READ.findall(path.read_text(errors="ignore")))
    assert len(read) > 20, read  # the pattern still finds the settings
    guide = (ROOT / "docs" / "deployment.md").read_text()
    undocumented = sorted(name for name in read if f"`{name}`" not in guide)
    assert not undocumented, f"add to docs/deployment.md: {undocumented}"
