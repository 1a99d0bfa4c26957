// Batch printing (templates/documents/batches.html): each batch still queued or running asks the
// server how far it is every 2 s and shows the pages done, the time left and, once done, the link.
(function () {
  "use strict";
  const fill = (text, values) => Object.entries(values).reduce((t, [k, v]) => t.split("%(" + k + ")s").join(v), text);
  document.querySelectorAll("tr.job").forEach((row) => {
    if (!["queued", "running"].includes(row.dataset.status)) return;
    const bar = row.querySelector(".job-bar");
    const state = row.querySelector(".job-state");
    const link = row.querySelector(".job-download");
    const poll = () => {
      fetch(row.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((job) => {
          bar.max = job.pages_total;
          bar.value = job.pages_done;
          row.dataset.status = job.status;
          if (job.status === "queued") {
            state.textContent = state.dataset.queued;
          } else if (job.status === "failed") {
            state.textContent = state.dataset.failed;
          } else {
            let text = fill(state.dataset.running, { done: job.pages_done, total: job.pages_total });
            if (job.status === "running" && job.seconds_left !== null) {
              text += " · " + fill(state.dataset.left, { seconds: job.seconds_left });
            }
            state.textContent = text;
          }
          if (job.status === "done") link.classList.remove("d-none");
          if (job.status === "queued" || job.status === "running") setTimeout(poll, 2000);
        })
        .catch(() => setTimeout(poll, 5000));
    };
    poll();
  });
})();
