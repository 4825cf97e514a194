"""kyodo: an offline command-line reference to Asahikawa city's 「協働に関する76の疑問」."""

__version__ = "0.1.0"
