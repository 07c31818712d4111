"""The README's command-line reference is what ``--help`` says (``python -m reportparse.clidoc --write README.md``)."""

from __future__ import annotations

from pathlib import Path

from reportparse.clidoc import BEGIN, END, main, reference, replace_block

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_reference_is_generated_from_help():
    text = README.read_text(encoding="utf-8")
    assert replace_block(text, reference()) == text, (
        "README.md's CLI reference is stale: run python -m reportparse.clidoc --write README.md")


def test_every_command_is_in_the_reference_and_check_fails_on_drift(tmp_path):
    block = reference()
    for command in ("parse", "explain", "debug", "batch"):
        assert f"### `reportparse {command}`" in block
    stale = tmp_path / "README.md"
    stale.write_text(f"# x\n\n{BEGIN}\nold help\n{END}\n", encoding="utf-8")
    assert main(["--check", str(stale)]) == 1
    assert main(["--write", str(stale)]) == 0
    assert main(["--check", str(stale)]) == 0
