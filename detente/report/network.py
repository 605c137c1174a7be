"""A deterministic force-directed layout for the actor network, in numpy.

The same nodes and edges always give the same positions (no random start), so the
report is byte-identical across runs. Fruchterman–Reingold with a cooling schedule,
started from a circle: enough for the tens of actors a report shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def circular_layout(count: int) -> np.ndarray:
    """`count` points evenly spaced on the unit circle, the first at the top."""
    if count == 0:
        return np.zeros((0, 2))
    if count == 1:
        return np.zeros((1, 2))
    angles = np.pi / 2 - 2 * np.pi * np.arange(count) / count
    return np.column_stack([np.cos(angles), np.sin(angles)])


def spring_layout(count: int, edges: Sequence[tuple[int, int, float]], iterations: int = 200) -> np.ndarray:
    """Positions in [-1, 1]² for `count` nodes joined by `(i, j, weight)` edges.

    Heavier edges pull their ends closer. Direction is ignored for the layout.
    """
    positions = circular_layout(count)
    if count <= 2 or not edges:
        return positions
    weights = np.zeros((count, count))
    for i, j, weight in edges:
        if i != j:
            weights[i, j] += weight
            weights[j, i] += weight
    if weights.max() > 0:
        weights = weights / weights.max()
    k = 1.0 / np.sqrt(count)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = positions[:, None, :] - positions[None, :, :]
        distance = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(distance, 1.0)
        distance = np.maximum(distance, 0.01)
        force = k * k / distance**2 - weights * distance / k
        np.fill_diagonal(force, 0.0)
        displacement = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.linalg.norm(displacement, axis=-1), 0.01)
        positions = positions + displacement * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    positions = positions - positions.mean(axis=0)
    scale = np.abs(positions).max()
    return positions / scale if scale > 0 else positions
