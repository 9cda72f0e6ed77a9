#!/usr/bin/env python3
"""Review page in headless Chromium on a large session: time to first screen as the browser sees it
(navigation start to the first rows drawn with their text), rows in the DOM, and a jump to the end.

    python3 Benchmarks/review_browser.py [--qantara .build/release/qantara] [--pairs 20000] [--runs 5]

Not a test: figures depend on the machine. Needs chromium, chromium-driver and selenium.
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Tests", "browser"))
from test_review import ROOT, browser, start_server  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def write_tmx(path, pairs):
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bench" '
                  'creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en" srclang="ar" '
                  'datatype="plaintext"/><body>\n')
        for i in range(1, pairs + 1):
            confidence = (i * 37 % 100) / 100
            out.write(f'<tu tuid="{i}"><prop type="x-qantara-confidence">{confidence:.2f}</prop>'
                      f'<tuv xml:lang="ar"><seg>قال المتحدث إن الجولة رقم {i} من المحادثات في إسطنبول انتهت.</seg></tuv>'
                      f'<tuv xml:lang="en"><seg>The spokesman said round {i} of the talks in Istanbul ended.</seg></tuv>'
                      '</tu>\n')
        out.write("</body></tmx>\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qantara", default=os.path.join(ROOT, ".build", "debug", "qantara"))
    parser.add_argument("--pairs", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="qantara-review-bench-")
    tmx = os.path.join(work, "bench.tmx")
    write_tmx(tmx, args.pairs)
    started = time.time()
    server, url = start_server(args.qantara, tmx, os.path.join(work, "bench.qreview"))
    import_seconds = time.time() - started
    driver = browser(os.path.join(work, "downloads"))
    try:
        screens = []
        for _ in range(args.runs):
            driver.get(url)
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return performance.getEntriesByName('qantara-first-screen').length"))
            screens.append(driver.execute_script(
                "return performance.getEntriesByName('qantara-first-screen')[0].startTime"))
        rows = len(driver.find_elements(By.CSS_SELECTOR, ".row"))
        start = time.time()
        driver.execute_script("const v = document.getElementById('viewport'); v.scrollTop = v.scrollHeight;")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(
            By.CSS_SELECTOR, f'.row[data-view="{args.pairs - 1}"] .cell.source'))
        jump = time.time() - start
        print(f"review page in headless Chromium, {args.pairs} pairs (server start incl. import {import_seconds:.1f} s)")
        print(f"  first screen (navigation start → first rows drawn): median {statistics.median(screens):.0f} ms, "
              f"worst {max(screens):.0f} ms over {args.runs} loads  [target < 1000 ms]")
        print(f"  rows in the DOM: {rows} of {args.pairs}; jump to the last pair drawn in {jump * 1000:.0f} ms")
    finally:
        driver.quit()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
