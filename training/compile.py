"""Compile training/drafts/*.jsonl into training/corpus/ and check the result.

The same as `eventwire corpus compile`; kept here so that annotators find it beside the
drafts. Usage: python training/compile.py [DRAFT.jsonl ...]
"""

import sys

from eventwire.evaluate.cli import corpus_command

if __name__ == "__main__":
    corpus_command(["compile", *sys.argv[1:]], prog_name="training/compile.py")
