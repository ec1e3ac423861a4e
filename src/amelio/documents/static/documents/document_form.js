// The document's form: the fields of an external document (issuer, edition, where it is kept)
// are shown for the type "external document" only.
(function () {
  "use strict";
  var EXTERNAL = ["id_issuer", "id_external_edition", "id_kept_at"];

  function apply() {
    var kind = document.getElementById("id_kind");
    if (!kind) return;
    var external = kind.value === "external";
    EXTERNAL.forEach(function (id) {
      var input = document.getElementById(id);
      var box = input && input.closest(".col-md-6, .col-12");
      if (box) box.hidden = !external;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "id_kind") apply();
  });
  document.addEventListener("htmx:afterSwap", apply);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", apply);
  } else {
    apply();
  }
})();
