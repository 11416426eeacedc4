"""``python -m eventwire.evaluate ...``: the ``eventwire eval`` commands without the main CLI."""

from eventwire.evaluate.cli import eval_command

eval_command(prog_name="python -m eventwire.evaluate")
