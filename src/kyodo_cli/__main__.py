import sys

from kyodo_cli.cli.entry import main

sys.exit(main())
