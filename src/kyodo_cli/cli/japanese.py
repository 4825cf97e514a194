"""Typer in Japanese: help headings, and one-line messages for command-line usage errors.

Typer parses the command line with click's machinery (vendored as ``typer._click`` since
typer 0.26, the ``click`` package before). Its exceptions are translated here, by type,
into a Japanese sentence; nothing of their English text reaches the user.
"""

from __future__ import annotations

import copy
import importlib
import re
from functools import cache
from types import ModuleType
from typing import Any

from typer.core import TyperCommand, TyperGroup

from kyodo_cli.cli.arguments import printable

HELP_OPTION_TEXT = "このヘルプを表示して終了する"
_HELP_STRINGS = {
    "ARGUMENTS_PANEL_TITLE": "引数",
    "OPTIONS_PANEL_TITLE": "オプション",
    "COMMANDS_PANEL_TITLE": "コマンド",
    "DEFAULT_STRING": "[既定値: {}]",
    "ENVVAR_STRING": "[環境変数: {}]",
    "REQUIRED_LONG_STRING": "[必須]",
}
_TYPE_NAMES = {"integer": "整数", "int": "整数", "float": "数値", "path": "ファイルのパス"}


@cache
def _click_exceptions() -> ModuleType:
    try:
        return importlib.import_module("typer._click.exceptions")
    except ImportError:
        return importlib.import_module("click.exceptions")


def _use_japanese_help_strings() -> None:
    # typer keeps its help headings as module constants; rich_utils is imported only when
    # help is shown, so this runs then rather than at start-up.
    from typer import rich_utils

    for name, text in _HELP_STRINGS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


class _JapaneseHelp:
    def get_usage(self, ctx: Any) -> str:
        usage: str = super().get_usage(ctx)  # type: ignore[misc]
        return usage.replace("Usage:", "使い方:", 1)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """``[オプション] 番号...``: an argument by its name, ... if it takes several, in
        brackets if optional (typer would write ``{番号}``)."""
        options = getattr(self, "options_metavar", None)
        pieces = [options] if options else []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                name = str(param.metavar or param.name).upper()
                name += "..." if param.nargs != 1 else ""
                pieces.append(name if param.required else f"[{name}]")
        if subcommands := getattr(self, "subcommand_metavar", None):
            pieces.append(subcommands)
        return pieces

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix="使い方: ")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        if _to_a_terminal(ctx):
            _use_japanese_help_strings()
            for param in self.get_params(ctx):  # type: ignore[attr-defined]
                _without_type_name(param)
            super().format_help(ctx, formatter)  # type: ignore[misc]
            return
        # Into a pipe or a file: plain text, every line whole (no boxes, nothing cut off).
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_options(ctx, formatter)

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        text = (getattr(self, "help", None) or "").strip()
        if text:
            formatter.write_paragraph()
            formatter.write("".join(f"  {line}\n" if line else "\n" for line in text.splitlines()))

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = _help_record(param, ctx)
            if record is not None:
                (options if param.param_type_name == "option" else arguments).append(record)
        commands = [
            (name, command.get_short_help_str(limit=200))
            for name in getattr(self, "list_commands", lambda ctx: [])(ctx)
            if (command := self.get_command(ctx, name)) is not None  # type: ignore[attr-defined]
            and not command.hidden
        ]
        for title, rows in (("引数", arguments), ("オプション", options), ("コマンド", commands)):
            if rows:
                formatter.write_paragraph()
                formatter.write(f"{title}:\n")
                formatter.write(
                    "".join(
                        f"  {term}\n      {text}\n" if text else f"  {term}\n"
                        for term, text in rows
                    )
                )


def _to_a_terminal(ctx: Any) -> bool:
    env = getattr(ctx.find_root().obj, "env", None)
    return bool(getattr(env, "stdout_is_terminal", True))


def _without_type_name(param: Any) -> None:
    """Keep typer's help from naming an argument's Python type (``<str>``): the name says
    what to give."""
    if param.param_type_name == "argument":
        param.type = copy.copy(param.type)
        param.type.get_metavar = lambda param, ctx: ""


def _help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """A parameter's name and help on one line each, in Japanese; None if hidden."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        return str(param.metavar or param.name), str(getattr(param, "help", None) or "")
    names = ", ".join([*param.opts, *param.secondary_opts])
    metavar = "" if param.is_flag else f" {param.metavar or param.type.name}"
    extras = []
    if param.envvar:
        extras.append(_HELP_STRINGS["ENVVAR_STRING"].format(param.envvar))
    if param.show_default and param.default not in (None, False, ""):
        extras.append(_HELP_STRINGS["DEFAULT_STRING"].format(param.default))
    if param.name == "help":
        return names, HELP_OPTION_TEXT
    return f"{names}{metavar}", " ".join([str(param.help or ""), *extras]).strip()


class JapaneseCommand(_JapaneseHelp, TyperCommand):
    pass


class JapaneseGroup(_JapaneseHelp, TyperGroup):
    pass


def from_the_parser(error: BaseException) -> bool:
    """Whether ``error`` is the command-line library's own (a usage error, an abort)."""
    import typer

    return isinstance(error, _click_exceptions().ClickException | typer.Abort | typer.Exit)


def usage_error_message(error: BaseException, command_path: str = "kyodo") -> str | None:
    """One Japanese line for a command-line usage error; None if ``error`` is not one.
    ``command_path`` names the command for the help hint when the error does not (the
    parser raises errors such as a missing option value without a context)."""
    kinds = _click_exceptions()
    if not isinstance(error, kinds.UsageError):
        return None
    if isinstance(error, kinds.NoSuchOption):
        message = f"「{printable(error.option_name)}」というオプションはありません"
    elif isinstance(error, kinds.MissingParameter):
        message = f"{_parameter_name(error.param)}を指定してください"
    elif isinstance(error, kinds.BadParameter):
        message = f"{_parameter_name(error.param)}の値が正しくありません{_expected(error)}"
    elif isinstance(error, kinds.BadOptionUsage):
        message = _option_usage_message(error.option_name, str(error.message))
    else:
        message = _general_usage_message(str(error.message))
    return f"{message}{_help_hint(error.ctx, command_path)}"


def _parameter_name(param: Any) -> str:
    if param is None:
        return "引数"
    options = [name for name in getattr(param, "opts", ()) if name.startswith("-")]
    if options:
        return f"オプション {'/'.join(options)} "
    return str(param.metavar or param.name)


def _expected(error: Any) -> str:
    if not str(error.message).isascii():  # kyodo's own check says what it accepts
        return f"（{error.message}を指定してください）"
    text = str(error.message).lower()
    kind = next((name for word, name in _TYPE_NAMES.items() if word in text), None)
    return f"（{kind}を指定してください）" if kind else ""


def _option_usage_message(option: str, english: str) -> str:
    if "requires" in english:
        return f"オプション {option} には値が必要です"
    if "does not take a value" in english:
        return f"オプション {option} は値をとりません"
    return f"オプション {option} の使い方が正しくありません"


def _general_usage_message(english: str) -> str:
    if match := re.match(r"No such command '(.*)'", english, re.DOTALL):
        return f"「{printable(match[1])}」というコマンドはありません"
    if match := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", english, re.DOTALL):
        return f"余分な引数があります: {printable(match[1], 40)}"
    if english.startswith("Missing command"):
        return "コマンドを指定してください"
    return "コマンドラインが正しくありません"


def _help_hint(ctx: Any, command_path: str) -> str:
    path = getattr(ctx, "command_path", None) or command_path
    return f"（{path} --help で使い方を表示します）"
