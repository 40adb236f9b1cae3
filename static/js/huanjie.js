// Buttons and links with data-confirm ask before they act (the text comes escaped from the template,
// so translations with quotes or apostrophes cannot break the script).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// A select with data-autosubmit sends its form when changed (the language switch).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});

// Bars take their size from data-width / data-left (percent): the Content-Security-Policy allows
// no style="" attribute, but a script of the app's own may set element.style.
function hjSizeBars(root) {
  root.querySelectorAll("[data-width], [data-left]").forEach(function (el) {
    var width = parseFloat(el.dataset.width), left = parseFloat(el.dataset.left);
    if (!isNaN(width)) el.style.width = width + "%";
    if (!isNaN(left)) el.style.left = left + "%";
  });
}
hjSizeBars(document);

// "核实无以上情形" on a vetting form ticks every item of its negative list at once (the server
// does the same when the form is sent, so this only shows what will be saved).
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches("input[name$='-all_clear']") || !box.checked) return;
  box.form.querySelectorAll("input[name$='-negative_list_checked']").forEach(function (item) {
    item.checked = true;
  });
});

// Organisation pickers (branches/pickers.py): a province has 100,000 organisations, so the select
// holds only the chosen one and Tom Select asks the server for the 20 that match what is typed.
document.querySelectorAll("select[data-picker-url]").forEach(function (select) {
  if (typeof TomSelect === "undefined") return;
  var url = select.getAttribute("data-picker-url");
  new TomSelect(select, {
    valueField: "value",
    labelField: "text",
    // The server matches a name holding the text or a code starting with it; the label holds
    // both, so the options already loaded are narrowed the same way while the server answers.
    searchField: ["text"],
    maxOptions: 20,
    loadThrottle: 250,
    preload: "focus",
    placeholder: select.getAttribute("data-picker-placeholder") || "",
    plugins: select.multiple ? ["remove_button"] : [],
    load: function (query, callback) {
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: {"Accept": "application/json"}
      })
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { callback(data.results); })
        .catch(function () { callback(); });
    },
    render: {
      no_results: function (data, escape) {
        return '<div class="no-results">' + escape(select.getAttribute("data-picker-empty") || "") + "</div>";
      }
    }
  });
});
