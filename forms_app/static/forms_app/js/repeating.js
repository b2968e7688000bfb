// Repeating rows (学历, 工作经历, 证书, 培训): show the filled rows and one blank row, with buttons
// to add a row (up to data-max-rows) and to remove one. Without JavaScript the server shows
// three rows and ignores blank ones, so nothing here is needed to apply.
(function () {
  function blank(row) {
    return Array.prototype.every.call(row.querySelectorAll("input, select, textarea"), function (el) {
      return el.type === "checkbox" ? !el.checked : !el.value;
    });
  }
  function clear(row) {
    row.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (el.type === "checkbox") el.checked = false; else el.value = "";
    });
  }
  function renumber(row, index, label) {
    row.dataset.row = index;
    row.querySelectorAll("[name], [id], label[for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/-\d+-([a-z_]+)$/, "-" + index + "-$1"));
      });
    });
    var legend = row.querySelector("legend");
    if (legend) legend.textContent = label.replace("{n}", index + 1);
  }
  document.querySelectorAll("[data-repeating]").forEach(function (box) {
    var max = parseInt(box.dataset.maxRows, 10) || 10;
    var rows = function () { return Array.prototype.slice.call(box.querySelectorAll(".repeat-row")); };
    var actions = document.createElement("div");
    actions.className = "repeat-actions";
    var add = document.createElement("button");
    add.type = "button";
    add.className = "secondary";
    add.textContent = box.dataset.addLabel;
    actions.appendChild(add);
    box.insertBefore(actions, box.querySelector(".repeat-note"));

    function refresh() {
      var visible = rows().filter(function (row) { return !row.hidden; });
      add.hidden = visible.length >= max;
      visible.forEach(function (row) {
        var remove = row.querySelector(".repeat-remove");
        if (remove) remove.hidden = visible.length < 2;
      });
    }
    rows().forEach(function (row, i, all) {
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary repeat-remove";
      remove.textContent = box.dataset.removeLabel;
      remove.addEventListener("click", function () {
        clear(row);
        row.hidden = true;
        refresh();
        add.focus();
      });
      row.appendChild(remove);
      // Keep the filled rows and the first blank one after them.
      var laterFilled = all.slice(i + 1).some(function (r) { return !blank(r); });
      var firstBlank = all.slice(0, i).every(function (r) { return !blank(r); });
      if (blank(row) && !laterFilled && !firstBlank) row.hidden = true;
    });
    add.addEventListener("click", function () {
      var all = rows();
      var next = all.filter(function (row) { return row.hidden; })[0];
      if (!next && all.length < max) {
        var last = all[all.length - 1];
        next = last.cloneNode(true);
        clear(next);
        renumber(next, all.length, box.dataset.rowLabel);
        last.parentNode.insertBefore(next, last.nextSibling);
        next.querySelector(".repeat-remove").addEventListener("click", function () {
          clear(next);
          next.hidden = true;
          refresh();
          add.focus();
        });
      }
      if (next) {
        next.hidden = false;
        var first = next.querySelector("input, select");
        if (first) first.focus();
      }
      refresh();
    });
    refresh();
  });
})();
