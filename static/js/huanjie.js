// Buttons and links with data-confirm ask before they act (the text comes escaped from the template,
// so translations with quotes or apostrophes cannot break the script).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
