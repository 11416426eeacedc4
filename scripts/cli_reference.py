"""Regenerate the README's CLI reference from the commands' own --help.

    python scripts/cli_reference.py --write README.md   # rewrite the section in place
    python scripts/cli_reference.py --check README.md   # exit 1 if it is out of date

The section sits between the markers below; tests/test_docs.py runs --check's logic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from click.testing import CliRunner

from eventwire.cli import cli

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def reference() -> str:
    runner = CliRunner()
    parts = [
        START,
        "",
        "```",
        runner.invoke(cli, ["--help"], prog_name="eventwire", terminal_width=100).output.rstrip(),
        "```",
    ]
    for name in sorted(cli.commands):
        result = runner.invoke(cli, [name, "--help"], prog_name="eventwire", terminal_width=100)
        parts += ["", f"### eventwire {name}", "", "```", result.output.rstrip(), "```"]
    parts += ["", END]
    return "\n".join(parts)


def rewrite(readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return head + reference() + tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="README")
    group.add_argument("--check", metavar="README")
    args = parser.parse_args()
    path = Path(args.write or args.check)
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"{path}: no {START} ... {END} section", file=sys.stderr)
        return 1
    new = rewrite(text)
    if args.write:
        path.write_text(new, encoding="utf-8")
        return 0
    if new != text:
        print(f"{path}: CLI reference is out of date; run `make docs`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
