"""Finite populations against closed forms, the absorbing chain and simulation."""
import numpy as np
import pytest
import scipy.sparse as sps
import scipy.sparse.linalg as spla

import govgame as gg
from govgame.finite import FinitePopulation, Moran, PairwiseComparison, WrightFisher, stationary_gth

NEUTRAL = gg.Game.symmetric([[1, 1], [1, 1]])
HD = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
RPS = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=["R", "P", "S"])


@pytest.mark.parametrize("proc", [lambda Z: Moran(NEUTRAL, Z, w=0.7), lambda Z: PairwiseComparison(NEUTRAL, Z, beta=3),
                                  lambda Z: WrightFisher(NEUTRAL, Z, w=0.5)])
@pytest.mark.parametrize("Z", [5, 37])
def test_neutral_fixation_is_one_over_Z(proc, Z):
    assert proc(Z).fixation_probability("s1", "s2") == pytest.approx(1 / Z, rel=1e-9)


@pytest.mark.parametrize("Z, r", [(10, 1.1), (100, 1.5), (10_000, 1.01), (10_000, 3.0), (50, 0.8)])
def test_constant_fitness_moran_closed_form(Z, r):
    m = Moran(gg.Game.symmetric([[r, r], [1, 1]]), Z, w=1.0)
    rho = m.fixation_probability("s1", "s2")
    # (1 - 1/r) / (1 - r^-Z), evaluated stably
    expected = -np.expm1(-np.log(r)) / -np.expm1(-Z * np.log(r))
    assert np.isfinite(rho) and rho == pytest.approx(expected, rel=1e-9)


def test_strong_selection_large_population_is_stable():
    m = PairwiseComparison(gg.Game.symmetric([[3, 0], [5, 1]]), 10_000, beta=10)
    assert m.fixation_probability("s1", "s2") == 0.0 or m.fixation_probability("s1", "s2") < 1e-300
    assert m.fixation_probability("s2", "s1") == pytest.approx(1.0)


def _absorbing_fixation(T, start, absorbing_fix, transient):
    """Independent reference: fixation from the full transition matrix (mu = 0)."""
    T = T.tocsr()
    Q = T[transient][:, transient]
    R = np.asarray(T[transient][:, [absorbing_fix]].todense()).ravel()
    phi = spla.spsolve(sps.identity(len(transient), format="csc") - Q.tocsc(), R)
    return phi[list(transient).index(start)]


@pytest.mark.parametrize("make", [lambda: Moran(HD, 25, w=0.3), lambda: PairwiseComparison(HD, 25, beta=0.8),
                                  lambda: Moran(HD, 25, w=0.3, fitness="exponential")])
def test_closed_form_fixation_equals_absorbing_chain(make):
    m = make()
    T = m.transition_matrix()
    st = m.states
    Z = 25
    i1 = int(m.space.index(np.array([1, Z - 1])))
    fix = int(m.space.index(np.array([Z, 0])))
    transient = [i for i in range(len(st)) if 0 < st[i, 0] < Z]
    assert m.fixation_probability("hawk", "dove") == pytest.approx(_absorbing_fixation(T, i1, fix, transient))


def test_transition_matrix_and_full_stationary_distribution():
    pc = PairwiseComparison(RPS, 30, beta=1.0, mu=0.05)
    T = pc.transition_matrix()
    assert T.shape == (496, 496)
    assert np.allclose(T.sum(axis=1), 1) and T.min() >= 0
    pi = pc.stationary_distribution("full")
    assert pi.min() >= 0 and pi.sum() == pytest.approx(1)
    assert np.abs(pi @ T - pi).max() < 1e-12
    with pytest.raises(gg.ParameterError, match="mu > 0"):
        PairwiseComparison(RPS, 30).stationary_distribution("full")


def test_small_mutation_limit_matches_full_chain_at_tiny_mu():
    g = gg.Game.symmetric([[2, 0], [3, 1]])  # prisoner's dilemma: defection should carry the mass
    pc = PairwiseComparison(g, 12, beta=1.0, mu=1e-5)
    small = pc.stationary_distribution("small")
    full = pc.stationary_distribution("full")
    st = pc.states
    mono = [full[(st[:, 0] == 12)].sum(), full[(st[:, 1] == 12)].sum()]
    assert np.allclose(small, mono, atol=1e-3)
    assert small[1] > 0.9


def test_two_populations_fixation_stationary_and_errors():
    game = gg.presets.gov_so_game()
    vals = gg.presets.PATTERNS["strong_state_strong_society"]
    pc = PairwiseComparison(game, (20, 30), beta=1.0, values=vals)
    M = pc.fixation_matrix()
    assert M.shape == (4, 4) and M[0, 3] == 0.0  # (C,C) -> (K,A) needs two mutations
    small = pc.stationary_distribution("small")
    assert small.argmax() == 0  # mutual cooperation, the ESS of this pattern
    # along an edge the other population is fixed: constant-fitness closed form
    A, B = game.numeric(vals)
    d = -(A[1, 0] - A[0, 0])  # government: cooperate vs control against cooperating organizations
    Z = 20
    expected = (1 - np.exp(-d)) / (1 - np.exp(-Z * d)) if d else 1 / Z
    assert pc.fixation_probability(("cooperate", "cooperate"), ("control", "cooperate")) == pytest.approx(expected)
    with pytest.raises(gg.InvalidGameError, match="exactly one population"):
        pc.fixation_probability(("cooperate", "cooperate"), ("control", "autonomy"))
    with pytest.raises(gg.InvalidGameError, match="differ"):
        Moran(HD, 10).fixation_probability("hawk", "hawk")
    with pytest.raises(gg.ParameterError, match="not positive"):
        Moran(gg.Game.symmetric([[3, 0], [5, 1]]), 50, w=1.0).fixation_probability("s1", "s2")


def test_two_population_gradient_approaches_replicator_flow():
    game = gg.presets.gov_so_game()
    vals = gg.presets.PATTERNS["transition"]
    f = gg.dynamics.make_field(game, vals)
    errors = []
    for Z in (20, 80, 320):
        beta = 0.01
        pc = PairwiseComparison(game, (Z, Z), beta=beta, values=vals)
        st = pc.states
        pick = (st[:, 0] % (Z // 4) == 0) & (st[:, 2] % (Z // 4) == 0)
        x = st[pick][:, [0, 2]] / Z
        G = pc.gradient()[pick][:, [0, 2]] / (beta / 2)  # drift per update ~ (beta/2) x(1-x) D
        errors.append(np.abs(G - f.rhs(x)).max())
    assert errors[0] > errors[1] > errors[2] and errors[2] < 0.02


def test_absorption_times_neutral_moran():
    Z = 30
    t = Moran(NEUTRAL, Z).absorption_times("s1", "s2")
    assert t.fixation == pytest.approx(Z * (Z - 1))
    assert t.unconditional == pytest.approx(Z * np.sum(1 / np.arange(1, Z)))


@pytest.mark.parametrize("make", [lambda: Moran(HD, 15, w=0.5), lambda: PairwiseComparison(HD, 15, beta=1.0),
                                  lambda: WrightFisher(HD, 15, w=0.5)])
def test_simulated_fixation_converges_to_exact(make):
    m = make()
    exact = m.fixation_probability("hawk", "dove")
    runs = 4000
    est = m.estimate_fixation("hawk", "dove", runs=runs, seed=7)
    assert abs(est - exact) < 4 * np.sqrt(exact * (1 - exact) / runs) + 1e-3


def test_simulation_is_reproducible_and_time_average_matches_stationary():
    pc = PairwiseComparison(HD, 10, beta=1.0, mu=0.1)
    a = pc.simulate(runs=200, generations=300, seed=3)
    b = pc.simulate(runs=200, generations=300, seed=3)
    assert np.array_equal(a, b) and a.shape == (200, 301, 2)
    assert (a.sum(axis=2) == 10).all()
    visits = np.bincount(a[:, 50:, 0].ravel(), minlength=11) / a[:, 50:, 0].size
    exact = pc.stationary_distribution("full")
    order = np.argsort(pc.states[:, 0])
    assert 0.5 * np.abs(visits - exact[order]).sum() < 0.05  # total variation


def test_wright_fisher_transition_matrix_is_stochastic():
    wf = WrightFisher(RPS, 8, w=0.2, mu=0.05)
    T = wf.transition_matrix()
    assert np.allclose(T.sum(axis=1), 1) and T.min() >= 0
    pi = wf.stationary_distribution("full")
    assert np.abs(pi @ T - pi).max() < 1e-12


def test_gth_is_accurate_for_extreme_chains():
    eps = 1e-40
    T = np.array([[1 - eps, eps, 0.0], [0.5, 0.0, 0.5], [0.0, 1.0, 0.0]])
    pi = stationary_gth(T)
    # detailed balance: pi0*eps = pi1*0.5, pi1*0.5 = pi2
    assert pi[1] / pi[0] == pytest.approx(2 * eps) and pi[2] / pi[1] == pytest.approx(0.5)


def test_wright_fisher_times_neutral_and_against_simulation():
    Z = 12
    t = WrightFisher(NEUTRAL, Z, w=0.3).absorption_times("s1", "s2")
    # neutral WF: conditional fixation time from one mutant ~ 2Z generations (diffusion limit), finite Z below it
    assert 1.2 * Z < t.fixation < 2.2 * Z and t.unconditional < t.fixation
    wf = WrightFisher(gg.Game.symmetric([[1.3, 1.3], [1, 1]]), Z, w=1.0)  # constant fitness, no coexistence
    runs = wf.simulate(runs=3000, generations=200, seed=5, start=np.array([1, Z - 1]))
    m = runs[:, :, 0]
    absorbed = (m == 0) | (m == Z)
    first = absorbed.argmax(axis=1)
    assert absorbed[:, -1].all()
    assert first.mean() == pytest.approx(wf.absorption_times("s1", "s2").unconditional, rel=0.08)


@pytest.mark.parametrize("make", [lambda g, Z: Moran(g, Z, w=0.8, fitness="exponential"),
                                  lambda g, Z: WrightFisher(g, Z, w=0.8, fitness="exponential")])
def test_exponential_fitness_constant_payoffs(make):
    # constant payoffs a (mutant) and b (resident): relative fitness r = exp(w (a - b))
    Z, a, b = 15, 2.0, 1.5
    m = make(gg.Game.symmetric([[a, a], [b, b]]), Z)
    rho = m.fixation_probability("s1", "s2")
    if m.rule == "moran":
        r = np.exp(0.8 * (a - b))
        assert rho == pytest.approx((1 - 1 / r) / (1 - r ** -Z), rel=1e-9)
    else:
        assert 1 / Z < rho < 1  # an advantageous mutant; equal to the closed-form-free WF chain below
        T = m.transition_matrix()
        st = m.states
        i1 = int(m.space.index(np.array([1, Z - 1])))
        fix = int(m.space.index(np.array([Z, 0])))
        transient = [i for i in range(len(st)) if 0 < st[i, 0] < Z]
        assert rho == pytest.approx(_absorbing_fixation(T, i1, fix, transient), rel=1e-8)


@pytest.mark.parametrize("cls", [Moran, PairwiseComparison, WrightFisher])
def test_processes_are_classes_on_one_base(cls):
    m = cls(HD, 10)
    assert isinstance(m, FinitePopulation) and isinstance(m, cls)
    assert gg.finite.PROCESSES[cls.rule] is cls and m.rule == cls.rule
    assert sum(isinstance(m, other) for other in (Moran, PairwiseComparison, WrightFisher)) == 1


def test_moran_instance_checks_and_abstract_bases():
    assert isinstance(gg.finite.Moran(HD, 10), gg.finite.FinitePopulation)
    assert isinstance(gg.finite.Moran(HD, 10), gg.finite.Moran)
    assert list(gg.finite.PROCESSES) == ["moran", "pairwise", "wright-fisher"]
    with pytest.raises(TypeError):
        gg.finite.BirthDeath(HD, 10)  # abstract


def test_public_constructor_signatures_are_kept():
    import inspect
    assert list(inspect.signature(Moran).parameters) == ["game", "Z", "w", "mu", "fitness", "values"]
    assert list(inspect.signature(PairwiseComparison).parameters) == ["game", "Z", "beta", "mu", "values"]
    assert inspect.signature(WrightFisher) == inspect.signature(Moran)
    assert [p.default for p in inspect.signature(Moran).parameters.values()][2:] == [1.0, 0.0, "linear", None]
    m = Moran(HD, 10, 0.3, 0.01, "exponential", None)  # positional order as before
    assert (m.w, m.mu, m.fitness_map) == (0.3, 0.01, "exponential")


def test_deprecated_rule_constructor_warns_and_builds_the_subclass():
    with pytest.warns(DeprecationWarning, match="FinitePopulation"):
        old = FinitePopulation(HD, 10, "pairwise", beta=0.7)
    new = PairwiseComparison(HD, 10, beta=0.7)
    assert type(old) is PairwiseComparison
    assert old.fixation_probability("hawk", "dove") == new.fixation_probability("hawk", "dove")
    with pytest.warns(DeprecationWarning):
        default = FinitePopulation(HD, 10, w=0.2, fitness="exponential")  # rule="moran" by default
    assert type(default) is Moran and default.fitness_map == "exponential"
    assert default.fixation_probability("dove", "hawk") == Moran(HD, 10, w=0.2, fitness="exponential"
                                                                 ).fixation_probability("dove", "hawk")
    with pytest.warns(DeprecationWarning), pytest.raises(gg.OptionError, match="unknown rule 'fermi'"):
        FinitePopulation(HD, 10, "fermi")


def test_absorption_times_is_a_dataclass_with_deprecated_key_access():
    t = Moran(HD, 12, w=0.2).absorption_times("hawk", "dove")
    assert isinstance(t, gg.finite.AbsorptionTimes) and t.steps_per_generation == 12
    with pytest.warns(DeprecationWarning, match=r"AbsorptionTimes\['fixation'\]"):
        assert t["fixation"] == t.fixation
    assert WrightFisher(HD, 12, w=0.2).absorption_times("hawk", "dove").steps_per_generation == 1


def test_bad_options_and_numbers_raise_govgame_errors():
    with pytest.raises(gg.OptionError, match="unknown fitness 'quadratic'"):
        Moran(HD, 10, fitness="quadratic")
    with pytest.raises(gg.OptionError, match="unknown mutation 'tiny'"):
        Moran(HD, 10, mu=0.1).stationary_distribution("tiny")
    for make in (lambda: Moran(HD, 10, w=-1), lambda: PairwiseComparison(HD, 10, beta=-1),
                 lambda: WrightFisher(HD, 10, mu=1.5), lambda: Moran(HD, 1)):
        with pytest.raises(gg.ParameterError):
            make()


TWO = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


# each kind of bad input: the error names the argument, the value and what is allowed
@pytest.mark.parametrize("call, error, message", [
    (lambda: Moran(HD, 10.7), gg.ParameterError, r"Z must be a whole number >= 2, got 10\.7"),
    (lambda: Moran(HD, (10, 10)), gg.ParameterError, r"Z must give one size per population.*got \(10, 10\)"),
    (lambda: Moran(TWO, (10, 1)), gg.ParameterError, r"Z\[1\] must be a whole number >= 2, got 1"),
    (lambda: Moran(TWO, [10, 10, 10]), gg.ParameterError, r"pair \(Z_1, Z_2\).*got \[10, 10, 10\]"),
    (lambda: Moran("HD", 10), gg.InvalidGameError, r"game must be a govgame\.Game, got 'HD'"),
    (lambda: WrightFisher(HD, 10, w=float("nan")), gg.ParameterError, r"w must be a finite number, got nan"),
    (lambda: Moran(HD, 10, mu=[0.1]), gg.ParameterError, r"mu must be a finite number, got \[0\.1\]"),
    (lambda: PairwiseComparison(HD, 10, beta=-2), gg.ParameterError, r"beta must be >= 0, got -2"),
    (lambda: Moran(HD, 10).simulate(0, 5), gg.ParameterError, r"runs must be a whole number >= 1, got 0"),
    (lambda: Moran(HD, 10).simulate(2, 1.5), gg.ParameterError, r"generations must be a whole number >= 0"),
    (lambda: Moran(HD, 10).simulate(2, 5, seed=-1), gg.ParameterError, r"seed must be None, a non-negative"),
    (lambda: Moran(HD, 10).simulate(2, 5, seed=1.0), gg.ParameterError, r"got 1\.0"),
    (lambda: Moran(HD, 10).simulate(2, 5, start="ab"), gg.StateError, r"start must be counts of the 2"),
    (lambda: Moran(HD, 10).simulate(2, 5, start=np.ones((3, 2))), gg.StateError, r"shape \(2,\) or \(runs, 2\)"),
    (lambda: Moran(HD, 10).simulate(2, 5, start=[np.nan, 10]), gg.StateError, r"whole, non-negative counts"),
    (lambda: Moran(TWO, (4, 6)).simulate(2, 5, start=[2, 2, 3, 2]), gg.StateError,
     r"population 'column' must sum to its size 6"),
    (lambda: Moran(HD, 10).estimate_fixation("hawk", "dove", 5, max_generations=2.5), gg.ParameterError,
     r"max_generations must be a whole number >= 1, got 2\.5"),
    (lambda: Moran(HD, 10).estimate_fixation("hawk", "dove", 5, seed="x"), gg.ParameterError, r"seed must be"),
])
def test_bad_arguments_name_argument_value_and_what_is_allowed(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_arguments_on_the_boundary_are_accepted_and_normalized():
    assert Moran(HD, 10.0).sizes == (10,) and type(Moran(HD, np.float64(10.0)).sizes[0]) is int
    assert Moran(HD, (12,)).sizes == (12,) and Moran(HD, np.int64(2)).sizes == (2,)
    assert Moran(TWO, 8).sizes == (8, 8) and Moran(TWO, np.array([4, 6])).sizes == (4, 6)
    m = Moran(HD, 10, w=0, mu=1)
    assert (m.w, m.mu) == (0.0, 1.0) and PairwiseComparison(HD, 10, beta=0).beta == 0.0
    assert Moran(HD, 10).simulate(3, 0, seed=1).shape == (3, 1, 2)  # no generations: just the start
    per_run = np.array([[1, 9], [9, 1]])
    sim = Moran(HD, 10, w=0.1).simulate(2, 0, start=per_run.astype(float), seed=np.random.default_rng(0))
    assert sim[:, 0].tolist() == per_run.tolist() and sim.dtype == np.int64
    with pytest.raises(gg.AnalysisError, match="max_generations=1"):  # too few generations: not a bad argument
        Moran(HD, 30, w=0.1).estimate_fixation("hawk", "dove", 50, seed=0, max_generations=1)
