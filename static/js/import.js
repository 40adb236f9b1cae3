// The member import's pages: the upload's progress (import_upload.html), then the import's own
// progress, polled until the job has finished (import_detail.html); an export's progress the same
// way (export_detail.html).
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      var bar = document.getElementById("upload-progress");
      if (!window.FormData || !form.querySelector("input[type=file]").files.length) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      bar.classList.remove("d-none");
      form.querySelector("button[type=submit]").disabled = true;
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) bar.firstElementChild.style.width = Math.round(100 * e.loaded / e.total) + "%";
      };
      xhr.onload = function () {
        if (xhr.responseURL && xhr.responseURL !== window.location.href) { window.location = xhr.responseURL; return; }
        document.open(); document.write(xhr.responseText); document.close();
      };
      xhr.onerror = function () { form.submit(); };
      xhr.open("POST", form.action || window.location.href);
      xhr.send(new FormData(form));
    });
  }

  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") return;
  var bar = box.querySelector(".progress-bar"), count = document.getElementById("job-count");
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      bar.style.width = s.percent + "%";
      if (count) count.textContent = s.processed + " / " + s.total;
      if (s.finished) { window.location.reload(); } else { setTimeout(poll, 700); }
    }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 400);
})();
