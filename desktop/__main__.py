"""``python -m desktop`` runs the ``scorebook`` command."""

import sys

from desktop.cli.main import main

sys.exit(main())
