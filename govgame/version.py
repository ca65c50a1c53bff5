"""The version of govgame (one place; the package and the result metadata read it)."""

__version__ = "0.1.0"
