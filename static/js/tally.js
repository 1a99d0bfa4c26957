// The tally sheet's live checks (tallies/sheet.py holds the same law, and the server checks again):
// as the clerk types, each broken check is listed with its rule and the field is marked.
(function () {
  "use strict";
  var form = document.getElementById("tally-form");
  if (!form) {
    return;
  }
  var messages = document.getElementById("tally-messages").dataset;
  var list = document.getElementById("live-checks");

  function value(name) {
    var field = form.elements.namedItem(name);
    if (!field || field.value.trim() === "" || !/^\d+$/.test(field.value.trim())) {
      return null;
    }
    return parseInt(field.value.trim(), 10);
  }

  function mark(name, bad) {
    var field = form.elements.namedItem(name);
    if (field && field.classList) {
      field.classList.toggle("is-invalid", bad);
    }
  }

  function check() {
    var problems = [];
    var issued = value("issued"), found = value("found"), invalid = value("invalid");
    var register = parseInt(form.dataset.register, 10);
    var electorate = parseInt(form.dataset.electorate, 10);
    var others = parseFloat(form.dataset.others);
    mark("issued", issued !== null && issued !== register);
    if (issued !== null && issued !== register) { problems.push(messages.register); }
    mark("found", found !== null && issued !== null && found > issued);
    if (found !== null && issued !== null && found > issued) { problems.push(messages.overIssued); }
    mark("invalid", invalid !== null && found !== null && invalid > found);
    if (invalid !== null && found !== null && invalid > found) { problems.push(messages.invalid); }
    if (invalid !== null && found && invalid > 0.1 * found) { problems.push(messages.manyInvalid); }
    if (found !== null && electorate && !isNaN(others) && Math.abs(found / electorate - others) > 0.2) {
      problems.push(messages.turnout);
    }
    form.querySelectorAll(".tally-post").forEach(function (section) {
      var post = section.dataset.post, seats = parseInt(section.dataset.seats, 10);
      var postInvalid = value(post + ".invalid");
      var total = 0;
      section.querySelectorAll("[data-votes]").forEach(function (field) {
        var n = /^\d+$/.test(field.value.trim()) ? parseInt(field.value.trim(), 10) : 0;
        total += n;
      });
      var notInvalid = (found || 0) - (invalid || 0);
      var badInvalid = postInvalid !== null && found !== null && postInvalid > Math.max(notInvalid, 0);
      mark(post + ".invalid", badInvalid);
      if (badInvalid) { problems.push(messages.postInvalid); }
      section.querySelectorAll(".write-in [data-votes]").forEach(function (field) {
        var n = /^\d+$/.test(field.value.trim()) ? parseInt(field.value.trim(), 10) : 0;
        if (notInvalid > 0 && n >= 0.2 * notInvalid) { problems.push(messages.writeIn); }
      });
      var valid = notInvalid - (postInvalid || 0);
      var badVotes = found !== null && total > seats * valid;
      section.classList.toggle("border-danger", badVotes);
      if (badVotes) { problems.push(messages.postVotes); }
    });
    list.replaceChildren.apply(list, problems.map(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
  }

  form.addEventListener("input", check);
  check();
}());
