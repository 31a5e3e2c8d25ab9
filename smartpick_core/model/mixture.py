"""Correlated interviews: one applicant-level strength shared by every application of that applicant.

The profile does not capture everything programs read (interview skills, the personal statement, the
school, timing). Model v2 treated each application as an independent lottery, so the spread of interview
counts was far narrower than NRMP's and every extra application acted as a fresh ticket. Here the
unobserved strength z ~ N(0, 1) moves every program's log-odds by sigma x z at once:

    P(K = k) = integral of PoissonBinomial(k; p_i(z)) phi(z) dz,   p_i(z) = expit(l_i + sigma z) x route_i

computed by Gauss-Hermite quadrature (probabilists' nodes). Each node's count distribution is built by
adding one program at a time (a two-term recursion, vectorised over nodes and any leading axes), with the
count capped at `cap`: P(match | k) is flat beyond it. sigma is fitted with the anchors to NRMP's
contiguous-ranks spread (`make calibration-fit`; data/calibration/model_fit.csv).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .special import expit

LATENT_NODES = 16


@lru_cache(maxsize=4)
def latent_nodes(n: int = LATENT_NODES) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z_q and weights w_q (summing to 1) with sum_q w_q f(z_q) ~ E f(Z), Z ~ N(0, 1)."""
    z, w = np.polynomial.hermite_e.hermegauss(n)
    z.setflags(write=False)
    w = w / w.sum()
    w.setflags(write=False)
    return z, w


def node_chances(log_odds: np.ndarray, route: np.ndarray, sigma: float) -> np.ndarray:
    """Interview chance at every node: shape (..., nodes, programs) for log-odds of shape (..., programs)."""
    z, _ = latent_nodes()
    lo = np.asarray(log_odds, dtype=float)[..., None, :]
    return expit(lo + sigma * z[:, None]) * np.asarray(route, dtype=float)[..., None, :]


def marginal_chances(log_odds: np.ndarray, route: np.ndarray, sigma: float) -> np.ndarray:
    """The chance for this profile averaged over the unobserved strength: what a program's number means."""
    _, w = latent_nodes()
    return np.einsum("q,...qn->...n", w, node_chances(log_odds, route, sigma))


def add_program(pmf: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The count distribution after one more application with chance p (broadcast over pmf's leading axes).

    The last cell holds P(K >= cap): an interview there stays there.
    """
    p = np.asarray(p, dtype=float)[..., None]
    out = pmf * (1.0 - p)
    out[..., 1:] += pmf[..., :-1] * p
    out[..., -1:] += pmf[..., -1:] * p
    return out


def empty_pmf(shape: tuple[int, ...], cap: int) -> np.ndarray:
    pmf = np.zeros((*shape, cap + 1))
    pmf[..., 0] = 1.0
    return pmf


def count_pmf_by_node(chances: np.ndarray, cap: int) -> np.ndarray:
    """P(K = k) at each node for chances of shape (..., nodes, programs) -> (..., nodes, cap + 1)."""
    pmf = empty_pmf(chances.shape[:-1], cap)
    for i in range(chances.shape[-1]):          # one program at a time; each step is vectorised
        pmf = add_program(pmf, chances[..., i])
    return pmf


def prefix_pmfs(chances: np.ndarray, cap: int, sizes: np.ndarray) -> np.ndarray:
    """The mixed count distribution of the first n programs for each n in sizes -> (len(sizes), cap + 1).

    chances: (nodes, programs) in list order. One pass over the list: every list size of a plan's curve
    costs one step, not one rebuild.
    """
    _, w = latent_nodes()
    sizes = np.asarray(sizes, dtype=int)
    out = np.zeros((len(sizes), cap + 1))
    pmf = empty_pmf(chances.shape[:-1], cap)
    done = 0
    for idx in np.argsort(sizes, kind="stable"):
        for j in range(done, int(sizes[idx])):
            pmf = add_program(pmf, chances[..., j])
        done = max(done, int(sizes[idx]))
        out[idx] = w @ pmf
    return out


def mixed_pmf(log_odds: np.ndarray, route: np.ndarray, sigma: float, cap: int) -> np.ndarray:
    """P(K = k) for one list, mixed over the latent strength -> (cap + 1,)."""
    _, w = latent_nodes()
    return w @ count_pmf_by_node(node_chances(log_odds, route, sigma), cap)
