"""The web service as a client sees it: a real ``scheduler serve`` subprocess on a loopback port,
talked to over HTTP. Small rosters and one-second time limits keep it fast."""

from __future__ import annotations

import concurrent.futures
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import hostile
import pytest
import requests
from webserver import (
    PASSWORD,
    Server,
    add_user,
    bearer,
    csrf_of,
    page_login,
    scheduler,
    submit,
    wait_for,
)

from scheduler.example import write_example


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web-data")


@pytest.fixture(scope="module")
def tokens(data) -> dict[str, str]:
    return {name: add_user(data, name) for name in ("alice", "bob")}


@pytest.fixture(scope="module")
def server(data, tokens):
    running = Server(data, "--jobs", "2", "--max-upload-mb", "1").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def roster(tmp_path_factory) -> Path:
    """40 volunteers, one day: solved in about a second. A Chinese file name on purpose."""
    path = tmp_path_factory.mktemp("rosters") / "东苑社区 花名册.xlsx"
    write_example(path, volunteers=40, seed=2)
    return path


@pytest.fixture(scope="module")
def done_job(server, tokens, roster) -> dict:
    answer = submit(server, tokens["alice"], roster, time_limit=1, split_by="community")
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "queued"
    return wait_for(server, tokens["alice"], answer.json()["id"])


def test_the_whole_flow_ends_in_a_schedule_that_verify_accepts(
    server, tokens, roster, done_job, tmp_path
):
    assert done_job["status"] == "done", done_job
    summary = done_job["summary"]
    assert 0 < summary["filled"] <= summary["required"]
    assert {f["en"] for f in summary["figures"]} >= {"filled slots", "required slots"}
    assert all(row["reason"] for row in summary["shortfalls"])
    assert bool(summary["advice"]) == bool(summary["shortfalls"])  # said once, above the rows
    url = server.url(f"/api/jobs/{done_job['id']}/schedule.xlsx")
    download = requests.get(url, headers=bearer(tokens["alice"]), timeout=30)
    assert download.status_code == 200
    disposition = download.headers["content-disposition"]
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)
    assert unquote(encoded) == "东苑社区 花名册_排班表.xlsx"
    schedule = tmp_path / "downloaded.xlsx"
    schedule.write_bytes(download.content)
    verified = scheduler("verify", str(roster), str(schedule))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_split_workbooks_come_as_one_zip(server, tokens, done_job):
    url = server.url(f"/api/jobs/{done_job['id']}/split.zip")
    answer = requests.get(url, headers=bearer(tokens["alice"]), timeout=30)
    assert answer.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert names and all(name.endswith(".xlsx") for name in names)


def test_a_job_is_listed_to_its_owner_newest_first(server, tokens, roster, done_job):
    later = submit(server, tokens["alice"], roster, time_limit=1).json()["id"]
    listed = requests.get(server.url("/api/jobs"), headers=bearer(tokens["alice"]), timeout=30)
    ids = [job["id"] for job in listed.json()["jobs"]]
    assert ids.index(later) < ids.index(done_job["id"])
    wait_for(server, tokens["alice"], later)


def _job_routes(job_id: str) -> list[tuple[str, str]]:
    return [
        ("GET", f"/api/jobs/{job_id}"),
        ("GET", f"/api/jobs/{job_id}/schedule.xlsx"),
        ("GET", f"/api/jobs/{job_id}/split.zip"),
        ("DELETE", f"/api/jobs/{job_id}"),
    ]


def test_another_users_job_is_not_found_on_every_route(server, tokens, done_job):
    job_id = done_job["id"]
    for method, path in _job_routes(job_id):
        answer = requests.request(method, server.url(path), headers=bearer(tokens["bob"]))
        assert answer.status_code == 404, (method, path)
        assert "error" in answer.json()
    listed = requests.get(server.url("/api/jobs"), headers=bearer(tokens["bob"]), timeout=30)
    assert job_id not in {job["id"] for job in listed.json()["jobs"]}
    session = page_login(server, "bob")
    assert job_id not in session.get(server.url("/"), timeout=30).text
    assert session.get(server.url(f"/jobs/{job_id}"), timeout=30).status_code == 404
    csrf = csrf_of(session.get(server.url("/"), timeout=30).text)
    for action in ("start", "delete"):
        answer = session.post(server.url(f"/jobs/{job_id}/{action}"), data={"csrf": csrf})
        assert answer.status_code == 404, action
    mine = requests.get(server.url(f"/api/jobs/{job_id}"), headers=bearer(tokens["alice"]))
    assert mine.status_code == 200  # still there for its owner


def test_no_credentials_answer_401(server, done_job):
    routes = _job_routes(done_job["id"]) + [("GET", "/api/jobs"), ("POST", "/api/jobs")]
    for method, path in routes + [("POST", "/api/check")]:
        for headers in ({}, bearer("not-a-token")):
            answer = requests.request(method, server.url(path), headers=headers, timeout=30)
            assert answer.status_code == 401, (method, path, headers)
            assert answer.headers["www-authenticate"] == "Bearer"


def test_a_page_form_without_the_forgery_token_answers_403(server, tokens, roster, done_job):
    session = page_login(server, "alice")
    with open(roster, "rb") as handle:
        upload = session.post(server.url("/upload"), files={"roster": handle}, timeout=60)
    assert upload.status_code == 403
    for action in ("delete", "start"):
        answer = session.post(server.url(f"/jobs/{done_job['id']}/{action}"), timeout=30)
        assert answer.status_code == 403
        wrong = session.post(server.url(f"/jobs/{done_job['id']}/{action}"), data={"csrf": "x"})
        assert wrong.status_code == 403
    assert session.post(server.url("/logout"), timeout=30).status_code == 403
    api = session.delete(server.url(f"/api/jobs/{done_job['id']}"), timeout=30)
    assert api.status_code == 403  # the page's session may only read the API without it
    assert session.get(server.url(f"/api/jobs/{done_job['id']}")).status_code == 200


def test_the_session_cookie_is_httponly_and_samesite(server):
    answer = requests.get(server.url("/login"), timeout=30)
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_an_oversized_upload_answers_413_with_a_message(server, tokens, tmp_path):
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (2 << 20))
    answer = submit(server, tokens["alice"], big)
    assert answer.status_code == 413
    assert "1 MB" in answer.json()["error"]

    def chunks():  # no Content-Length: the cap holds while the body streams
        yield b'--x\r\nContent-Disposition: form-data; name="roster"; filename="a.xlsx"\r\n\r\n'
        for _ in range(40):
            yield b"\0" * 65536

    streamed = requests.post(
        server.url("/api/jobs"),
        data=chunks(),
        headers=bearer(tokens["alice"]) | {"Content-Type": "multipart/form-data; boundary=x"},
        timeout=60,
    )
    assert streamed.status_code == 413


@pytest.mark.parametrize("defect", ["text_file_named_xlsx", "zip_bomb_part"])
def test_a_hostile_workbook_is_refused_with_its_problem(server, tokens, defect, tmp_path):
    path = hostile.HOSTILE[defect](tmp_path)
    for route in ("/api/jobs", "/api/check"):
        with open(path, "rb") as handle:
            answer = requests.post(
                server.url(route),
                headers=bearer(tokens["alice"]),
                files={"roster": (path.name, handle)},
                data={"lang": "en"},
                timeout=120,
            )
        assert answer.status_code == 422, answer.text
        (problem,) = answer.json()["problems"]
        assert problem["sheet"] == path.name  # the uploaded name, never the stored one
        assert set(problem) >= {"sheet", "row", "column", "value", "problem"}
        assert "xlsx" in problem["problem"] or "workbook" in problem["problem"]


def test_row_problems_are_listed_and_do_not_stop_the_job(server, tokens, tmp_path):
    path = tmp_path / "one_bad_row.xlsx"
    sheets = hostile.base()
    hostile.put(sheets, hostile.VOLUNTEERS, 3, "可服务时段", "8点-12")
    hostile.save(sheets, path)
    with open(path, "rb") as handle:
        checked = requests.post(
            server.url("/api/check"), headers=bearer(tokens["alice"]), files={"roster": handle}
        )
    assert checked.status_code == 200 and checked.json()["usable"]
    (problem,) = checked.json()["problems"]
    assert (problem["sheet"], problem["row"], problem["column"]) == ("志愿者", 3, "可服务时段")
    job = wait_for(server, tokens["alice"], submit(server, tokens["alice"], path).json()["id"])
    assert job["status"] == "done"
    assert any(row["row"] == 3 for row in job["problems"])


def test_a_settings_problem_is_told_apart_from_a_row_left_out(server, tokens, tmp_path):
    """The API and the page say what the Issues sheet's 级别 says: a row left out is an error, a
    Settings value whose default was used is a setting, each with its words."""
    path = tmp_path / "bad_setting.xlsx"
    sheets = hostile.base()
    hostile.put(sheets, hostile.VOLUNTEERS, 3, "可服务时段", "8点-12")
    sheets["参数"] = [["参数", "值"], ["班次间隔分钟", "很久"]]
    hostile.save(sheets, path)
    job = wait_for(server, tokens["alice"], submit(server, tokens["alice"], path).json()["id"])
    kinds = {row["sheet"]: (row["severity"], row["kind"]) for row in job["problems"]}
    assert kinds["志愿者"] == ("error", "错误（该行未参与排班）")
    assert kinds["参数"] == ("setting", "错误（已用默认值）")


def test_the_page_walks_a_coordinator_through(server, roster):
    session = page_login(server, "alice")
    home = session.get(server.url("/"), timeout=30)
    assert "上传花名册" in home.text and 'name="viewport"' in home.text
    with open(roster, "rb") as handle:
        answer = session.post(
            server.url("/upload"),
            files={"roster": (roster.name, handle)},
            data={"csrf": csrf_of(home.text), "time_limit": "1"},
            timeout=120,
        )
    assert answer.status_code == 200 and "/jobs/" in answer.url
    job_id = answer.url.rsplit("/", 1)[-1]
    assert session.get(server.url(f"/api/jobs/{job_id}")).json()["status"] in (
        "queued",
        "running",
        "done",
    )
    english = session.get(server.url(f"/lang/en?next=/jobs/{job_id}"), timeout=30)
    assert "Log out" in english.text
    for name in ("/template.xlsx", "/sample.xlsx"):
        got = session.get(server.url(name), timeout=60)
        assert got.status_code == 200 and got.content.startswith(b"PK")
    deleted = session.post(
        server.url(f"/jobs/{job_id}/delete"), data={"csrf": csrf_of(english.text)}, timeout=30
    )
    assert deleted.status_code == 200
    assert session.get(server.url(f"/api/jobs/{job_id}")).status_code == 404
    assert not (server.data / "jobs" / job_id).exists()


def test_repeated_wrong_passwords_are_slowed_down(server):
    session = requests.Session()
    csrf = csrf_of(session.get(server.url("/login"), timeout=30).text)

    def attempt(password: str) -> int:
        form = {"name": "bob", "password": password, "csrf": csrf}
        return session.post(server.url("/login"), data=form, timeout=30).status_code

    codes = [attempt("wrong") for _ in range(3)]
    assert codes == [401, 401, 401]
    refused = 0
    for _ in range(12):  # each checked failure doubles the wait: refusals soon come in a row
        refused = refused + 1 if attempt("wrong") == 429 else 0
        if refused == 3:
            break
    assert refused == 3
    assert attempt(PASSWORD) == 429  # even the right password waits its turn


def test_errors_never_show_a_trace(server, tokens):
    for answer in (
        requests.post(server.url("/api/jobs"), headers=bearer(tokens["alice"]), timeout=30),
        requests.get(server.url("/api/nowhere"), timeout=30),
        requests.get(server.url("/jobs/nothing"), timeout=30),
    ):
        assert answer.status_code in (401, 404, 422, 303, 200)
        assert "Traceback" not in answer.text and 'File "' not in answer.text


def test_bad_options_are_answered_with_what_to_give(server, tokens, roster):
    answer = submit(server, tokens["alice"], roster, time_limit="abc", lang="en")
    assert answer.status_code == 422
    assert "time limit" in answer.json()["error"]


def test_fifty_clients_polling_all_get_answers(server, tokens, tmp_path):
    """The bounded load of benchmarks/web_load.py, asserted only to answer: 50 threads, 10 polls
    each, while a job runs."""
    path = tmp_path / "load.xlsx"
    write_example(path, volunteers=120, seed=4)
    job_id = submit(server, tokens["alice"], path, time_limit=3).json()["id"]
    url = server.url(f"/api/jobs/{job_id}")

    def poll(_: int) -> list[int]:
        with requests.Session() as session:
            return [
                session.get(url, headers=bearer(tokens["alice"])).status_code for _ in range(10)
            ]

    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        codes = [code for codes in pool.map(poll, range(50)) for code in codes]
    assert codes == [200] * 500
    wait_for(server, tokens["alice"], job_id)


def test_ten_uploads_at_once_all_end_done(server, tokens, tmp_path):
    rosters = []
    for seed in range(10):
        rosters.append(tmp_path / f"r{seed}.xlsx")
        write_example(rosters[-1], volunteers=30, seed=seed + 10)

    def run(path: Path) -> dict:
        answer = submit(server, tokens["bob"], path, time_limit=1)
        assert answer.status_code == 202, answer.text
        return wait_for(server, tokens["bob"], answer.json()["id"], timeout=300)

    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        jobs = list(pool.map(run, rosters))
    assert [job["status"] for job in jobs] == ["done"] * 10


def test_the_access_log_names_who_did_what_but_no_roster_data(server, data, done_job):
    import sqlite3

    with sqlite3.connect(data / "scheduler.sqlite3") as db:
        rows = db.execute("SELECT user, action, job FROM access").fetchall()
    actions = {action for _, action, _ in rows}
    assert {"upload", "download schedule", "login", "delete"} <= actions
    assert ("alice", "upload", done_job["id"]) in rows
    assert not any("花名册" in str(row) for row in rows)


def test_a_previous_schedule_is_re_planned_from(server, tokens, roster, done_job, tmp_path):
    url = server.url(f"/api/jobs/{done_job['id']}/schedule.xlsx")
    previous = tmp_path / "上次排班.xlsx"
    previous.write_bytes(requests.get(url, headers=bearer(tokens["alice"]), timeout=30).content)
    with open(roster, "rb") as first, open(previous, "rb") as second:
        answer = requests.post(
            server.url("/api/jobs"),
            headers=bearer(tokens["alice"]),
            files={"roster": (roster.name, first), "previous": (previous.name, second)},
            data={"time_limit": "1"},
            timeout=120,
        )
    job = wait_for(server, tokens["alice"], answer.json()["id"])
    assert job["status"] == "done", job
    kept = {f["key"]: f["value"] for f in job["summary"]["figures"]}["kept"]
    assert kept > 0


def test_a_date_without_shifts_fails_the_job_with_the_reason(server, tokens, roster):
    answer = submit(server, tokens["alice"], roster, time_limit=1, date="2000-01-01", lang="en")
    job = wait_for(server, tokens["alice"], answer.json()["id"])
    assert job["status"] == "failed" and "2000-01-01" in job["error"]


def test_an_unexpected_failure_is_answered_with_a_message_not_a_trace(server, data, tokens):
    """A job row the program cannot read (written here by hand) makes its status route fail."""
    import sqlite3

    with sqlite3.connect(data / "scheduler.sqlite3") as db:
        db.execute(
            "INSERT INTO jobs (id, seq, owner, status, options, files, created) "
            "VALUES ('broken', 0, 'alice', 'done', 'not json', '{}', 0)"
        )
    try:
        answer = requests.get(server.url("/api/jobs/broken"), headers=bearer(tokens["alice"]))
        assert answer.status_code == 500
        assert answer.json()["error"] and "Traceback" not in answer.text
        assert "JSONDecodeError" in server.log()  # the trace is in the server's log instead
    finally:
        with sqlite3.connect(data / "scheduler.sqlite3") as db:
            db.execute("DELETE FROM jobs WHERE id = 'broken'")


def test_a_second_service_on_the_same_data_directory_is_refused(server, data):
    second = scheduler("serve", "--data", str(data), "--port", "1", "--lang", "en")
    assert second.returncode == 1
    assert "already runs" in second.stderr and "Traceback" not in second.stderr
