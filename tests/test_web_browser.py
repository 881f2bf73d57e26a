"""A real browser on the page: Debian's headless Chromium, driven by Selenium through the system's
chromedriver (given explicitly, so Selenium Manager downloads nothing), logs in, uploads
data/sample_roster.xlsx, waits for the job, downloads the schedule, and ``scheduler verify``
accepts it.

``SCHEDULER_SCREENSHOTS=docs pytest tests/test_web_browser.py`` also saves the result page as
``docs/web_result.png`` (desktop) and ``docs/web_result_phone.png`` (a phone's width).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from webserver import PASSWORD, Server, add_user, scheduler

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_roster.xlsx"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "data"
    add_user(data, "coordinator")
    running = Server(data).start()
    yield running
    running.stop()


@pytest.fixture
def browser(tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,2000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.downloads = downloads
    yield driver
    driver.quit()


def test_a_coordinator_schedules_the_sample_roster_in_a_browser(server, browser, tmp_path):
    wait = WebDriverWait(browser, 180)
    browser.get(server.url("/"))
    browser.find_element(By.ID, "name").send_keys("coordinator")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "upload-form")))
    browser.find_element(By.ID, "roster").send_keys(str(SAMPLE))
    limit = browser.find_element(By.ID, "time_limit")
    limit.clear()
    limit.send_keys("5")
    browser.find_element(By.ID, "submit").click()
    wait.until(expected_conditions.url_contains("/jobs/"))
    if browser.find_elements(By.ID, "go-on"):  # row problems: the coordinator goes on
        browser.find_element(By.ID, "go-on").click()
    link = wait.until(expected_conditions.element_to_be_clickable((By.ID, "download-schedule")))
    assert browser.find_element(By.ID, "summary").text
    assert browser.find_element(By.ID, "shortfalls").text  # the sample is scarce on purpose
    assert browser.find_element(By.ID, "shortfall-advice").text  # once, above the reasons
    _screenshots(browser)
    link.click()
    schedule = _downloaded(browser.downloads)
    verified = scheduler("verify", str(SAMPLE), str(schedule))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def _downloaded(folder: Path, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob("*.xlsx") if not p.name.endswith(".crdownload")]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"nothing downloaded into {folder}: {list(folder.iterdir())}")


def _screenshots(browser) -> None:
    folder = os.environ.get("SCHEDULER_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for name, width, height in (
        ("web_result.png", 1280, 1500),
        ("web_result_phone.png", 390, 1400),
    ):
        browser.set_window_size(width, height)
        browser.save_screenshot(str(Path(folder) / name))
    browser.set_window_size(1280, 2000)
