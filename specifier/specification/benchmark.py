"""Time building a six-outcome specification plus each export (warm), and print medians and sizes.

Run: .venv/bin/python -m specifier.specification.benchmark
"""

import statistics
import time

from specifier.catalogue.files import builtin_measures
from specifier.specification import document
from specifier.specification.export.commitments import issue_for
from specifier.specification.export.formats import FORMATS

CODES = ("JOB-01", "SKL-01", "ECO-05", "ENV-01", "FWK-01", "COM-17")
COUNCIL = {
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "England",
    "local_description": "Within the Hatherdale Council boundary.",
    "local_postcode_districts": ["HF1", "HF2", "HF3"],
    "weighting_pct": 15,
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}
PROCUREMENT = {
    "title": "Household waste and recycling collection",
    "description": "Weekly collection of household waste and recycling from 88,000 homes.",
    "category": "services",
    "cpv_code": "90511000",
    "value_gbp": 24_000_000,
    "duration_months": 84,
    "start_date": "2026-10-01",
    "nation": "England",
    "lots": [],
    "reference": "HC-2026-014",
}
RUNS = 30


def _inputs():
    measures = {m["code"]: m for m in builtin_measures()}
    chosen = [{"measure": measures[c], "priority": None} for c in CODES]
    return document.Inputs(COUNCIL, PROCUREMENT, chosen)


def _median_ms(work, runs=RUNS):
    work()  # warm: templates compiled, python-docx loaded
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    """Print the median generation-plus-export time for each format, and the files' sizes."""
    inputs = _inputs()
    print(f"Six outcomes, {RUNS} warm runs each (median):")
    for name, found in FORMATS.items():
        runs = 10 if name == "pack" else RUNS

        def work(found=found):
            doc = document.build(inputs)
            return found.render(doc, issue_for(doc), "ocds-svspec")

        ms = _median_ms(work, runs)
        print(f"  build + {name:<8} {ms:7.1f} ms  {len(work()) / 1024:6.1f} KB")
    print(f"  build only       {_median_ms(lambda: document.build(inputs)):7.1f} ms")


if __name__ == "__main__":
    main()
