// The "获取验证码" button (forms_app/includes/sms_code_field.html): asks the endpoint for a code
// for the mobile typed above, shows the answer, and counts down the resend wait on the button.
// Without JavaScript the button posts the whole form and the page sends the code itself.
(function () {
  document.querySelectorAll("[data-sms-code]").forEach(function (box) {
    var button = box.querySelector(".send-code");
    var status = box.querySelector(".sms-code-status");
    var input = box.querySelector("input");
    var form = box.closest("form");
    if (!button || !form) return;

    function named(name) {
      return name ? form.querySelector('[name="' + name + '"]') : null;
    }

    function countdown(seconds) {
      var left = seconds;
      button.disabled = true;
      (function tick() {
        if (left <= 0) {
          button.disabled = false;
          button.textContent = button.dataset.label;
          return;
        }
        button.textContent = button.dataset.waitLabel.replace("{seconds}", left);
        left -= 1;
        setTimeout(tick, 1000);
      })();
    }

    function say(message, ok) {
      status.textContent = message;
      status.classList.toggle("field-error", !ok);
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var body = new FormData();
      var token = form.querySelector('[name="csrfmiddlewaretoken"]');
      var mobile = named(box.dataset.mobileField);
      var idNumber = named(box.dataset.idField);
      body.append("csrfmiddlewaretoken", token ? token.value : "");
      body.append("purpose", box.dataset.purpose);
      body.append("mobile", mobile ? mobile.value : "");
      if (idNumber && idNumber.value) body.append("id_number", idNumber.value);
      button.disabled = true;
      fetch(box.dataset.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          say(answer.message, answer.ok);
          if (answer.ok) {
            countdown(answer.wait);
            input.focus();
          } else {
            button.disabled = false;
            if (mobile && /手机/.test(answer.message)) mobile.focus();
          }
        })
        .catch(function () {
          say(box.dataset.failed, false);
          button.disabled = false;
        });
    });

    if (box.dataset.countdown) countdown(parseInt(box.dataset.countdown, 10));
  });
})();
