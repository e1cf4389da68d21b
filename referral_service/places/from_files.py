"""The resolver index straight from the data files, for tests and benchmarks without a database."""

from __future__ import annotations

from pathlib import Path

from ..catalogue.files import read_data
from .resolver import Place, ResolverIndex, build_index

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "regelingen"


def index_from_files(data_dir: Path = DATA_DIR) -> ResolverIndex:
    """Build the same index the service builds from its database, from `data/regelingen`."""
    data = read_data(data_dir)
    return build_index(
        [Place(m["code"], m["name"], m["province"]) for m in data.municipalities],
        [(code, alias) for code, names in data.aliases.items() for alias in names],
        [(f["old_name"], f["new_code"], f["relation"]) for f in data.former],
        [(t["name"], t["municipality_code"]) for t in data.towns],
        [(p["pc4"], p["municipality_code"]) for p in data.postcodes],
    )
