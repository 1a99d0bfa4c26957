// The statistics page: tables sort by a click on their header (numbers by value, names in Chinese
// order), and on election day the ballots issued follow the register every 5 seconds.
(function () {
  "use strict";
  var collator = new Intl.Collator(document.documentElement.lang || "zh", {numeric: true});

  function key(cell) {
    var value = cell.getAttribute("data-value");
    return value === null ? cell.textContent.trim() : value;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".sortable .sort-button");
    if (!button) {
      return;
    }
    var th = button.parentElement;
    var table = th.closest("table");
    var column = Number(button.getAttribute("data-column"));
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[column]), y = key(b.cells[column]);
      var nx = x === "" ? NaN : Number(x), ny = y === "" ? NaN : Number(y);
      var order;
      if (!isNaN(nx) && !isNaN(ny)) {
        order = nx - ny;
      } else if (isNaN(nx) !== isNaN(ny) && (x === "" || y === "")) {
        order = x === "" ? 1 : -1;  // nothing to show sorts last either way
        return order;
      } else {
        order = collator.compare(x, y);
      }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });

  var headline = document.getElementById("headline");
  var url = headline && headline.getAttribute("data-live-url");
  if (!url) {
    return;
  }
  var grouped = new Intl.NumberFormat("en-US");
  function refresh() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (live) {
        if (!live) {
          return;
        }
        document.getElementById("live-issued").textContent = grouped.format(live.issued);
        document.getElementById("live-turnout").textContent =
          live.electorate ? (100 * live.issued / live.electorate).toFixed(1) + "%" : "—";
        var updated = document.getElementById("live-updated");
        updated.querySelector("span").textContent = new Date().toLocaleTimeString();
        updated.classList.remove("d-none");
      })
      .catch(function () { /* the next tick tries again */ });
  }
  setInterval(refresh, 5000);
})();
