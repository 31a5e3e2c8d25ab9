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


def _add_all(pmf: np.ndarray, chances: np.ndarray, start: int, stop: int) -> np.ndarray:
    """add_program for programs start..stop-1 of chances (..., programs), with the same arithmetic in the same
    order: 1 - p and the per-program columns are taken once for the whole run rather than per step (a list's
    curve adds ~1,000 programs a rerun, and the per-call overhead was most of its cost)."""
    if stop <= start:
        return pmf
    p = np.asarray(chances[..., start:stop], dtype=float)
    q = 1.0 - p
    for i in range(stop - start):
        pi = p[..., i, None]
        out = pmf * q[..., i, None]
        out[..., 1:] += pmf[..., :-1] * pi
        out[..., -1:] += pmf[..., -1:] * pi
        pmf = out
    return pmf


def empty_pmf(shape: tuple[int, ...], cap: int) -> np.ndarray:
    pmf = np.zeros((*shape, cap + 1))
    pmf[..., 0] = 1.0
    return pmf


def count_pmf_by_node(chances: np.ndarray, cap: int) -> np.ndarray:
    """P(K = k) at each node for chances of shape (..., nodes, programs) -> (..., nodes, cap + 1).

    One program at a time with add_program's arithmetic (_walk_step), the count on the first axis while walking.
    """
    p = np.moveaxis(np.asarray(chances, dtype=float), -1, 0).copy()       # (programs, ..., nodes)
    q = 1.0 - p
    pmf, other, spare = _walk_buffers(chances.shape[:-1], cap)
    views = _walk_views(pmf, other, spare, p, q)
    for i in range(len(p)):
        _walk_step(views[i % 2], i, min(i + 2, cap + 1))
    return np.moveaxis((pmf, other)[len(p) % 2], 0, -1).copy()


def prefix_pmfs(chances: np.ndarray, cap: int, sizes: np.ndarray) -> np.ndarray:
    """The mixed count distribution of the first n programs for each n in sizes -> (..., len(sizes), cap + 1).

    chances: (..., nodes, programs) in list order; leading axes (e.g. the fit band's edges) go through the same
    pass. One pass over the list: every list size of a plan's curve costs one step, not one rebuild.
    """
    _, w = latent_nodes()
    sizes = np.asarray(sizes, dtype=int)
    lead = chances.shape[:-2]
    out = np.zeros((*lead, len(sizes), cap + 1))
    pmf = empty_pmf(chances.shape[:-1], cap)
    done = 0
    for idx in np.argsort(sizes, kind="stable"):
        pmf = _add_all(pmf, chances, done, int(sizes[idx]))
        done = max(done, int(sizes[idx]))
        for at in np.ndindex(lead):          # each variant reduced on its own, as a list of one variant is
            out[(*at, idx)] = w @ pmf[at]
    return out


def mixed_pmf(log_odds: np.ndarray, route: np.ndarray, sigma: float, cap: int) -> np.ndarray:
    """P(K = k) for one list, mixed over the latent strength -> (cap + 1,)."""
    _, w = latent_nodes()
    return w @ count_pmf_by_node(node_chances(log_odds, route, sigma), cap)


def prefix_pmfs_by_variant(chances: np.ndarray, cap: int, sizes: np.ndarray, variant: np.ndarray) -> np.ndarray:
    """The mixed count distribution of variant[j]'s first sizes[j] programs, for each j -> (len(sizes), cap + 1).

    chances: (variants, nodes, programs). One walk over the list for every variant at once, with the arithmetic of
    prefix_pmfs (add_program's three steps, the same per-variant reduction), so each row equals prefix_pmfs of its
    variant alone. A variant drops out of the walk once its largest size is reached: a plan's curve has ~16 signal
    sets, most of them needed only over the first few dozen slots, and one walk costs little more than the longest.
    """
    _, w = latent_nodes()
    sizes, variant = np.asarray(sizes, dtype=int), np.asarray(variant, dtype=int)
    if not len(sizes):
        return np.zeros((0, cap + 1))
    need = np.zeros(chances.shape[0], dtype=int)
    np.maximum.at(need, variant, sizes)
    by_need = np.argsort(-need, kind="stable")          # longest first, so the active variants are a leading slice
    rank = np.empty_like(by_need)
    rank[by_need] = np.arange(len(by_need))
    need = need[by_need]
    p = np.moveaxis(np.asarray(chances[by_need, :, : int(need[0])], dtype=float), -1, 0).copy()
    q = 1.0 - p                                         # (steps, variants, nodes): a step's chances in one index
    walking = (need[None, :] > np.arange(int(need[0]))[:, None]).sum(axis=1).tolist()   # per step, still walking
    bufs = list(_walk_buffers(p.shape[1:], cap))
    views = _walk_views(bufs[0], bufs[1], bufs[2], p, q)
    out = np.zeros((len(sizes), cap + 1))
    # each size's (nodes, cap + 1) table, laid out as prefix_pmfs has it, kept until a batch is full: the stacked
    # product reduces each table as w @ table alone does, without a call per size
    kept = np.empty((_KEEP, p.shape[-1], cap + 1))
    rows: list[int] = []
    done = 0
    for j in np.argsort(sizes, kind="stable"):
        for i in range(done, int(sizes[j])):
            k = walking[i]
            if k < bufs[0].shape[1]:        # variants done: the rest walk on in tables of their own
                bufs = _compacted(bufs, i % 2, k)
                views = _walk_views(bufs[0], bufs[1], bufs[2], p[:, :k], q[:, :k])
            _walk_step(views[i % 2], i, min(i + 2, cap + 1))
        done = max(done, int(sizes[j]))
        kept[len(rows)] = bufs[done % 2][:, rank[variant[j]]].T
        rows.append(j)
        if len(rows) == _KEEP:
            out[rows] = np.matmul(w, kept)
            rows = []
    out[rows] = np.matmul(w, kept[:len(rows)])
    return out


_KEEP = 32      # tables kept per batch of the curve's reductions (250 kB)


def _compacted(bufs: list[np.ndarray], current: int, k: int) -> list[np.ndarray]:
    """The walk's buffers for its first k variants only, the current counts copied (a contiguous table steps at
    the speed of its size; a slice of the wide one at the wide one's)."""
    kept = np.ascontiguousarray(bufs[current][:, :k])
    fresh = [kept, np.zeros_like(kept)] if current == 0 else [np.zeros_like(kept), kept]
    return [*fresh, np.zeros_like(kept)]


def _walk_buffers(shape: tuple[int, ...], cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The two count tables that take turns, and a spare, with the count first: (cap + 1, *shape), P(K = 0) = 1.

    Count first, a program's chances (one per node and variant) multiply whole contiguous rows; count last, each
    multiply broadcast one chance along a row of 61 cells, at three times the cost per cell.
    """
    pmf = np.zeros((cap + 1, *shape))
    pmf[0] = 1.0
    return pmf, np.zeros_like(pmf), np.zeros_like(pmf)


def _walk_views(pmf: np.ndarray, other: np.ndarray, spare: np.ndarray, p: np.ndarray,
                q: np.ndarray) -> tuple[tuple[np.ndarray, ...], ...]:
    """Per parity of the step (the two buffers take turns), the views a step reads and writes: made once, since a
    plan's walk takes ~500 steps and slicing was much of each."""
    return tuple((src, dst, p, q, spare, dst[1:], spare[:-1], dst[-1:], spare[-1:])
                 for src, dst in ((pmf, other), (other, pmf)))


def _walk_step(view: tuple[np.ndarray, ...], i: int, width: int) -> None:
    """add_program's arithmetic for program i (count on the first axis), written into the other buffer: (1 - p) x
    pmf, then the shift by one interview, then the capped cell's stay, in that order (so the numbers are
    add_program's to the bit; the products pmf x p are made once for both).

    width: the counts reachable after this program. Below cap + 1 only those are worked: beyond them both buffers
    hold zeros, which add_program would keep (0 x (1 - p) + 0 x p), and the capped cell is not yet reached, so it
    has no stay to add.
    """
    src, dst, p, q, moved, shifted, moved_head, dst_last, moved_last = view
    if width < len(src):
        np.multiply(src[:width], q[i], out=dst[:width])
        np.multiply(src[:width - 1], p[i], out=moved[:width - 1])
        dst[1:width] += moved[:width - 1]
        return
    np.multiply(src, q[i], out=dst)
    np.multiply(src, p[i], out=moved)
    shifted += moved_head
    dst_last += moved_last
