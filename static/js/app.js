// The pages' only script beside Bootstrap's, loaded from a file: the CSP allows no inline script.
// A form with data-confirm asks before it is sent, in the dialog #confirm-dialog of base.html: what
// will happen (data-confirm), what cannot be undone (data-confirm-final), and the button that does
// it (data-confirm-button). Without a script the form is sent as it is; the server checks it anyway.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  var dialog = document.getElementById("confirm-dialog");
  if (!question || form.getAttribute("data-confirmed") === "yes" || !dialog || !window.bootstrap) {
    return;
  }
  event.preventDefault();
  var submitter = event.submitter || null;
  dialog.querySelector("[data-confirm-text]").textContent = question;
  dialog.querySelector("[data-confirm-final]").textContent = form.getAttribute("data-confirm-final") || "";
  var go = dialog.querySelector("[data-confirm-go]");
  go.textContent = form.getAttribute("data-confirm-button") || go.getAttribute("data-default-label");
  var modal = window.bootstrap.Modal.getOrCreateInstance(dialog);
  go.onclick = function () {
    go.onclick = null;
    form.setAttribute("data-confirmed", "yes");
    modal.hide();
    if (form.requestSubmit) {
      form.requestSubmit(submitter);
    } else {
      form.submit();
    }
  };
  modal.show();
});

// A unit field with data-unit-lookup offers, as one types, the units of the jurisdiction whose
// name or code matches (the search page's JSON), as "name code": the server reads the code.
document.addEventListener("input", function (event) {
  var field = event.target;
  var url = field.getAttribute && field.getAttribute("data-unit-lookup");
  var text = field.value.trim();
  if (!url || text.length < 2 || /\d{12}/.test(text)) {
    return;
  }
  window.clearTimeout(field.unitLookupTimer);
  field.unitLookupTimer = window.setTimeout(function () {
    fetch(url + "?q=" + encodeURIComponent(text), {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (units) {
        var list = document.getElementById(field.getAttribute("list"));
        list.replaceChildren.apply(list, units.slice(0, 20).map(function (unit) {
          var option = document.createElement("option");
          option.value = unit.name + " " + unit.code;
          return option;
        }));
      });
  }, 200);
});
