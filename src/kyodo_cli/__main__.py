import sys

from kyodo_cli.cli.app import main

sys.exit(main())
