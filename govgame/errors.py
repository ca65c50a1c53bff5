"""Exception types of govgame.

Every error govgame raises on bad input derives from :class:`GovgameError`, so a
script can catch all of them at once, and every message names the offending
player, profile, parameter, expression or file.
"""

from __future__ import annotations


class GovgameError(Exception):
    """Base class of all errors govgame raises on bad input or impossible requests."""


class InvalidGameError(GovgameError, ValueError):
    """The players, strategies or payoffs do not define a valid game."""


class ParseError(GovgameError, ValueError):
    """A payoff expression string is not valid or uses something not allowed."""


class ParameterError(GovgameError, ValueError):
    """Parameter values are missing, unknown, or out of their declared bounds."""


class MissingParameterError(ParameterError, KeyError):
    """Values were not given for parameters that have no default."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class UnknownParameterError(ParameterError, KeyError):
    """Values were given for names that are not parameters of the game."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ParameterBoundsError(ParameterError):
    """A parameter value lies outside the parameter's declared bounds."""


class StateError(GovgameError, ValueError):
    """An initial state is not a point of the game's state space."""


class AnalysisError(GovgameError):
    """An analysis cannot be carried out for this game (say which and why)."""


class CheckpointError(GovgameError):
    """A sweep checkpoint does not belong to the sweep being resumed."""


class OptionError(GovgameError, ValueError):
    """An option string (method, dynamics, backend, kind, output, ...) is not one of the allowed choices."""


def check_option(argument: str, value: object, allowed) -> None:
    """Raise :class:`OptionError` naming ``argument``, ``value`` and the allowed choices.

    Examples
    --------
    >>> check_option("method", "rk4", ("dopri5", "rk4"))
    >>> check_option("method", "euler", ("dopri5", "rk4"))
    Traceback (most recent call last):
    ...
    govgame.errors.OptionError: unknown method 'euler'; choose one of ['dopri5', 'rk4']
    """
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise OptionError(f"unknown {argument} {value!r}; choose one of {allowed}")


class ModelFileError(GovgameError, ValueError):
    """A model file cannot be read; the message names the file and key."""
