"""Bounded edit distance (with transpositions) for catching misspelt place names."""

from __future__ import annotations

MIN_FUZZY_LENGTH = 5


def max_distance(length: int) -> int:
    """Typos allowed for a word of this length: 1 below 12 letters, 2 from 12 on."""
    if length < MIN_FUZZY_LENGTH:
        return 0
    return 1 if length < 12 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or limit + 1 as soon as it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def closest(word: str, keys: list[str]) -> tuple[list[str], int]:
    """The keys nearest to `word` within its allowed distance, and that distance."""
    limit = max_distance(len(word))
    best: list[str] = []
    best_distance = limit + 1
    for key in keys:
        if len(key) < MIN_FUZZY_LENGTH:
            continue
        d = distance(word, key, limit)
        if d < best_distance:
            best, best_distance = [key], d
        elif d == best_distance and d <= limit:
            best.append(key)
    return best, best_distance
