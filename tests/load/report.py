"""Print the load test's headline figures from locust's CSV, and fail on any error or a slow p95.

An error is a failed request, or an exception in a task (a page without the form it should
have, say), which locust counts apart from the requests.
"""

import csv
import platform
import subprocess
import sys
from datetime import date

P95_LIMIT_MS = 500


def main(path, users, duration):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    failures = int(total["Failure Count"])
    with open(path.replace("_stats.csv", "_exceptions.csv"), newline="") as f:
        exceptions = sum(int(row["Count"]) for row in csv.DictReader(f))
    p95 = float(total["95%"])
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print(f"\n{date.today()}, {platform.machine()}, {cores} cores: {users} users, {duration}")
    print(
        f"requests {total['Request Count']}, failures {failures}, exceptions {exceptions}, "
        f"{float(total['Requests/s']):.1f} req/s, median {total['50%']} ms, "
        f"p95 {total['95%']} ms, p99 {total['99%']} ms, max {float(total['Max Response Time']):.0f} ms"
    )
    for row in rows:
        if row["Name"] != "Aggregated":
            print(f"  {row['Name']:<52} n={row['Request Count']:>5} p95={row['95%']:>5} ms")
    if failures or exceptions or p95 >= P95_LIMIT_MS:
        sys.exit(
            f"FAILED: {failures} failed requests, {exceptions} exceptions,"
            f" p95 {p95:.0f} ms (limit {P95_LIMIT_MS} ms)"
        )


if __name__ == "__main__":
    main(*sys.argv[1:4])
