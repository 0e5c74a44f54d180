"""`python -m dashboard ...`: the command line of dashboard/cli.py."""

from dashboard.cli import main

raise SystemExit(main())
