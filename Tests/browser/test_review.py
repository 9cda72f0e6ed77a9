#!/usr/bin/env python3
"""End-to-end test of the review page in headless Chromium (Selenium).

Starts `qantara review start` on a TMX (tmx/istanbul-talks.tmx when the repository has it, else the fixture
Tests/Fixtures/Review/talk.tmx), then, through the page's keys and buttons only: approves a pair, merges two
pairs, splits the merged pair at the cursor, edits an Arabic side, approves and undoes, and exports. The exported
TMX must hold exactly the pairs the same operations give when applied to the input by hand. Saves a screenshot.

    python3 Tests/browser/test_review.py [--qantara .build/debug/qantara] [--tmx FILE] [--screenshot PNG]

Needs chromium, chromium-driver (Debian) and selenium (PyPI). Exit code 0 when the test passes.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def default_tmx():
    real = os.path.join(ROOT, "tmx", "istanbul-talks.tmx")
    return real if os.path.exists(real) else os.path.join(ROOT, "Tests", "Fixtures", "Review", "talk.tmx")


def start_server(qantara, tmx, session):
    server = subprocess.Popen(
        [qantara, "review", "start", tmx, "--session", session, "--no-open"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = server.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:") and "/?token=" in url, f"first line is not the page URL: {url!r}"
    return server, url


def api(url, path):
    base, token = url.split("/?token=")
    request = urllib.request.Request(base + path, headers={"X-Qantara-Token": token})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def all_pairs(url):
    index = api(url, "/api/index")
    ids = ",".join(str(i) for i in index["ids"])
    return api(url, "/api/pairs?ids=" + ids)["pairs"]


def browser(downloads):
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                     "--lang=en-US"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                              options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


class Page:
    def __init__(self, driver):
        self.driver = driver
        self.revision = 0

    def wait_saved(self, revision):
        def saved(driver):
            element = driver.find_element(By.ID, "saved")
            return element.get_attribute("data-state") == "saved" and \
                element.get_attribute("data-revision") == str(revision)
        WebDriverWait(self.driver, 10).until(saved, f"page never showed revision {revision} saved")
        self.revision = revision

    def keys(self, *keys):
        ActionChains(self.driver).send_keys(*keys).perform()

    def operation(self, *keys):
        """Presses keys that make one operation, then waits until the page shows it saved."""
        self.keys(*keys)
        self.wait_saved(self.revision + 1)

    def click(self, action):
        self.driver.find_element(By.CSS_SELECTOR, f'#toolbar button[data-action="{action}"]').click()

    def select(self, view_index):
        """Moves the selection with j from the first row."""
        for _ in range(view_index):
            self.keys("j")
        WebDriverWait(self.driver, 5).until(
            lambda d: d.find_element(By.CSS_SELECTOR, ".row.selected").get_attribute("data-view") == str(view_index))


def pairs_of(tmx_path):
    result = []
    for tu in ET.parse(tmx_path).getroot().iter("tu"):
        sides = {tuv.get(XML_LANG).split("-")[0]: tuv.findtext("seg") for tuv in tu.iter("tuv")}
        status = next(p.text for p in tu.iter("prop") if p.get("type") == "x-qantara-status")
        result.append((sides.get("ar", ""), sides.get("en", ""), status))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qantara", default=os.path.join(ROOT, ".build", "debug", "qantara"))
    parser.add_argument("--tmx", default=default_tmx())
    parser.add_argument("--screenshot", default=os.path.join(ROOT, ".build", "review-screenshot.png"))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="qantara-browser-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    server, url = start_server(args.qantara, args.tmx, os.path.join(work, "review.qreview"))
    driver = None
    try:
        original = all_pairs(url)
        expected = [[p["source"], p["target"], p["status"]] for p in original]
        # Two neighbours with English on both, to merge and split again.
        m = next(i for i in range(1, len(expected) - 1) if expected[i][1] and expected[i + 1][1] and expected[i][0])

        driver = browser(downloads)
        page = Page(driver)
        driver.get(url)
        page.wait_saved(0)
        source_cell = driver.find_element(By.CSS_SELECTOR, ".row .cell.source")
        assert source_cell.get_attribute("dir") == "rtl" and source_cell.get_attribute("lang") == "ar"
        assert driver.execute_script("return getComputedStyle(arguments[0]).direction", source_cell) == "rtl"
        assert driver.find_element(By.CSS_SELECTOR, ".row .cell.target").get_attribute("dir") == "ltr"

        # 1. Approve the first pair (key a).
        page.operation("a")
        expected[0][2] = "approved"

        # 2. Merge pair m with the next one (key m).
        page.select(m)
        page.operation("m")
        first, second = expected[m], expected.pop(m + 1)
        expected[m] = [" ".join(x for x in (first[0], second[0]) if x), first[1] + " " + second[1], "unreviewed"]

        # 3. Split the merged pair's English where the second pair's text starts (Shift+E, cursor, Alt+Enter).
        page.keys("E")
        editor = WebDriverWait(driver, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea.editor"))
        cursor = len(first[1].encode("utf-16-le")) // 2 + 1
        driver.execute_script("arguments[0].setSelectionRange(arguments[1], arguments[1])", editor, cursor)
        ActionChains(driver).key_down(Keys.ALT).send_keys(Keys.ENTER).key_up(Keys.ALT).perform()
        page.wait_saved(page.revision + 1)
        expected[m][1] = first[1]
        expected.insert(m + 1, ["", second[1], "unreviewed"])

        # 4. Edit an Arabic side (key e, type, Enter).
        edit_row = m + 3 if m + 3 < len(expected) else m
        for _ in range(edit_row - m):
            page.keys("j")
        page.keys("e")
        editor = WebDriverWait(driver, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea.editor"))
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys("نص عربي مصحح للاختبار.")
        editor.send_keys(Keys.ENTER)
        page.wait_saved(page.revision + 1)
        expected[edit_row][0] = "نص عربي مصحح للاختبار."

        # 5. Approve with the toolbar button, then undo it (key z).
        page.click("approve")
        page.wait_saved(page.revision + 1)
        page.operation("z")
        assert driver.find_element(By.ID, "redo").is_enabled(), "redo should be possible after undo"

        # 6. Next low-confidence or flagged pair (key n) from the first row.
        driver.execute_script("document.getElementById('viewport').scrollTop = 0")
        for _ in range(edit_row):
            page.keys("k")
        pairs_now = all_pairs(url)
        attention = next(i for i in range(1, len(pairs_now))
                         if 0 <= (pairs_now[i]["confidence"] if pairs_now[i]["confidence"] is not None else -1) < 0.5
                         or pairs_now[i]["flags"])
        page.keys("n")
        WebDriverWait(driver, 5).until(
            lambda d: d.find_element(By.CSS_SELECTOR, ".row.selected").get_attribute("data-view") == str(attention))

        # 7. A second tab changes the session; the first tab's next operation is a conflict and it reloads.
        first_tab = driver.current_window_handle
        driver.switch_to.new_window("tab")
        driver.get(url)
        Page(driver).wait_saved(page.revision)
        resumed_at = int(driver.find_element(By.CSS_SELECTOR, ".row.selected").get_attribute("data-view"))
        ActionChains(driver).send_keys("a").perform()
        Page(driver).wait_saved(page.revision + 1)
        expected[resumed_at][2] = "approved"
        driver.close()
        driver.switch_to.window(first_tab)
        page.keys("r")
        WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.ID, "saved").get_attribute("data-state") == "conflict")
        page.revision += 1
        assert api(url, "/api/session")["revision"] == page.revision, "the conflicting operation must not apply"

        # 8. Export with the button; wait for the download.
        page.click("export")
        deadline = time.time() + 15
        exported = None
        while time.time() < deadline and exported is None:
            done = [f for f in os.listdir(downloads) if f.endswith(".tmx")]
            exported = os.path.join(downloads, done[0]) if done else None
            time.sleep(0.2)
        assert exported, "the export did not download"

        actual = [list(p) for p in pairs_of(exported)]
        if actual != expected:
            for i, (a, e) in enumerate(zip(actual, expected)):
                if a != e:
                    print(f"first difference at pair {i}:\n  exported {a}\n  expected {e}", file=sys.stderr)
                    break
            print(f"exported {len(actual)} pairs, expected {len(expected)}", file=sys.stderr)
            return 1

        driver.execute_script("document.getElementById('viewport').scrollTop = 0")
        time.sleep(0.3)
        os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
        driver.save_screenshot(args.screenshot)
        # The 409 of the two-tab step is expected; anything else is a page error.
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "(Conflict)" not in e["message"]]
        assert not severe, f"browser console errors: {severe}"
        print(f"review browser test passed: {len(original)} pairs in, {len(actual)} exported as expected "
              f"(approve, merge, split, edit, approve+undo, next flagged, two-tab conflict, export); input {args.tmx}; "
              f"screenshot {args.screenshot}")
        return 0
    finally:
        if driver:
            driver.quit()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
