"""For the differencing tests: the reader with a calculator.

`leaks()` knows what every published figure means ("<5" is 0 to 4, "x" at least 5, and a number
exactly that number or, where the export says counts are rounded down to multiples of 5, that
number to four more), and combines them: one figure minus another (Jan–Dec minus Jan–Nov), one
minus two (all faculties minus both others), one plus one minus one (Jan–Jun + Apr–Dec −
Apr–Jun), and the sum of two differences. Each combination that counts a set of records is
checked twice: is the number it gives that set's true count (plain differencing), and do the
ranges it gives, with what was published about that set itself, leave only one possible value
(differencing with bounds)? A small count (1 to 4) found either way is a leak.
"""

import dataclasses

from tests.differencing_helpers import size

UNBOUNDED = 10**9


@dataclasses.dataclass(frozen=True)
class Known:
    """What the published figures say about one set: a range, and the number printed if any."""

    kind: str
    mask: int
    low: int
    high: int
    value: int | None


def known_sets(figures, *, threshold, block):
    """The figures merged per set: one set may be printed in several places."""
    merged = {}
    for figure in figures:
        low, high, value = _meaning(figure.text, threshold, block)
        key = (figure.kind, figure.mask)
        if key in merged:
            old = merged[key]
            low, high = max(low, old.low), min(high, old.high)
            value = old.value if old.value is not None else value
        merged[key] = Known(figure.kind, figure.mask, low, high, value)
    return list(merged.values())


def _meaning(text, threshold, block):
    if text == f"<{threshold}":
        return 0, threshold - 1, None
    if text == "x":
        return threshold, UNBOUNDED, None
    number = int(text)
    return number, number + block - 1, number


def leaks(figures, *, threshold, block):
    """Every small count the combinations give away: (how, true count), empty when none."""
    found = []
    known = known_sets(figures, threshold=threshold, block=block)
    own = {(k.kind, k.mask): k for k in known}
    for kind in {k.kind for k in known}:
        sets = [k for k in known if k.kind == kind and k.mask]
        found += _search(sets, own, kind, threshold)
    return found


def _search(sets, own, kind, threshold):
    found = []

    def check(how, mask, low, high, value):
        true = size(mask)
        if not 1 <= true <= threshold - 1:
            return
        if value is not None and value == true:
            found.append((f"{how}: the difference is the count", true))
        mine = own.get((kind, mask))
        if mine is not None:
            low, high = max(low, mine.low), min(high, mine.high)
        low = max(low, 0)
        if low == high:
            assert low == true, f"{how}: the reader's ranges are wrong"
            found.append((f"{how}: only one value fits", true))

    by_size = {}
    for known in sets:
        by_size.setdefault(size(known.mask), []).append(known)
        check("one figure", known.mask, known.low, known.high, known.value)
    inside = {id(a): [b for b in sets if b is not a and b.mask & ~a.mask == 0] for a in sets}
    small_differences = []
    for a in sets:
        for b in inside[id(a)]:
            mask = a.mask & ~b.mask
            low, high, value = _minus(a, b)
            check("A − B", mask, low, high, value)
            if 1 <= size(mask) < threshold - 1:
                small_differences.append((mask, low, high, value))
        _two_inside(a, inside[id(a)], check, threshold)
    _plus_minus(sets, by_size, check, threshold)
    for n, (m1, lo1, hi1, v1) in enumerate(small_differences):
        for m2, lo2, hi2, v2 in small_differences[n + 1 :]:
            if m1 & m2 == 0:
                value = None if v1 is None or v2 is None else v1 + v2
                check("(A − B) + (C − D)", m1 | m2, lo1 + lo2, _add(hi1, hi2), value)
    return found


def _add(a, b):
    return min(a + b, UNBOUNDED)


def _minus(a, b):
    value = None if a.value is None or b.value is None else a.value - b.value
    return a.low - b.high, a.high - b.low if a.high < UNBOUNDED else UNBOUNDED, value


def _two_inside(a, subsets, check, threshold):
    """A − B − C, with B and C apart inside A (all faculties minus the two others)."""
    total = size(a.mask)
    for n, b in enumerate(subsets):
        for c in subsets[n + 1 :]:
            if b.mask & c.mask:
                continue
            if not 1 <= total - size(b.mask) - size(c.mask) <= threshold - 1:
                continue
            value = None if None in (a.value, b.value, c.value) else a.value - b.value - c.value
            high = a.high - b.low - c.low if a.high < UNBOUNDED else UNBOUNDED
            check("A − B − C", a.mask & ~b.mask & ~c.mask, a.low - b.high - c.high, high, value)


def _plus_minus(sets, by_size, check, threshold):
    """A + C − B, with B inside A and C together and holding what they share (Jan–Jun + Apr–Dec
    − Apr–Jun): a sum of differences."""
    for n, a in enumerate(sets):
        for c in sets[n + 1 :]:
            union, shared = a.mask | c.mask, a.mask & c.mask
            both = size(a.mask) + size(c.mask)
            for width in range(max(both - threshold + 1, 0), both):
                for b in by_size.get(width, ()):
                    if b is a or b is c or b.mask & ~union or shared & ~b.mask:
                        continue
                    mask = ((a.mask ^ c.mask) & ~b.mask) | shared
                    value = None if None in (a.value, b.value, c.value) else (
                        a.value + c.value - b.value)  # fmt: skip
                    high = _add(a.high, c.high) - b.low if max(a.high, c.high) < UNBOUNDED \
                        else UNBOUNDED  # fmt: skip
                    check("A + C − B", mask, a.low + c.low - b.high, high, value)
