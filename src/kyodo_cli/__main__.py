from kyodo_cli.cli.entry import command

command()
