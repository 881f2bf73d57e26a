// The page's only script: drag and drop onto the file chooser, a busy button, confirmations,
// and live progress of a job by polling its JSON (the page works without it, minus those).
"use strict";

function setupDrop() {
  const drop = document.getElementById("drop");
  const input = document.getElementById("roster");
  if (!drop || !input) return;
  const name = document.getElementById("drop-name");
  const show = () => {
    name.textContent = input.files.length ? name.dataset.prefix + input.files[0].name : "";
  };
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach((kind) =>
    drop.addEventListener(kind, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    })
  );
  ["dragleave", "drop"].forEach((kind) =>
    drop.addEventListener(kind, () => drop.classList.remove("over"))
  );
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
    }
  });
  const form = document.getElementById("upload-form");
  const button = document.getElementById("submit");
  form.addEventListener("submit", () => {
    button.disabled = true;
    button.textContent = button.dataset.busy;
  });
}

function setupConfirm() {
  document.querySelectorAll("form.confirm").forEach((form) =>
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    })
  );
}

function setupProgress() {
  const box = document.getElementById("progress");
  if (!box) return;
  const stages = JSON.parse(box.dataset.stages);
  const put = (id, value) => {
    const cell = document.getElementById(id);
    if (cell) cell.textContent = value === undefined || value === null ? "-" : value;
  };
  let delay = 1000;
  const poll = async () => {
    try {
      const answer = await fetch("/api/jobs/" + box.dataset.job, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!answer.ok) throw new Error(answer.status);
      const job = await answer.json();
      if (job.status !== box.dataset.status) {
        window.location.reload();  // the server renders the next state (or the result)
        return;
      }
      const p = job.progress || {};
      document.querySelectorAll("[data-show=position]").forEach((box) => {
        box.hidden = job.status !== "queued";
      });
      put("p-position", p.position);
      put("p-stage", p.stage ? stages[p.stage] || p.stage : undefined);
      put("p-parts", p.parts_total ? p.parts_done + " / " + p.parts_total : undefined);
      put("p-filled", p.filled);
      put("p-bound", p.bound);
      put("p-elapsed", p.elapsed !== undefined ? Math.round(p.elapsed) : undefined);
      delay = 1000;
    } catch (error) {
      delay = Math.min(delay * 2, 15000);  // the server restarts: try again, less often
    }
    window.setTimeout(poll, delay);
  };
  poll();
}

function localTimes() {
  // The server writes UTC; a coordinator reads the time of their own clock.
  const two = (n) => String(n).padStart(2, "0");
  document.querySelectorAll(".when[data-utc]").forEach((cell) => {
    const when = new Date(cell.dataset.utc);
    if (isNaN(when)) return;
    cell.textContent = when.getFullYear() + "-" + two(when.getMonth() + 1) + "-" +
      two(when.getDate()) + " " + two(when.getHours()) + ":" + two(when.getMinutes());
  });
}

localTimes();
setupDrop();
setupConfirm();
setupProgress();
