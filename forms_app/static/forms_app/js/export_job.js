// A job's progress box (导出报名 → a large export; 导入报名 → checking and importing a list): polls
// the job until it is done; with data-reload the page is loaded again to show the outcome.
// Wagtail writes extra_js before the page content: start once the document is parsed.
document.addEventListener("DOMContentLoaded", function () {
  const box = document.getElementById("export-job");
  if (!box || ["succeeded", "failed"].includes(box.dataset.status)) return;
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
    if (box.dataset.reload && ["succeeded", "failed"].includes(job.status)) {
      window.location.reload();
      return;
    }
    bar.value = job.percent;
    percent.textContent = job.percent + "%";
    message.textContent = job.status === "failed" ? box.dataset.failedText + job.message : job.message;
    if (job.status === "succeeded") {
      result.querySelector("a").href = job.result_url;
      result.hidden = false;
    } else if (job.status === "failed") {
      box.querySelector("[data-retry]").hidden = !job.retry_url;
    } else {
      window.setTimeout(poll, 1000);
    }
  }
  poll();
});
