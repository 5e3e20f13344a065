(function () {
  "use strict";
  var table = document.getElementById("services-table");
  if (!table || !table.tHead || !table.tBodies.length) { return; }
  var heads = table.tHead.rows[0].cells;
  function key(row, col) {
    var cell = row.cells[col];
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-value");
    return v === null ? cell.textContent.trim() : v;
  }
  function sortBy(th, col, type) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      if (type === "number") {
        var xe = x === "" || isNaN(parseFloat(x)), ye = y === "" || isNaN(parseFloat(y));
        if (xe || ye) { return xe === ye ? 0 : (xe ? 1 : -1); }
        var d = parseFloat(x) - parseFloat(y);
        return ascending ? d : -d;
      }
      var c = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      return ascending ? c : -c;
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    body.appendChild(frag);
    var status = document.getElementById("sort-status");
    if (status) {
      status.textContent = "Sorted by " + th.textContent.trim() + ", " +
        (ascending ? "ascending" : "descending") + ".";
    }
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    var type = th.getAttribute("data-sort");
    if (!type) { return; }
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(th, col, type); });
  });
  var note = document.getElementById("sort-note");
  if (note) {
    note.textContent = "Select a column heading to sort the table; select it again to reverse the order.";
  }
})();
