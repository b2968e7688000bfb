// The progress box of a background job (hostsite/includes/job_progress.html): polls the job
// until it has finished, then shows its result link or the retry button; with data-reload the
// page is loaded again instead, to show the outcome it renders itself.
// Wagtail writes extra_js before the page content: start once the document is parsed.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-job-progress]").forEach(function (box) {
    if (["succeeded", "failed"].includes(box.dataset.status)) return;
    const bar = box.querySelector("progress");
    const percent = box.querySelector("[data-percent]");
    const message = box.querySelector("[data-message]");
    const result = box.querySelector("[data-result]");
    async function poll() {
      let job;
      try {
        const response = await fetch(box.dataset.statusUrl, {
          credentials: "same-origin", headers: {"Accept": "application/json"},
        });
        if (!response.ok) throw new Error(response.status);
        job = await response.json();
      } catch (error) {
        message.textContent = box.dataset.lostText;
        return;
      }
      const finished = ["succeeded", "failed"].includes(job.status);
      if (box.dataset.reload && finished) {
        window.location.reload();
        return;
      }
      bar.value = job.percent;
      percent.textContent = job.percent + "%";
      message.textContent = job.status === "failed" ? box.dataset.failedText + job.message : job.message;
      if (job.status === "succeeded" && result) {
        result.querySelector("a").href = job.result_url;
        result.hidden = false;
      } else if (job.status === "failed") {
        box.querySelector("[data-retry]").hidden = !job.retry_url;
      }
      if (!finished) window.setTimeout(poll, 1000);
    }
    poll();
  });
});
