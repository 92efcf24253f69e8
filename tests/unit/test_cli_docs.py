"""Every command explains itself: help text with an example, and a place in the README."""
import pytest
import typer

from newsflow.flows.cli import app
from tests.conftest import ROOT

COMMANDS = {command.name or command.callback.__name__: command for command in app.registered_commands}


def test_the_commands_we_document_are_the_commands_we_have():
    assert set(COMMANDS) == {"run", "query", "serve", "eval", "views", "report"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_help_has_an_example(name):
    command = typer.main.get_command(app).commands[name]
    assert command.help and f"Example: newsflow {name}" in command.help


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_in_the_readme(name):
    assert f"newsflow {name}" in (ROOT / "README.md").read_text(encoding="utf-8")
