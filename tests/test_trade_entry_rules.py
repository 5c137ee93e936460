"""People outcomes respect the trade's entry rules: students are not placed on licensed
asbestos or demolition work, which exposes workers to a carcinogen (FINDINGS-14c D4)."""

from specifier.catalogue.files import builtin_measures
from specifier.specification import sectors

ASBESTOS = {
    "title": "Asbestos surveys, removal and demolition framework",
    "description": "Licensed asbestos removal and demolition of surplus council buildings.",
    "category": "works",
    "cpv_code": "45262660",
    "value_gbp": 5400000,
    "duration_months": 48,
    "nation": "Scotland",
}


def _measure(words):
    return next(m for m in builtin_measures() if all(w in m["title"].lower() for w in words))


def test_students_are_not_placed_on_asbestos_or_demolition_work():
    placements = _measure(["t level"])
    assert "reg 19" in sectors.remote(ASBESTOS, placements)
    # Its market is named for what it does, and its waste and vehicles are its staples.
    assert "asbestos removal and demolition" in sectors.staple(
        ASBESTOS, _measure(["waste diverted"])
    )


def test_a_building_contract_still_takes_placements():
    build = ASBESTOS | {
        "title": "Primary school refurbishment",
        "description": "Refurbishment of a primary school, including asbestos removal.",
        "cpv_code": "45214200",
    }
    assert sectors.remote(build, _measure(["t level"])) is None
