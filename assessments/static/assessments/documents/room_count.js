// The room's check-in page: refresh the present/absent count every 5 seconds.
document.addEventListener("DOMContentLoaded", function () {
  const box = document.getElementById("room-count");
  const select = document.querySelector("[data-autosubmit]");
  if (select) select.addEventListener("change", function () { select.form.submit(); });
  if (!box) return;
  async function refresh() {
    try {
      const response = await fetch(box.dataset.countUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}});
      if (response.ok) {
        const count = await response.json();
        box.querySelector("[data-present]").textContent = count.present;
        box.querySelector("[data-absent]").textContent = count.absent;
        box.querySelector("[data-seated]").textContent = count.seated;
      }
    } catch (error) { /* offline for a moment: keep the last count */ }
    window.setTimeout(refresh, 5000);
  }
  window.setTimeout(refresh, 5000);
});
