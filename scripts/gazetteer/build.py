"""The whole build: listings -> RICs -> overlay -> ranking -> chosen rows."""
from collections import Counter, namedtuple

from .checks import problems
from .overrides import apply_overrides, load_overrides
from .ranking import count_mentions
from .registry import Registry
from .rics import read_rics, resolve_all_rics
from .sources import Reference, load_reference
from .writer import row

Result = namedtuple("Result", "rows ranked registry unresolved")


class BuildError(ValueError):
    pass


def choose(reg, top):
    """(chosen entities sorted by name, every live entity best-ranked first): the `top`
    best-ranked companies plus every overlay company and FTSE MIB member, without the
    dropped ones."""
    live = [e for e in reg.ents if "drop" not in e.flags]
    ranked = sorted(live, key=lambda e: (-e.count, e.name))
    chosen = {id(e): e for e in ranked[:top]}
    for e in live:
        if e.override or e.ftsemib:
            chosen[id(e)] = e
    out = sorted(chosen.values(), key=lambda e: e.name.lower())
    names = Counter(e.name for e in out)
    dup = [n for n, c in names.items() if c > 1]
    if dup:
        raise BuildError("duplicate canonical names: %s" % dup)
    return out, ranked


def build(ref_dir, corpus_dir, overrides_path, top):
    reg = Registry()
    us_names, symbol_names = load_reference(Reference(ref_dir), reg)
    overrides = load_overrides(overrides_path)
    apply_overrides(overrides, reg)
    unresolved = resolve_all_rics(read_rics(corpus_dir), reg, us_names, symbol_names)
    # Overrides again: companies created from RICs may now match overlay rows.
    apply_overrides(overrides, reg)
    count_mentions(corpus_dir, reg)
    out, ranked = choose(reg, top)
    rows = [row(e) for e in out]
    found = problems(rows)
    if found:
        raise BuildError("companies.tsv would mislead the tagger; fix the overlay:\n  "
                         + "\n  ".join(found))
    return Result(rows, ranked, reg, unresolved)
