"""Long output in a terminal goes through a pager, as git and man do."""

from __future__ import annotations

import shlex
import shutil
import signal
import subprocess


def page(command: str, text: str) -> bool:
    """Show ``text`` through the pager ``command`` (split as a shell would, but run
    without one); whether it was shown. A pager that cannot be started (the default, less,
    where there is none) leaves the text to be written as usual; quitting it early is no
    error."""
    try:
        argv = shlex.split(command)
    except ValueError:  # unbalanced quotes
        return False
    if not argv or shutil.which(argv[0]) is None:
        return False
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE)
    except OSError:
        signal.signal(signal.SIGINT, interrupt)
        return False
    try:
        assert pager.stdin is not None
        try:
            pager.stdin.write(text.encode("utf-8", "backslashreplace"))
            pager.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # the reader quit before the end
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, interrupt)
    return True
