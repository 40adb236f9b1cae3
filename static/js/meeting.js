// The meeting-day page: tick attendance without reloading, and keep E, P and the quorum live.
(function () {
  "use strict";
  var roll = document.getElementById("roll");
  var search = document.getElementById("roll-search");

  function showFigures(f) {
    document.getElementById("fig-expected").textContent = f.expected;
    document.getElementById("fig-present").textContent = f.present;
    document.getElementById("fig-attending").textContent = f.attending;
    var quorum = document.getElementById("fig-quorum");
    var span = document.createElement("span");
    span.className = f.quorum ? "text-success" : "text-danger";
    span.textContent = quorum.getAttribute(f.quorum ? "data-yes" : "data-no");
    quorum.replaceChildren(span);
    var card = document.getElementById("figures");
    card.classList.toggle("border-success", f.quorum);
    card.classList.toggle("border-danger", !f.quorum);
    // The round form waits for the quorum; the server checks it again when ballots are issued.
    var open = document.getElementById("open-round");
    if (open) open.disabled = !f.quorum;
    var problem = document.getElementById("quorum-problem");
    if (problem) problem.hidden = f.quorum;
    var issued = document.getElementById("id_issued");
    if (issued && !issued.dataset.edited) issued.value = f.present;
    var least = document.getElementById("fig-min");
    if (least) {
      least.textContent = least.getAttribute("data-template").replace("%(n)s", f.min_present);
    }
  }

  function submitAttendance(form) {
    var button = form.querySelector("button");
    button.disabled = true;
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      button.disabled = false;
      if (!data.ok) {
        window.alert(data.errors.join("\n"));
        return data;
      }
      var now = data.present;
      form.querySelector("input[name=present]").value = now ? "0" : "1";
      button.textContent = button.getAttribute(now ? "data-on" : "data-off");
      button.classList.toggle("btn-success", now);
      button.classList.toggle("btn-outline-secondary", !now);
      button.setAttribute("aria-pressed", now ? "true" : "false");
      showFigures(data.figures);
      return data;
    }).catch(function () {
      button.disabled = false;
      form.submit();
    });
  }

  var issuedInput = document.getElementById("id_issued");
  if (issuedInput) {
    issuedInput.addEventListener("input", function () { issuedInput.dataset.edited = "1"; });
  }

  // One attendance save at a time, in the order clicked: a click while a save is in flight
  // waits for it, so the figures shown are always those after the last click (answers that
  // overtook each other used to leave P one short on screen).
  var saving = Promise.resolve();

  function queueAttendance(form) {
    form.querySelector("button").disabled = true;
    saving = saving.then(function () {
      return submitAttendance(form);
    });
    return saving;
  }

  if (roll) {
    roll.addEventListener("submit", function (event) {
      var form = event.target.closest(".js-attendance");
      if (!form) return;
      event.preventDefault();
      queueAttendance(form);
    });
  }

  function plain(text) {
    return text.replace(/\s+/g, "").normalize("NFC");
  }

  function say(template, values, undo) {
    var status = document.getElementById("roll-status");
    var text = template;
    Object.keys(values).forEach(function (key) {
      text = text.replace("%(" + key + ")s", values[key]);
    });
    status.replaceChildren(document.createTextNode(text));
    if (undo) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-link py-0 js-undo";
      button.textContent = status.dataset.undo;
      button.addEventListener("click", undo);
      status.appendChild(button);
    }
  }

  // Who the typed text names: the rows whose name is exactly it, else the rows containing it.
  function matches(q) {
    var rows = Array.prototype.slice.call(roll.querySelectorAll("li[data-name]"));
    var exact = rows.filter(function (li) { return plain(li.dataset.name) === q; });
    if (exact.length) return exact;
    return rows.filter(function (li) { return plain(li.dataset.name).indexOf(q) !== -1; });
  }

  if (search && roll) {
    var status = document.getElementById("roll-status");
    search.addEventListener("input", function () {
      var q = plain(search.value);
      var shown = 0;
      roll.querySelectorAll("li[data-name]").forEach(function (li) {
        li.hidden = q !== "" && plain(li.dataset.name).indexOf(q) === -1;
        if (!li.hidden) shown += 1;
      });
      if (q === "") status.replaceChildren();
      else if (!shown) say(status.dataset.none, { q: search.value.trim() });
      else say(status.dataset.found, { n: shown });
    });
    // Enter signs in only the one person the text names; several or none are said, not guessed.
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      var q = plain(search.value);
      if (q === "") return;
      var rows = matches(q);
      if (!rows.length) {
        say(status.dataset.none, { q: search.value.trim() });
        return;
      }
      if (rows.length > 1) {
        say(status.dataset.several, {
          n: rows.length,
          names: rows.map(function (li) { return li.dataset.name; }).join("、"),
        });
        return;
      }
      var li = rows[0];
      var name = li.dataset.name;
      var form = li.querySelector(".js-attendance");
      if (!form) return;
      if (form.querySelector("input[name=present]").value !== "1") {
        say(status.dataset.already, { name: name });
        return;
      }
      queueAttendance(form).then(function (data) {
        if (!data || !data.ok) return;
        search.value = "";
        search.dispatchEvent(new Event("input"));
        say(status.dataset.signed, { name: name }, function () {
          queueAttendance(form).then(function (undone) {
            if (undone && undone.ok) say(status.dataset.undone, { name: name });
            search.focus();
          });
        });
        search.focus();
      });
    });
  }
})();
