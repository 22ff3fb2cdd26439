"""The partner commands have help with an example, and docs/partners.md shows each."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "partners.md"
PARTNER_COMMANDS = ["serve", "push", "link"]


@pytest.mark.parametrize("command", PARTNER_COMMANDS)
def test_partner_command_help_and_docs(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output
    assert f"kg {command}" in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "query", "validate", "export", "link"])
def test_store_commands_take_an_endpoint(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    for option in ("--endpoint", "--update-endpoint", "--user", "--password", "--union"):
        assert option in result.output, (command, option)
