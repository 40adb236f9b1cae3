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
        return;
      }
      var now = data.present;
      form.querySelector("input[name=present]").value = now ? "0" : "1";
      button.textContent = button.getAttribute(now ? "data-on" : "data-off");
      button.classList.toggle("btn-success", now);
      button.classList.toggle("btn-outline-secondary", !now);
      button.setAttribute("aria-pressed", now ? "true" : "false");
      showFigures(data.figures);
    }).catch(function () {
      button.disabled = false;
      form.submit();
    });
  }

  var issuedInput = document.getElementById("id_issued");
  if (issuedInput) {
    issuedInput.addEventListener("input", function () { issuedInput.dataset.edited = "1"; });
  }

  if (roll) {
    roll.addEventListener("submit", function (event) {
      var form = event.target.closest(".js-attendance");
      if (!form) return;
      event.preventDefault();
      submitAttendance(form);
    });
  }

  function visibleRows() {
    return Array.prototype.filter.call(roll.querySelectorAll("li[data-name]"), function (li) {
      return !li.hidden;
    });
  }

  if (search && roll) {
    search.addEventListener("input", function () {
      var q = search.value.trim();
      roll.querySelectorAll("li[data-name]").forEach(function (li) {
        li.hidden = q !== "" && li.getAttribute("data-name").indexOf(q) === -1;
      });
    });
    // Enter ticks the only (or first) match present, then clears the box for the next name.
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var rows = visibleRows();
      if (!rows.length || search.value.trim() === "") return;
      var form = rows[0].querySelector(".js-attendance");
      if (form && form.querySelector("input[name=present]").value === "1") {
        submitAttendance(form).then(function () {
          search.value = "";
          search.dispatchEvent(new Event("input"));
          search.focus();
        });
      }
    });
  }
})();
