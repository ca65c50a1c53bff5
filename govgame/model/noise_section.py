"""The ``[noise]`` section of a model file: a noise model, its intensities and, optionally, sample paths.

Example::

    [noise]
    model = "aggregate-shocks"                 # or "environmental", "demographic"
    sigmas = { government = [0.5, 0.0], social_org = [0.5, 0.0] }
    paths = 400                                # optional: simulate outcome probabilities
    t_max = 50
    seed = 1
    start = { government = 0.5, social_org = 0.5 }

The report then gives each scenario's stochastic stability table (the almost-sure exponents of
every corner, :meth:`govgame.analysis.ReplicatorSystem.stochastic_stability`) and, with
``paths``, the probability of ending near each pure profile (``docs/model-files.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import GovgameError
from ..noise import NOISE, NoiseModel, make_noise
from ..symbolic.names import suggest
from ..validate import finite_float, positive_int

__all__ = ["NoiseSection", "noise_from_dict", "NOISE_KEYS"]

#: Keys of ``[noise]`` besides the model's own intensities.
NOISE_KEYS = ("model", "paths", "t_max", "seed", "step", "method", "start")
_INTENSITIES = {"environmental": ("sigma",), "aggregate-shocks": ("sigmas",), "demographic": ("Z", "process")}


@dataclass(frozen=True)
class NoiseSection:
    """A model file's ``[noise]`` section.

    Attributes
    ----------
    noise : NoiseModel
        The noise model (bound to the game when read).
    paths : int or None
        Paths per scenario for the outcome probabilities (None: exponents only).
    t_max : float
        Horizon of the paths.
    seed : int
        Seed of the paths.
    step : float or None
        Longest step (default of :func:`govgame.simulate`).
    method : str
        ``milstein`` or ``euler-maruyama``.
    start : dict
        Share of each population's first strategy (or probability vector) the paths start from;
        empty: the uniform mix.

    Examples
    --------
    >>> import govgame as gg
    >>> NoiseSection(gg.noise.Environmental(0.3)).paths is None
    True
    """

    noise: NoiseModel
    paths: int | None = None
    t_max: float = 50.0
    seed: int = 0
    step: float | None = None
    method: str = "milstein"
    start: dict = field(default_factory=dict)

    def starting_state(self, game: Any) -> dict:
        """Where the paths start: ``start``, or every population at the uniform mix when it is empty.

        Parameters
        ----------
        game : govgame.Game
            The model.

        Returns
        -------
        dict
            Population -> share of its first strategy, or its probability vector.

        Examples
        --------
        >>> import govgame as gg
        >>> NoiseSection(gg.noise.Environmental(0.3)).starting_state(gg.presets.gov_so_game())
        {'government': [0.5, 0.5], 'social_org': [0.5, 0.5]}
        """
        if self.start:
            return dict(self.start)
        return {p: [1.0 / len(game.strategies[p])] * len(game.strategies[p]) for p in game.players}


def noise_from_dict(game: Any, raw: Any, fail: Callable[[str, str], Exception]) -> NoiseSection | None:
    """Read and check a ``[noise]`` section against ``game`` (None when the file has none).

    Parameters
    ----------
    game : govgame.Game
        The model.
    raw : dict or None
        The parsed section.
    fail : callable
        ``fail(key, message)`` makes the error naming the file and the key.

    Returns
    -------
    NoiseSection or None

    Raises
    ------
    ModelFileError
        Through ``fail``: unknown model or key, bad intensities or options.

    Examples
    --------
    >>> import govgame as gg
    >>> sec = noise_from_dict(gg.presets.gov_so_game(), {"model": "environmental", "sigma": 0.4, "paths": 100},
    ...                       lambda k, m: ValueError(f"[{k}] {m}"))
    >>> sec.noise, sec.paths
    (Environmental(sigma=0.4), 100)
    """
    if raw is None:
        return None
    if not isinstance(raw, dict) or "model" not in raw:
        raise fail("noise", f"must be a table with a 'model' ({', '.join(NOISE)}) and its intensities")
    name = raw["model"]
    if name not in NOISE:
        raise fail("noise.model", f"unknown noise model {name!r}; models are {list(NOISE)}" + suggest(str(name), NOISE))
    allowed = _INTENSITIES[name] + NOISE_KEYS
    for key in raw:
        if key not in allowed:
            raise fail(f"noise.{key}", f"unknown key; [noise] with model {name!r} has {', '.join(allowed)}"
                       + suggest(key, allowed))
    try:
        noise = make_noise({k: v for k, v in raw.items() if k in ("model",) + _INTENSITIES[name]})
        noise.bind(game)
        paths = None if raw.get("paths") is None else positive_int("paths", raw["paths"])
        t_max = finite_float("t_max", raw.get("t_max", 50.0), low=0.0, low_open=True)
        seed = positive_int("seed", raw.get("seed", 0), minimum=0)
        step = None if raw.get("step") is None else finite_float("step", raw["step"], low=0.0, low_open=True)
    except GovgameError as exc:
        raise fail("noise", str(exc)) from None
    method = raw.get("method", "milstein")
    if method not in ("milstein", "euler-maruyama"):
        raise fail("noise.method", f"must be 'milstein' or 'euler-maruyama', got {method!r}")
    start = raw.get("start", {})
    if not isinstance(start, dict) or (start and set(start) != set(game.players)):
        raise fail("noise.start", f"must be a table population -> share of its first strategy, for every population "
                   f"{list(game.players)}; got {start!r}")
    return NoiseSection(noise, paths=paths, t_max=t_max, seed=seed, step=step, method=method, start=dict(start))
