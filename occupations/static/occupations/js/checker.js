// Progressive enhancement of the checker: "add a row" buttons for the formsets, and the
// results scrolled into view. Without JavaScript the blank rows the server renders suffice.
(function () {
  document.querySelectorAll(".formset").forEach(function (fieldset) {
    var prefix = fieldset.dataset.prefix;
    var total = fieldset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = fieldset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = fieldset.querySelector("template.formset-empty");
    var button = fieldset.querySelector(".formset-add");
    var rows = fieldset.querySelector(".formset-rows");
    if (!total || !template || !button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = rows.lastElementChild.querySelector("select, input");
      if (first) first.focus();
    });
  });
  var results = document.getElementById("results");
  if (results) results.scrollIntoView({ behavior: "smooth", block: "start" });
})();
