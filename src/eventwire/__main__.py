"""``python -m eventwire``: the command line (see :mod:`eventwire.cli`)."""

from eventwire.cli import main

main()
