// Keying ballots: one key per candidate (Y yes, N no, A abstain), write-ins after a "no",
// Enter for the next ballot. Each ballot is checked as it is keyed; invalid ones are flagged.
(function () {
  "use strict";
  var panel = document.getElementById("keying");
  var form = document.getElementById("ballot-form");
  if (!panel || !form) return;
  var labels = document.getElementById("row-labels").dataset;
  var keys = document.getElementById("id_keys");
  var writeIns = document.getElementById("id_write_ins");
  var entry = document.getElementById("id_entry");
  var message = document.getElementById("key-message");
  var verdict = document.getElementById("key-verdict");
  var slots = document.querySelectorAll("#key-preview td[data-slot]");
  var seats = parseInt(panel.dataset.seats, 10);
  var allowWriteIns = panel.dataset.writeIns === "1";
  var MARKS = { y: "yes", n: "no", a: "abstain", "0": "abstain", "-": "abstain" };

  function names(text) {
    return text.split(/[\s、，,;；]+/).filter(function (s) { return s !== ""; });
  }

  function state() {
    var typed = keys.value.toLowerCase();
    var marks = [];
    for (var i = 0; i < typed.length; i++) marks.push(MARKS[typed[i]] || null);
    var yes = marks.filter(function (m) { return m === "yes"; }).length;
    var no = marks.filter(function (m) { return m === "no"; }).length;
    var written = writeIns ? names(writeIns.value).length : 0;
    return { marks: marks, yes: yes, no: no, written: written, complete: marks.length === slots.length };
  }

  function render() {
    var s = state();
    slots.forEach(function (td, i) {
      var m = s.marks[i];
      td.textContent = m ? labels[m] : (i < s.marks.length ? "?" : "—");
      td.className = m === "yes" ? "table-success" : m === "no" ? "table-warning" : "";
    });
    var text;
    var bad = false;
    if (keys.value === "") {
      text = labels.blank;
    } else if (!s.complete) {
      text = labels.short.replace("%(n)s", slots.length - s.marks.length);
    } else if (s.yes + s.written > seats) {
      text = labels.tooMany;
      bad = true;
    } else {
      text = labels.valid;
    }
    verdict.textContent = text;
    verdict.className = bad ? "table-danger fw-bold" : "";
  }

  keys.addEventListener("input", function () {
    keys.value = keys.value.replace(/[^ynaYNA0\-]/g, "").slice(0, slots.length);
    render();
  });
  if (writeIns) writeIns.addEventListener("input", render);

  keys.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var s = state();
    if (allowWriteIns && s.no > 0 && writeIns && document.activeElement === keys) {
      message.className = "mt-2 text-muted";
      message.textContent = labels.needWriteIn;
      writeIns.focus();
      return;
    }
    send();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });

  function show(text, kind) {
    message.className = "mt-2 alert py-1 alert-" + kind;
    message.textContent = text;
  }

  var busy = false;

  function send() {
    // One ballot at a time: Enter pressed again while the last one is being saved is ignored.
    if (busy) return;
    busy = true;
    var body = new FormData(form);
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      busy = false;
      if (!data.ok) {
        show(data.errors.join(" "), "danger");
        keys.focus();
        return;
      }
      if (data.corrected || data.keyed >= parseInt(panel.dataset.returned, 10)) {
        window.location.reload();
        return;
      }
      addRow(data);
      document.getElementById("keyed-count").textContent = data.keyed;
      show(labels.saved.replace("%(n)s", data.number) + "：" + (data.valid ? labels.valid : labels.invalid),
           data.valid ? "success" : "danger");
      keys.value = "";
      if (writeIns) writeIns.value = "";
      entry.value = "";
      render();
      keys.focus();
    }).catch(function () {
      busy = false;
      form.submit();
    });
  }

  function addRow(data) {
    var tbody = document.querySelector("#ballot-table tbody");
    if (!tbody) return;
    var tr = document.createElement("tr");
    if (!data.valid) tr.className = "table-danger";
    tr.dataset.entry = data.id;
    function cell(text, mark) {
      var td = document.createElement("td");
      td.textContent = text;
      if (mark) td.dataset.mark = mark;
      tr.appendChild(td);
    }
    cell(String(data.number));
    data.marks.forEach(function (m) { cell(labels[m], m); });
    cell(data.write_ins.join("、"));
    cell(data.valid ? labels.valid : labels.invalid);
    var last = document.createElement("td");
    last.className = "text-end";
    var correct = document.createElement("button");
    correct.type = "button";
    correct.className = "btn btn-sm btn-link js-correct";
    correct.textContent = labels.correct;
    correct.dataset.writeIns = data.write_ins.join(" ");
    last.appendChild(correct);
    tr.appendChild(last);
    tbody.insertBefore(tr, tbody.firstChild);
  }

  // A wrong entry is corrected by keying it again over the stored one.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".js-correct");
    if (!button) return;
    var row = button.closest("tr");
    var code = { yes: "Y", no: "N", abstain: "A" };
    keys.value = Array.prototype.map.call(row.querySelectorAll("td[data-mark]"), function (td) {
      return code[td.dataset.mark];
    }).join("");
    if (writeIns) writeIns.value = button.dataset.writeIns || "";
    entry.value = row.dataset.entry;
    render();
    keys.focus();
    keys.select();
  });

  // A reload restores form fields: a correction already saved must not be sent again.
  entry.value = entry.defaultValue;
  keys.value = keys.defaultValue;
  if (writeIns) writeIns.value = writeIns.defaultValue;
  render();
})();
