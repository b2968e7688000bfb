// Conditional fields: a field with data-show-when is shown only while the named field has the
// value in data-show-value. Without JavaScript every field shows and the server decides.
(function () {
  var form = document.querySelector(".registration-form");
  if (!form) return;
  var conditional = form.querySelectorAll("[data-show-when]");
  function valueOf(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) values.push(input.type === "checkbox" && input.value === "on" ? "true" : input.value);
      } else if (input.multiple) {
        Array.prototype.forEach.call(input.selectedOptions, function (o) { values.push(o.value); });
      } else {
        values.push(input.value);
      }
    });
    return values;
  }
  function update() {
    conditional.forEach(function (box) {
      var wanted = box.dataset.showValue;
      var values = valueOf(box.dataset.showWhen);
      var show = values.indexOf(wanted) !== -1 || (wanted === "是" && values.indexOf("true") !== -1);
      box.hidden = !show;
    });
  }
  form.addEventListener("change", update);
  update();
})();
