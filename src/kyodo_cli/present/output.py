"""Where output goes: the environment a run writes to, and the writer every command uses.

The environment (streams, whether stdout is a terminal, width, colour) is injected, so tests
can simulate a terminal or a pipe. The writer picks rich, plain or JSON output and renders a
view with the matching renderer; rich is imported only when a terminal gets rich output.
"""

import errno
import io
import json
import os
import sys
from collections.abc import Callable
from enum import Enum
from io import TextIOWrapper
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TextIO, TypeVar, cast

from kyodo_cli.errors import StdoutClosed, StdoutUnwritable
from kyodo_cli.escape import one_line

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

V = TypeVar("V", contravariant=True)  # renderers take views

# Boxes and tables need room: in a narrower terminal (or COLUMNS=0) rich would cut text
# off, so plain text goes out instead and the terminal wraps it.
MIN_RICH_WIDTH = 30
# Panels and tables are drawn across the whole width: a terminal claiming millions of
# columns (COLUMNS=10000000) would get hundreds of megabytes of padding. Wider than this,
# lines are no easier to read anyway.
MAX_RICH_WIDTH = 200


class OutputMode(Enum):
    RICH = "rich"
    PLAIN = "plain"
    JSON = "json"


class ColourChoice:
    """--color: auto follows the terminal, NO_COLOR and FORCE_COLOR; always gives coloured
    rich output even into a pipe (for ``less -R``); never gives none. Plain strings, not
    an Enum: creating an Enum class costs every run a noticeable part of its start-up."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"
    ALL = (AUTO, ALWAYS, NEVER)


DEFAULT_PAGER = "less -R -F -X"  # colours through, quit at once if it fits, leave it shown


class Environment(NamedTuple):
    stdout: TextIO
    stderr: TextIO
    stdout_is_terminal: bool
    width: int | None = None  # None: the terminal's own width
    colour: bool = True
    debug: bool = False  # KYODO_DEBUG: let unexpected errors show their traceback
    stdin: TextIO | None = None  # None: closed (<&-), or not given
    force_colour: bool = False  # FORCE_COLOR: colour even where stdout is no terminal
    pager: str = ""  # the command long output in a terminal goes through; "": none
    height: int | None = None  # None: the terminal's own height

    @property
    def stdin_is_terminal(self) -> bool:
        return self.stdin is not None and is_terminal(self.stdin)

    @classmethod
    def from_system(cls) -> "Environment":
        # A stream the shell closed (>&-, 2>&-) is None: writes to stdout then fail with
        # a message, and whatever would go to stderr goes nowhere.
        stdout = _utf8(sys.stdout) if sys.stdout else cast(TextIO, _ClosedStream())
        stderr = _utf8(sys.stderr) if sys.stderr else cast(TextIO, _NullStream())
        no_colour = bool(os.environ.get("NO_COLOR"))
        return cls(
            stdout=stdout,
            stderr=stderr,
            stdout_is_terminal=is_terminal(stdout),
            colour=not no_colour,
            debug=bool(os.environ.get("KYODO_DEBUG")),
            stdin=sys.stdin,
            force_colour=bool(os.environ.get("FORCE_COLOR")) and not no_colour,
            pager=_pager_command(),
        )

    def mode(self, *, plain: bool, as_json: bool, colour: str = ColourChoice.AUTO) -> OutputMode:
        if as_json:
            return OutputMode.JSON
        if plain:
            return OutputMode.PLAIN
        if colour == ColourChoice.ALWAYS:
            return OutputMode.RICH
        if self.stdout_is_terminal or (colour == ColourChoice.AUTO and self.force_colour):
            return OutputMode.RICH
        return OutputMode.PLAIN

    def coloured(self, colour: str) -> "Environment":
        """This environment with --color applied to whether rich output has colour."""
        if colour == ColourChoice.AUTO:
            shown = self.stdout_is_terminal or self.force_colour
            return self._replace(colour=self.colour and shown)
        return self._replace(colour=colour == ColourChoice.ALWAYS)


def _pager_command() -> str:
    """KYODO_PAGER, else PAGER, else less if there is one; set to "" or cat: no pager."""
    for name in ("KYODO_PAGER", "PAGER"):
        if name in os.environ:
            chosen = os.environ[name].strip()
            return "" if chosen == "cat" else chosen
    return DEFAULT_PAGER  # used only if there is a less (see pager.page)


def _utf8(stream: TextIO) -> TextIO:
    # Japanese text and JSON go out as UTF-8 whatever the locale says; text that cannot be
    # encoded (undecodable file names) is escaped rather than failing the command.
    if isinstance(stream, TextIOWrapper):
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    return stream


class _ClosedStream(io.TextIOBase):
    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class _NullStream(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal; a stream that cannot say is not one."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class PipeGuard:
    """A stdout stand-in that reports a closed pipe as StdoutClosed, whoever writes, and
    remembers whether anything was written (a command is run again only if not)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.written = False

    def write(self, text: str) -> int:
        self.written = self.written or bool(text)
        try:
            return self._stream.write(text)
        except BrokenPipeError as error:
            raise StdoutClosed from error
        except OSError as error:
            raise self._unwritable(error) from error

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError as error:
            raise StdoutClosed from error
        except OSError as error:
            raise self._unwritable(error) from error

    def _unwritable(self, error: OSError) -> StdoutUnwritable:
        discard_stdout(self._stream)  # what could not be written must not fail again at exit
        return StdoutUnwritable(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def discard_stdout(stream: TextIO) -> None:
    """Point stdout at the null device, so that flushing it at exit cannot fail again.

    This is what the Python documentation recommends after a BrokenPipeError.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):  # not a real file (tests): nothing left to flush
        pass


class Renderers(NamedTuple, Generic[V]):
    """The three ways of laying out one kind of view. (A NamedTuple: dataclasses imports
    inspect, which would be a fifth of ``kyodo show``'s start-up.)"""

    rich: Callable[[V], "RenderableType"]
    plain: Callable[[V], str]
    json: Callable[[V], dict[str, Any]]


class Output:
    def __init__(self, env: Environment, mode: OutputMode, *, page: bool = False) -> None:
        """``page``: output longer than the terminal goes through the pager (if stdout is
        a terminal and there is one)."""
        self.env = env
        self.mode = mode
        self.page = page and env.stdout_is_terminal and bool(env.pager)

    def emit(self, view: V, renderers: Renderers[V]) -> None:
        if self.mode is OutputMode.JSON:
            self.text(json.dumps(renderers.json(view), ensure_ascii=False, indent=2) + "\n")
        elif self.mode is OutputMode.PLAIN:
            self.text(renderers.plain(view) + "\n")
        else:
            console = self.console()
            if console.width < MIN_RICH_WIDTH:
                self.text(renderers.plain(view) + "\n")
                return
            if not self.page:
                console.print(renderers.rich(view))
                self.env.stdout.flush()
                return
            with console.capture() as captured:
                console.print(renderers.rich(view))
            self.text(captured.get())

    def text(self, text: str) -> None:
        """Write ``text``; through the pager if it is longer than the terminal."""
        if self.page and text.count("\n") >= self._height():
            from kyodo_cli.present.pager import page

            self.env.stdout.flush()
            if page(self.env.pager, text):
                return
        self.env.stdout.write(text)
        self.env.stdout.flush()

    def _height(self) -> int:
        if self.env.height is not None:
            return self.env.height
        import shutil

        return shutil.get_terminal_size().lines

    def line(self, text: str) -> None:
        self.env.stdout.write(text + "\n")
        self.env.stdout.flush()

    def notice(self, text: str) -> None:
        self.env.stderr.write(one_line(f"kyodo: {text}") + "\n")
        self.env.stderr.flush()

    def console(self) -> "Console":
        from rich.console import Console

        console = Console(
            file=self.env.stdout,
            force_terminal=True,
            width=self.env.width,
            no_color=not self.env.colour,
            markup=False,
            emoji=False,
            highlight=False,
        )
        console.width = min(console.width, MAX_RICH_WIDTH)
        return console
