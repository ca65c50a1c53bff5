"""Exception types of govgame.

Every error govgame raises on bad input derives from :class:`GovgameError`, so a
script can catch all of them at once, and every message names the offending
player, profile, parameter, expression or file.
"""

from __future__ import annotations


class GovgameError(Exception):
    """Base class of all errors govgame raises on bad input or impossible requests.

    Examples
    --------
    >>> import govgame as gg
    >>> try:
    ...     gg.load_model("no-such-model.toml")
    ... except gg.GovgameError as e:
    ...     print(type(e).__name__)
    ModelFileError
    """


class InvalidGameError(GovgameError, ValueError):
    """The players, strategies or payoffs do not define a valid game.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.Game.bimatrix([[1, 2]], [[1, 2], [3, 4]])
    Traceback (most recent call last):
    ...
    govgame.errors.InvalidGameError: A has shape (1, 2) but B has shape (2, 2)
    """


class ParseError(GovgameError, ValueError):
    """A payoff expression string is not valid or uses something not allowed.

    Examples
    --------
    >>> from govgame.symbolic import parse_expression
    >>> parse_expression("a.real")
    Traceback (most recent call last):
    ...
    govgame.errors.ParseError: attribute is not allowed in payoff expression 'a.real'
    """


class ParameterError(GovgameError, ValueError):
    """Parameter values are missing, unknown, or out of their declared bounds.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]]).resolve([1, 2])
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: parameter values must be a mapping name -> value, got list
    """


class MissingParameterError(ParameterError, KeyError):
    """Values were not given for parameters that have no default.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]]).resolve()
    Traceback (most recent call last):
    ...
    govgame.errors.MissingParameterError: game 'game' needs values for parameter(s): a
    """

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class UnknownParameterError(ParameterError, KeyError):
    """Values were given for names that are not parameters of the game.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]]).resolve({"b": 1})
    Traceback (most recent call last):
    ...
    govgame.errors.UnknownParameterError: 'b' is not a parameter of game 'game'
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ParameterBoundsError(ParameterError):
    """A parameter value lies outside the parameter's declared bounds.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.presets.gov_so_game().resolve({"p": 2})
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterBoundsError: value 2 of parameter 'p' lies outside its bounds [0, 1]
    """


class StateError(GovgameError, ValueError):
    """An initial state is not a point of the game's state space.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> gg.dynamics.as_states(g, [[0.5, 0.2, 0.5, 0.5]])
    Traceback (most recent call last):
    ...
    govgame.errors.StateError: shares of population 'row' in x0 must sum to 1 within 1e-09 (found 0.7)
    """


class AnalysisError(GovgameError):
    """An analysis cannot be carried out for this game (say which and why).

    Examples
    --------
    >>> import govgame as gg
    >>> gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]]).replicator().ess()
    Traceback (most recent call last):
    ...
    govgame.errors.AnalysisError: which profiles are ESS depends on the parameters of game 'game': give values, or use rs.ess_conditions(profile)
    """


class CheckpointError(GovgameError):
    """A sweep checkpoint does not belong to the sweep being resumed.

    Examples
    --------
    A path that is a file, not a folder, cannot hold a checkpoint either:

    >>> import tempfile, govgame as gg
    >>> with tempfile.NamedTemporaryFile() as f:
    ...     try:
    ...         gg.sweep(gg.presets.gov_so_game(), {"p": [0, 1]}, fixed=gg.presets.PATTERNS["transition"],
    ...                  checkpoint=f.name, progress=False)
    ...     except gg.CheckpointError as e:
    ...         print("is a file, not a folder" in str(e))
    True
    """


class OptionError(GovgameError, ValueError):
    """An option string (method, dynamics, backend, kind, output, ...) is not one of the allowed choices.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.initial_states(gg.presets.gov_so_game(), 3, kind="lattice")
    Traceback (most recent call last):
    ...
    govgame.errors.OptionError: unknown kind 'lattice'; choose one of ['grid', 'random', 'sobol']
    """


def check_option(argument: str, value: object, allowed) -> None:
    """Raise :class:`OptionError` naming ``argument``, ``value`` and the allowed choices.

    Parameters
    ----------
    argument : str
        The name of the option, as the caller knows it (``method``, ``kind``, ...).
    value : object
        The value given.
    allowed : iterable of str
        The choices.

    Raises
    ------
    OptionError
        ``value`` is not one of ``allowed``.

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
    """A model file cannot be read; the message names the file and key.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.load_model("no-such-model.toml")
    Traceback (most recent call last):
    ...
    govgame.errors.ModelFileError: model file 'no-such-model.toml' does not exist
    """
