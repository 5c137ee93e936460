"""Sign in to the load server and open each council's matching page until every worker
answers it from a built index (the first visit to a worker builds it in the background)."""

import http.cookiejar
import re
import sys
import time
import urllib.parse
import urllib.request

COUNCILS = ("hatherdale", "kilbrannan", "cwm-aderyn")


def opener_for(base, slug):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/sign-in").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "csrf_token": token,
            "email": f"admin@{slug}.example",
            "password": "local-development-only",
        }
    ).encode()
    opener.open(f"{base}/sign-in", data)
    return opener


def main(base):
    if urllib.parse.urlsplit(base).hostname != "127.0.0.1":
        sys.exit("Warm-up only runs against 127.0.0.1")
    deadline = time.monotonic() + 300
    for slug in COUNCILS:
        opener = opener_for(base, slug)
        ready_in_a_row = 0
        while ready_in_a_row < 12:
            if time.monotonic() > deadline:
                sys.exit("The matching index was not ready within 5 minutes")
            status = opener.open(f"{base}/{slug}/matches/").status
            ready_in_a_row = ready_in_a_row + 1 if status == 200 else 0
            if status != 200:
                time.sleep(1)
        print(f"{slug}: matching ready")


if __name__ == "__main__":
    main(sys.argv[1])
