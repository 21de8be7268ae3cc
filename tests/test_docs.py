"""The docs must stay true: the quickstart is the two commands CI runs, profiles are documented."""

import re
import shlex
from pathlib import Path

import click

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


# The documents a user follows: links, paths and `rpl` commands in them must be real.
DOCUMENTS = sorted(
    [
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        ROOT / "GLOSSARY.md",
        ROOT / "benchmarks" / "README.md",
        *(ROOT / "docs").rglob("*.md"),
    ]
)


def heading_anchors(document: Path) -> set[str]:
    """The anchors GitHub gives a document's headings (lower case, punctuation dropped)."""
    anchors = set()
    for line in document.read_text().splitlines():
        if heading := re.match(r"#{1,6}\s+(.*)", line):
            text = heading.group(1).strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return anchors


def test_every_link_between_the_documents_leads_to_a_file_and_heading_that_exist():
    broken = []
    for document in DOCUMENTS:
        for target in re.findall(r"\]\(([^)\s]+)\)", document.read_text()):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            linked = (document.parent / path) if path else document
            if not linked.exists():
                broken.append(f"{document.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked):
                broken.append(f"{document.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


REPOSITORY_FOLDERS = (
    "src/",
    "tests/",
    "scripts/",
    "docs/",
    "benchmarks/",
    "tools/",
    ".ci/",
    "rpl/",
)


def test_every_repository_path_the_documents_name_exists():
    missing = []
    for document in DOCUMENTS:
        for quoted in re.findall(r"`([^`\s]+)`", document.read_text()):
            path = quoted.rstrip(".,:;").split("::")[0]
            if not path.startswith(REPOSITORY_FOLDERS):
                continue
            # `pages/<slug>.yaml`, `locale/{vi,tr}/`, `*.yaml`: some file must match the pattern.
            if path.startswith("rpl/"):  # the package, as its own messages name it
                path = f"src/{path}"
            pattern = re.sub(r"<[^>]+>|\{[^}]+\}", "*", path)
            if not (ROOT / path).exists() and not list(ROOT.glob(pattern.rstrip("/"))):
                missing.append(f"{document.relative_to(ROOT)}: {quoted}")
    assert not missing, "\n".join(missing)


def documented_rpl_commands() -> list[tuple[str, list[str]]]:
    """Each `rpl ...` command line of the documents' shell blocks and inline code, as arguments
    (cut at the first pipe or redirection)."""
    commands = []
    for document in DOCUMENTS:
        text = document.read_text()
        lines = []
        for block in re.findall(r"```(?:sh|bash|console|shell)?\n(.*?)```", text, re.S):
            lines += block.replace("\\\n", " ").splitlines()
        lines += re.findall(r"`([^`\n]*\brpl [a-z][^`\n]*)`", text)
        for line in lines:
            command = re.search(r"(?:^|[\s;|&(])(?:\.venv/bin/|\$\(BIN\)/)?rpl (.*)", line)
            if not command:
                continue
            words = []
            for word in shlex.split(command.group(1).split(" #")[0]):
                if word in ("|", "&&", ";", "<") or word.startswith(">") or word == "2>&1":
                    break
                words.append(word)
            commands.append((f"{document.relative_to(ROOT)}: rpl {' '.join(words)}", words))
    return commands


def test_every_rpl_command_in_the_documents_is_a_real_command_with_real_options():
    from rpl.cli.main import main

    commands = documented_rpl_commands()
    assert len(commands) > 50, len(commands)  # the pattern still finds them
    wrong = []
    for where, words in commands:
        command: click.Command = main
        position = 0
        known = True
        while isinstance(command, click.Group) and position < len(words):
            if words[position].startswith("-"):
                break
            sub = command.get_command(click.Context(command), words[position])
            if sub is None:
                wrong.append(f"{where}: no command {words[position]!r}")
                known = False
                break
            command, position = sub, position + 1
        if not known:
            continue
        options = {"--help", "-h"}
        for parameter in command.params:
            options |= {*parameter.opts, *parameter.secondary_opts}
        for word in words[position:]:
            if word.startswith("-") and word != "-" and word.split("=")[0] not in options:
                wrong.append(f"{where}: no option {word.split('=')[0]}")
    assert not wrong, "\n".join(wrong)


def every_rpl_command() -> list[tuple[str, click.Command]]:
    from rpl.cli.main import main

    found: list[tuple[str, click.Command]] = []
    waiting: list[tuple[str, click.Command]] = [("rpl", main)]
    while waiting:
        name, command = waiting.pop()
        found.append((name, command))
        if isinstance(command, click.Group):
            context = click.Context(command)
            for sub in command.list_commands(context):
                waiting.append((f"{name} {sub}", command.get_command(context, sub)))
    return found


def test_every_file_the_rpl_commands_help_names_exists():
    missing = []
    named = 0
    for name, command in every_rpl_command():
        # The unwrapped texts: the printed help breaks long words at hyphens.
        texts = [command.help or ""]
        texts += [getattr(parameter, "help", None) or "" for parameter in command.params]
        help_text = "\n".join(texts)
        for path in re.findall(
            r"(?<![\w/.])((?:docs|src|rpl|scripts|tests)/[\w./-]*\w)", help_text
        ):
            if not (ROOT / path).exists() and not (ROOT / "src" / path).exists():
                missing.append(f"{name} --help: {path}")
            named += 1
    assert named > 5, named  # the pattern still finds them
    assert not missing, "\n".join(missing)


def test_rpl_assess_help_names_every_shipped_profile():
    from rpl.cli.assess import COMMAND

    help_text = next(p.help for p in COMMAND.params if p.name == "profile_id")
    for profile_id in load_profiles():
        assert profile_id in help_text, profile_id


def test_every_django_admin_command_in_the_documents_exists():
    from django.core.management import get_commands

    known = set(get_commands())
    named = set()
    for document in DOCUMENTS:
        named |= {
            (document.relative_to(ROOT), name)
            for name in re.findall(r"django-admin ([a-z_]+)", document.read_text())
        }
    assert len(named) > 5, named  # the pattern still finds them
    unknown = sorted(f"{where}: django-admin {name}" for where, name in named if name not in known)
    assert not unknown, "\n".join(unknown)
