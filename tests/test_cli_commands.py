"""The CLI imports only the module of the command it runs: its table of commands (app.cli.COMMANDS) must say
what the command modules really register, and running a command must not import the others."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from app import cli
from tests.conftest import REPO


def _registered(module_name: str) -> list[tuple[str, str | None]]:
    """(command, help) as the module registers them, in its order."""
    sub = argparse.ArgumentParser().add_subparsers()
    cli.command_module(module_name).register(sub)
    helps = {action.dest: action.help for action in sub._choices_actions}
    return [(name, helps.get(name)) for name in sub.choices]


def test_the_table_lists_every_registered_command_with_its_help_in_order():
    listed = [(name, help_text) for name, (_, help_text) in cli.COMMANDS.items()]
    registered = [entry for module in cli.COMMAND_MODULES for entry in _registered(module)]
    assert listed == registered


def test_each_modules_commands_are_listed_together():
    modules = [module for module, _ in cli.COMMANDS.values()]
    runs = [m for i, m in enumerate(modules) if i == 0 or modules[i - 1] != m]
    assert len(runs) == len(set(runs)) == len(cli.COMMAND_MODULES)


def test_the_bundle_spec_names_every_command_module():
    """They are imported by name, which PyInstaller's analysis cannot follow."""
    spec = (REPO / "build_installer.spec").read_text(encoding="utf-8")
    missing = [m for m in cli.COMMAND_MODULES if f'"app.commands.{m}"' not in spec]
    assert missing == []


@pytest.mark.parametrize("command", ["projects", "progress", "export-xlsx"])
def test_a_command_imports_its_own_module_only(command):
    """Checked in a fresh interpreter: `--help` of one command builds its real parser and no other."""
    probe = (
        "import json, sys\n"
        "from app import cli\n"
        f"try:\n    cli.main([{command!r}, '--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('app.commands.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    module = cli.COMMANDS[command][0]
    imported = json.loads(result.stdout.strip().splitlines()[-1])
    assert f"app.commands.{module}" in imported
    assert set(imported) <= {f"app.commands.{module}", "app.commands.common"}


def test_projects_json_does_not_import_openpyxl_or_the_services(db_path):
    probe = (
        "import sys\n"
        "from app import cli\n"
        f"code = cli.main(['--db', {str(db_path)!r}, 'projects', '--json'])\n"
        "heavy = ['openpyxl', 'reportlab', 'numpy', 'alembic', 'app.core.status', 'app.core.portfolio']\n"
        "print(code, [m for m in heavy if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip().splitlines()[-1] == "0 []"


def test_help_and_version_need_no_command_module(capsys):
    with pytest.raises(SystemExit) as ended:
        cli.main(["--help"])
    assert ended.value.code == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in cli.COMMANDS)
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out.startswith("python -m app.cli ")
