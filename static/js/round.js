// Keying ballots: one key per candidate (Y or 1 yes, N or 2 no, A or 3 abstain), write-ins
// after a "no", Enter for the next paper. A paper leaves the boxes the moment Enter takes it and
// waits in a queue that is saved one paper at a time, in order: what is typed while a save is in
// flight goes into the empty boxes and is never wiped. A paper that cannot be saved stays in the
// queue, shown with the reason, until it is retried, taken back to fix or discarded.
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
  var keyedCount = document.getElementById("keyed-count");
  var queueCount = document.getElementById("queue-count");
  var pendingList = document.getElementById("pending-papers");
  var slots = document.querySelectorAll("#key-preview td[data-slot]");
  var seats = parseInt(panel.dataset.seats, 10);
  var returned = parseInt(panel.dataset.returned, 10);
  var allowWriteIns = panel.dataset.writeIns === "1";
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var MARKS = { y: "yes", n: "no", a: "abstain", 1: "yes", 2: "no", 3: "abstain", 0: "abstain", "-": "abstain" };
  var CODE = { yes: "Y", no: "N", abstain: "A" };

  function plain(name) {
    return name.replace(/\s+/g, "").normalize("NFC");
  }
  var candidates = new Set(Array.prototype.map.call(slots, function (td) { return plain(td.dataset.name); }));
  var eligible = new Set(Array.prototype.map.call(
    document.querySelectorAll("#eligible-names option"), function (o) { return plain(o.value); }));

  function names(text) {
    return text.split(/[\s、，,;；]+/).filter(function (s) { return s !== ""; }).map(plain);
  }

  function marksOf(typed) {
    var marks = [];
    for (var i = 0; i < typed.length; i++) marks.push(MARKS[typed[i].toLowerCase()] || null);
    return marks;
  }

  // The same reading as the count (R8): one write-in per "no", in paper order; a listed
  // candidate, a repeat or somebody who may not be elected is a void mark; the paper stands.
  function readWriteIns(written, no) {
    var counted = [];
    var void_ = [];
    written.forEach(function (name, i) {
      var why = null;
      if (i >= no) why = labels.voidBeyond;
      else if (candidates.has(name)) why = labels.voidCandidate;
      else if (counted.indexOf(name) !== -1) why = labels.voidRepeat;
      else if (!eligible.has(name)) why = labels.voidIneligible;
      if (why) void_.push(name + "（" + why + "）");
      else counted.push(name);
    });
    return { counted: counted, void: void_ };
  }

  function state() {
    var marks = marksOf(keys.value);
    var yes = marks.filter(function (m) { return m === "yes"; }).length;
    var no = marks.filter(function (m) { return m === "no"; }).length;
    var written = writeIns ? names(writeIns.value) : [];
    return {
      marks: marks, yes: yes, no: no, written: written,
      complete: marks.length === slots.length && marks.indexOf(null) === -1,
    };
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
    } else if (s.yes + s.written.length > seats) {
      text = labels.tooMany;
      bad = true;
    } else {
      text = labels.valid;
      var read = readWriteIns(s.written, s.no);
      if (read.void.length) text += "；" + labels.voidMarks + read.void.join("、");
    }
    verdict.textContent = text;
    verdict.className = bad ? "table-danger fw-bold" : "";
  }

  function cleanKeys() {
    var typed = keys.value.normalize("NFKC").replace(/[^ynaYNA0123-]/g, "").toUpperCase();
    keys.value = typed.slice(0, slots.length);
    render();
  }

  keys.addEventListener("input", function (event) {
    if (!event.isComposing) cleanKeys();
  });
  keys.addEventListener("compositionend", cleanKeys);
  if (writeIns) writeIns.addEventListener("input", render);

  function show(text, kind) {
    message.className = "mt-2 alert py-1 alert-" + kind;
    message.textContent = text;
  }

  function take() {
    var s = state();
    if (!s.complete) {
      show(keys.value === "" ? labels.needKeys : labels.short.replace("%(n)s", slots.length - s.marks.length),
           "warning");
      keys.focus();
      return;
    }
    queue.push({ keys: keys.value, writeIns: writeIns ? writeIns.value : "", entry: entry.value, error: "" });
    keys.value = "";
    if (writeIns) writeIns.value = "";
    entry.value = "";
    render();
    keys.focus();
    drawQueue();
    pump();
  }

  keys.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    var s = state();
    if (s.complete && allowWriteIns && s.no > 0 && writeIns) {
      show(labels.needWriteIn, "secondary");
      writeIns.focus();
      return;
    }
    take();
  });

  if (writeIns) {
    writeIns.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      take();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    take();
  });

  var queue = [];
  var sending = false;
  var stopped = false;

  function busyTyping() {
    return keys.value !== "" || (writeIns && writeIns.value.trim() !== "");
  }

  function drawQueue() {
    queueCount.textContent = queue.length ? labels.pending.replace("%(n)s", queue.length) : "";
    pendingList.replaceChildren();
    queue.forEach(function (paper, i) {
      var li = document.createElement("li");
      li.className = paper.error ? "text-danger" : "text-muted";
      li.textContent = paper.keys + (paper.writeIns ? " · " + paper.writeIns : "") +
        (paper.error ? " — " + labels.notSaved + paper.error : " — " + labels.waiting);
      if (paper.error && i === 0) {
        [["retry", retry], ["takeBack", takeBack], ["discard", discard]].forEach(function (b) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "btn btn-sm btn-link js-" + b[0];
          button.textContent = labels[b[0]];
          button.addEventListener("click", b[1]);
          li.appendChild(button);
        });
      }
      pendingList.appendChild(li);
    });
  }

  function retry() {
    queue[0].error = "";
    stopped = false;
    drawQueue();
    pump();
  }

  function takeBack() {
    if (busyTyping()) {
      show(labels.fieldsBusy, "warning");
      return;
    }
    var paper = queue.shift();
    keys.value = paper.keys;
    if (writeIns) writeIns.value = paper.writeIns;
    entry.value = paper.entry;
    stopped = false;
    render();
    drawQueue();
    keys.focus();
    pump();
  }

  function discard() {
    if (!window.confirm(labels.discardConfirm)) return;
    queue.shift();
    stopped = false;
    drawQueue();
    pump();
  }

  function pump() {
    if (sending || stopped || !queue.length) return;
    sending = true;
    var paper = queue[0];
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("keys", paper.keys);
    body.append("write_ins", paper.writeIns);
    body.append("entry", paper.entry);
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      sending = false;
      if (!data.ok) {
        fail(data.errors.join(" "));
        return;
      }
      queue.shift();
      keyedCount.textContent = data.keyed;
      putRow(data);
      show(labels.saved.replace("%(n)s", data.number) + "：" + (data.valid ? labels.valid : labels.invalid),
           data.valid ? "success" : "danger");
      drawQueue();
      if (!queue.length && !busyTyping() && data.keyed >= returned) {
        window.location.reload();
        return;
      }
      pump();
    }).catch(function () {
      sending = false;
      fail(labels.network);
    });
  }

  function fail(reason) {
    stopped = true;
    queue[0].error = reason;
    show(labels.notSaved + reason, "danger");
    drawQueue();
  }

  function putRow(data) {
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
      return td;
    }
    cell(String(data.number));
    data.marks.forEach(function (m) { cell(labels[m], m); });
    var written = cell("");
    data.write_ins.forEach(function (name, i) {
      if (i) written.appendChild(document.createTextNode("、"));
      if (!data.write_ins_void[i]) {
        written.appendChild(document.createTextNode(name));
      } else {
        var span = document.createElement("span");
        span.className = "text-danger";
        span.textContent = labels.voidName.replace("%(name)s", name);
        written.appendChild(span);
      }
    });
    cell(data.valid ? labels.valid : labels.invalid);
    var last = cell("");
    last.className = "text-end";
    var correct = document.createElement("button");
    correct.type = "button";
    correct.className = "btn btn-sm btn-link js-correct";
    correct.textContent = labels.correct;
    correct.dataset.writeIns = data.write_ins.join(" ");
    last.appendChild(correct);
    var remove = document.createElement("form");
    remove.className = "d-inline";
    remove.method = "post";
    remove.action = panel.dataset.deleteUrl.replace(/\/0\/delete\/$/, "/" + data.id + "/delete/");
    var csrf = document.createElement("input");
    csrf.type = "hidden";
    csrf.name = "csrfmiddlewaretoken";
    csrf.value = token;
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "btn btn-sm btn-link text-danger";
    button.textContent = labels.delete;
    button.setAttribute("data-confirm", labels.deleteConfirm);
    remove.append(csrf, button);
    last.appendChild(remove);
    var old = tbody.querySelector('tr[data-entry="' + data.id + '"]');
    if (old) tbody.replaceChild(tr, old);
    else tbody.insertBefore(tr, tbody.firstChild);
  }

  // A wrong entry is corrected by keying it again over the stored one.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".js-correct");
    if (!button) return;
    if (busyTyping()) {
      show(labels.fieldsBusy, "warning");
      return;
    }
    var row = button.closest("tr");
    keys.value = Array.prototype.map.call(row.querySelectorAll("td[data-mark]"), function (td) {
      return CODE[td.dataset.mark];
    }).join("");
    if (writeIns) writeIns.value = button.dataset.writeIns || "";
    entry.value = row.dataset.entry;
    render();
    keys.focus();
    keys.select();
  });

  // Nothing typed or queued is lost to a page change: other forms wait, leaving asks first.
  document.addEventListener("submit", function (event) {
    if (event.target === form || !queue.length) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    show(labels.waitQueue.replace("%(n)s", queue.length), "warning");
  }, true);
  window.addEventListener("beforeunload", function (event) {
    if (!queue.length && !busyTyping()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // A reload restores form fields: a correction already saved must not be sent again.
  entry.value = entry.defaultValue;
  keys.value = keys.defaultValue;
  if (writeIns) writeIns.value = writeIns.defaultValue;
  render();
  drawQueue();
})();
